/**
 * Issue 14.15: `dlens verify` re-hashes the original files against the registry, checks the rows
 * held per file against the registry's counts, runs SQLite's integrity check and the digest sealed
 * over registry and findings, lists every difference and exits 1 on any. The case records which
 * application and parser versions produced each file's rows.
 */
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { APP_VERSION } from '../../shared/version.js';
import { PARSER_VERSION } from '../../electron/engine/pipelines/import/import-file.js';
import { dlens } from '../evidence-builders.js';
import { fixture, repoRoot, tempDir } from '../helpers.js';

interface Report {
  differences: string[];
  notInCase: string[];
  digest: { computed: string; sealed: string | null };
  evidence: Array<{ file: string; appVersion: string | null; parserVersion: string; matchedBy: string | null }>;
}

function verifiedCase(): { dir: string; evidence: string; casePath: string } {
  const dir = tempDir();
  const evidence = path.join(dir, 'evidence');
  fs.mkdirSync(evidence);
  for (const f of ['purview-new-fullaccess.csv', 'purview-new-bad-rows.csv', 'trace/message-trace-rps.csv'])
    fs.copyFileSync(fixture(f), path.join(evidence, path.basename(f)));
  const casePath = path.join(dir, 'case.db');
  const r = dlens(['import', casePath, evidence]);
  assert.equal(r.code, 0, r.stderr);
  return { dir, evidence, casePath };
}

const verify = (...args: string[]) => {
  const r = dlens(['verify', ...args, '--json']);
  return { code: r.code, report: JSON.parse(r.stdout) as Report, stderr: r.stderr };
};

test('a sound case verifies: originals match, counts match, digest as sealed and shown by info; versions recorded', () => {
  const { evidence, casePath } = verifiedCase();
  const before = crypto.createHash('sha256').update(fs.readFileSync(casePath)).digest('hex');
  const { code, report } = verify(casePath, evidence);
  assert.equal(code, 0, report.differences.join('\n'));
  assert.deepEqual(report.differences, []);
  assert.equal(report.digest.computed, report.digest.sealed);
  for (const e of report.evidence) {
    assert.equal(e.appVersion, APP_VERSION);
    assert.equal(e.parserVersion, PARSER_VERSION);
    assert.ok(e.matchedBy?.startsWith(evidence), `${e.file} matched`);
  }
  const info = JSON.parse(dlens(['info', casePath, '--json']).stdout) as { digest: string };
  assert.equal(info.digest, report.digest.computed, 'info shows the same digest');
  const text = dlens(['verify', casePath, evidence]);
  assert.equal(text.code, 0);
  assert.match(text.stdout, /verified: no differences/);
  assert.match(text.stdout, new RegExp(`digest +${report.digest.computed} \\(as sealed\\)`));
  const after = crypto.createHash('sha256').update(fs.readFileSync(casePath)).digest('hex');
  assert.equal(after, before, 'verify does not change the case');
  // The version recorded with every file is the application's own.
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  assert.equal(APP_VERSION, pkg.version);
});

test('every difference is listed and verify exits 1: changed, missing and unregistered files', () => {
  const { dir, evidence, casePath } = verifiedCase();
  fs.appendFileSync(path.join(evidence, 'purview-new-bad-rows.csv'), 'tampered\r\n');
  fs.rmSync(path.join(evidence, 'message-trace-rps.csv'));
  fs.writeFileSync(path.join(evidence, 'readme.txt'), 'case notes\n');
  const { code, report } = verify(casePath, evidence);
  assert.equal(code, 1);
  const all = report.differences.join('\n');
  assert.equal(report.differences.length, 3, all);
  assert.match(all, /purview-new-bad-rows\.csv: not the bytes registered as purview-new-bad-rows\.csv/);
  assert.match(all, /^purview-new-bad-rows\.csv \(SHA-256 [0-9a-f]{64}\): no file given has the registered bytes/m);
  assert.match(all, /^message-trace-rps\.csv .*no file given has the registered bytes/m);
  assert.deepEqual(report.notInCase, [path.join(evidence, 'readme.txt')], 'other files are listed, not differences');
  const text = dlens(['verify', casePath, dir]);
  assert.equal(text.code, 1);
  assert.match(text.stderr, /^dlens: .*case\.db: \d+ difference\(s\) found$/m);
});

test('rows removed from the case and findings edited outside the app are differences', () => {
  const { casePath } = verifiedCase();
  const db = new Database(casePath);
  db.prepare('DELETE FROM audit_event WHERE id = (SELECT max(id) FROM audit_event)').run();
  db.prepare("UPDATE finding SET severity = 'info'").run();
  db.close();
  const { code, report } = verify(casePath);
  assert.equal(code, 1);
  const all = report.differences.join('\n');
  assert.match(all, /purview-new-\w+-?\w*\.csv: the registry says (\d+) rows accepted, the case holds (?!\1)\d+/);
  assert.match(all, /the evidence registry or the findings changed after the last analysis sealed them/);
});

test("SQLite's integrity check is part of verify", () => {
  const { casePath } = verifiedCase();
  // Flip bits in the last cell of an index page: the index no longer matches its table.
  const db = new Database(casePath);
  db.pragma('wal_checkpoint(TRUNCATE)');
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const { rootpage } = db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'message_time'").get() as {
    rootpage: number;
  };
  db.close();
  const fd = fs.openSync(casePath, 'r+');
  const page = Buffer.alloc(pageSize);
  fs.readSync(fd, page, 0, pageSize, (rootpage - 1) * pageSize);
  for (let i = pageSize - 6; i < pageSize - 2; i++) page[i] = page[i]! ^ 0x01;
  fs.writeSync(fd, page, 0, pageSize, (rootpage - 1) * pageSize);
  fs.closeSync(fd);
  const { code, report } = verify(casePath);
  assert.equal(code, 1);
  assert.ok(
    report.differences.some((d) => d.startsWith('SQLite integrity check: ')),
    report.differences.join('\n'),
  );
});
