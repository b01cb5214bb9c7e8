/**
 * `dlens info` says whether the findings can be trusted (issue 14 point 2): current or stale
 * against the evidence and settings now in the case, when and by which analysis version they were
 * computed, and which rules failed. The state is the one the store records against the evidence
 * set (store/analysis-state.ts).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { Engine } from '../../electron/engine/engine.js';
import { ANALYSIS_VERSION } from '../../electron/engine/pipelines/analysis/run-analysis.js';
import { cliPath, fixture, tempDir } from '../helpers.js';

function dlens(...args: string[]) {
  const r = spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface InfoJson {
  analysis: { current: boolean; analysedAt: string | null; version: string | null; failures: unknown[] };
}

test('info shows current findings with their time and analysis version, in text and JSON', () => {
  const casePath = path.join(tempDir(), 'case.db');
  assert.equal(dlens('import', casePath, fixture('purview-new-fullaccess.csv')).code, 0);
  const text = dlens('info', casePath);
  assert.equal(text.code, 0, text.stderr);
  const analysed = /^findings: current \(analysed (\S+) by analysis (\S+)\)$/m.exec(text.stdout);
  assert.ok(analysed, text.stdout);
  assert.ok(!Number.isNaN(Date.parse(analysed[1]!)));
  assert.equal(analysed[2], ANALYSIS_VERSION);
  assert.doesNotMatch(text.stdout, /failed rules/);

  const json = JSON.parse(dlens('info', casePath, '--json').stdout) as InfoJson;
  assert.deepEqual(json.analysis, {
    current: true,
    analysedAt: analysed[1],
    version: ANALYSIS_VERSION,
    currentVersion: ANALYSIS_VERSION,
    failures: [],
  });
});

test('info lists the rules that failed (their error made inert), from the state recorded with the findings', () => {
  const casePath = path.join(tempDir(), 'case.db');
  assert.equal(dlens('import', casePath, fixture('purview-new-fullaccess.csv')).code, 0);
  // A rule failure as runAnalysis records it; its message may quote evidence.
  const failures = [{ rule: 'inbox-rule-hiding', error: 'malformed JSON in "\u001b]52;c;eA==\u0007"' }];
  const db = new Database(casePath);
  db.prepare('UPDATE analysis_state SET failures = ?').run(JSON.stringify(failures));
  db.close();

  const text = dlens('info', casePath);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^findings: current /m);
  assert.match(text.stdout, /^failed rules: 1 \(their findings are missing; the other rules ran\)$/m);
  assert.match(text.stdout, /^ {2}inbox-rule-hiding: malformed JSON in "<U\+001B>\]52;c;eA==<U\+0007>"$/m);
  assert.deepEqual((JSON.parse(dlens('info', casePath, '--json').stdout) as InfoJson).analysis.failures, failures);
});

test('case.info reports stale findings when the evidence set changed after the analysis, and when never analysed', async () => {
  const casePath = path.join(tempDir(), 'case.db');
  const engine = Engine.open({ casePath });
  try {
    await engine.call('import.files', { files: [{ path: fixture('purview-new-fullaccess.csv') }] });
    const before = (await engine.call('case.info', {})).analysis;
    assert.equal(before.current, true);

    // A settings change committed without its analysis (the crash window this state exists for).
    const db = new Database(casePath);
    db.prepare(
      "INSERT INTO setting (key, value) VALUES ('timeZone', '\"Europe/Berlin\"') " +
        'ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    ).run();
    const stale = (await engine.call('case.info', {})).analysis;
    assert.equal(stale.current, false);
    assert.equal(stale.analysedAt, before.analysedAt, 'the stale findings keep the time they were computed');

    // No recorded analysis at all: stale, never analysed.
    db.prepare('DELETE FROM analysis_state').run();
    db.close();
    const never = (await engine.call('case.info', {})).analysis;
    assert.deepEqual([never.current, never.analysedAt, never.version], [false, null, null]);
  } finally {
    await engine.close();
  }
  // Opening the case again analyses it: info is current once more.
  const reopened = JSON.parse(dlens('info', casePath, '--json').stdout) as InfoJson;
  assert.equal(reopened.analysis.current, true);
  assert.equal(reopened.analysis.version, ANALYSIS_VERSION);
});

test('the text line for stale findings says so, with when and by what they were computed', async () => {
  const { analysisLines } = await import('../../electron/cli/commands/info.js');
  const lines = analysisLines({
    current: false,
    analysedAt: '2024-03-05T10:00:00.000Z',
    version: 'old.1',
    currentVersion: ANALYSIS_VERSION,
    failures: [],
  });
  assert.match(lines[0]!, /^findings: STALE: not those of the evidence and settings now in the case/);
  assert.match(lines[0]!, /analysed 2024-03-05T10:00:00\.000Z by analysis old\.1; this is analysis /);
  assert.match(
    analysisLines({ current: false, analysedAt: null, version: null, currentVersion: 'x', failures: [] })[0]!,
    /never analysed/,
  );
});
