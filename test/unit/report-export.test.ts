/**
 * `dlens export`: the case timeline as Timesketch JSONL, checked line by line (JSON, the fields
 * Timesketch requires, a parsable datetime, the normalized fields and finding tags), and CSV whose
 * formula cells are neutralized, from a case whose evidence text is hostile.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { cliPath, tempDir } from '../helpers.js';
import { buildHostileCase } from '../report-support.js';

const dlens = (...args: string[]) => spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8' });

test('the Timesketch export validates line by line; CSV neutralizes formulas; JSON stays inert', async () => {
  const dir = tempDir();
  const casePath = await buildHostileCase(dir);
  const jsonl = path.join(dir, 'timeline.jsonl');
  const r = dlens('export', casePath, '--timesketch', jsonl);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^\d+ events written to /);
  const text = fs.readFileSync(jsonl, 'utf8');
  assert.doesNotMatch(text, /[\u202a-\u202e\u2066-\u2069]/, 'no raw control or bidi character');
  const lines = text.split('\n').filter(Boolean);
  assert.ok(lines.length >= 4);
  assert.ok(!lines.some((l) => [...l].some((c) => c.charCodeAt(0) < 0x20)), 'no raw control character');
  let tagged = 0;
  let last = '';
  for (const [i, line] of lines.entries()) {
    const e = JSON.parse(line) as Record<string, unknown>;
    for (const k of ['message', 'datetime', 'timestamp_desc'])
      assert.ok(typeof e[k] === 'string' && e[k].length > 0, `line ${i + 1}: ${k}`);
    assert.ok(!Number.isNaN(Date.parse(e.datetime as string)), `line ${i + 1}: datetime parses`);
    assert.match(e.datetime as string, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    assert.ok((e.datetime as string) >= last, 'in time order');
    last = e.datetime as string;
    for (const k of [
      'source',
      'operation',
      'actor',
      'target',
      'client_ip',
      'file',
      'sha256',
      'row',
      'record_id',
      'tag',
      'findings',
    ])
      assert.ok(k in e, `line ${i + 1}: ${k}`);
    assert.match(e.sha256 as string, /^[0-9a-f]{64}$/);
    if ((e.findings as string[]).length > 0) {
      tagged++;
      assert.ok((e.tag as string[]).includes('dlens-finding'));
    }
  }
  assert.ok(tagged > 0, 'events behind findings are tagged');
  assert.ok(
    lines.some((l) => (JSON.parse(l) as { actor: string }).actor.toLowerCase().includes('<script>')),
    'the hostile actor is kept, escaped',
  );

  const csvFile = path.join(dir, 'timeline.csv');
  assert.equal(dlens('export', casePath, '--csv', csvFile).status, 0);
  const csv = fs.readFileSync(csvFile, 'utf8');
  assert.match(csv, /^datetime,source,operation,/);
  assert.doesNotMatch(csv, /(^|,)"?=HYPERLINK/im, 'no cell starts with a formula');
  assert.match(csv, /"'=hyperlink\(""http:\/\/evil\.example""/i, 'the formula is kept behind a quote');
  assert.match(csv, /<U\+202E>gnp\.exe/);

  const findingsJson = path.join(dir, 'findings.json');
  assert.equal(dlens('export', casePath, '--json', findingsJson, '--findings').status, 0);
  const parsed = JSON.parse(fs.readFileSync(findingsJson, 'utf8')) as Array<{ evidence: Array<{ sha256: string }> }>;
  assert.ok(parsed.length > 0 && parsed.every((f) => f.evidence.length > 0));
  const citedJson = path.join(dir, 'cited.json');
  assert.equal(dlens('export', casePath, '--json', citedJson, '--cited').status, 0);
  const citedRows = JSON.parse(fs.readFileSync(citedJson, 'utf8')) as Array<{ findings: string[] }>;
  assert.ok(citedRows.length > 0 && citedRows.length < lines.length && citedRows.every((e) => e.findings.length > 0));
  assert.equal(dlens('export', casePath).status, 2, 'a target is required');
  assert.equal(dlens('export', casePath, '--csv', csvFile, '--json', citedJson).status, 2);
});
