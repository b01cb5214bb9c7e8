/**
 * Issue 14.1: one record nested deeper than SQLite's JSON limit must not poison the case. It is
 * rejected at import (row and reason, full text kept) in every JSON-bearing container; a case that
 * already holds one still analyses; an analysis that cannot run is recorded and reported, and
 * `dlens findings` never exits 0 on stale or incomplete findings.
 */
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import path from 'node:path';
import { test } from 'node:test';
import { Engine } from '../../electron/engine/engine.js';
import { rules } from '../../electron/engine/rules/index.js';
import type { Rule } from '../../electron/engine/rules/rule.js';
import {
  auditRecord,
  deepAuditData,
  dlens,
  importFiles,
  jsonArray,
  jsonLines,
  nested,
  okResult,
  purviewCsv,
  writeFiles,
} from '../evidence-builders.js';

const grant = (i: number) => JSON.stringify(auditRecord(i, {}, true));
// Row 2 is one level past SQLite's limit; row 3 sits exactly on it and must stay queryable.
const records = [grant(1), deepAuditData(2, 1001), deepAuditData(3, 1000), grant(4)];

const containers: Record<string, string> = {
  'purview.csv': purviewCsv(records),
  'records.jsonl': jsonLines(records),
  'records.json': jsonArray(records),
};

for (const [name, content] of Object.entries(containers)) {
  test(`${name}: a record nested 1,001 levels deep is rejected with its row and reason; the rest imports and is analysed`, async () => {
    const dir = writeFiles({ [name]: content });
    const { casePath, outcomes } = await importFiles([path.join(dir, name)]);
    const r = okResult(outcomes[0]);
    assert.deepEqual([r.accepted, r.rejected, r.duplicates], [3, 1, 0]);
    assert.equal(r.rejections[0]!.row, 2);
    assert.match(r.rejections[0]!.reason, /nested 1,001 levels deep; records deeper than 1,000 levels are not stored/);

    const db = new Database(casePath, { readonly: true });
    try {
      const rejected = db.prepare('SELECT raw FROM evidence_rejection').get() as { raw: string };
      assert.ok(rejected.raw.includes(nested(1000)), 'the rejected record keeps its whole source text');
      // The record at exactly 1,000 levels is stored and SQLite's JSON functions read it.
      const atLimit = db
        .prepare("SELECT json_valid(raw) AS ok FROM audit_event WHERE record_id LIKE '10000003%'")
        .get() as { ok: number };
      assert.equal(atLimit.ok, 1);
    } finally {
      db.close();
    }
    const engine = Engine.open({ casePath });
    try {
      const info = await engine.call('case.info', {});
      assert.equal(info.analysis.current, true);
      assert.deepEqual(info.analysis.failures, []);
      const findings = await engine.call('findings.list', { evidenceLimit: 0 });
      assert.equal(findings.filter((f) => f.rule === 'mailbox-delegation-granted').length, 2);
    } finally {
      await engine.close();
    }
  });
}

test('records nested 200,000 levels deep (past what recursion survives) are rejected, not crashing the import', async () => {
  const deep = nested(200_000);
  const wrapper = JSON.stringify({ CreationDate: '2024-03-04T09:00:00', Identity: 'x', AuditData: { Operation: 'x' } });
  const dir = writeFiles({
    'wrapper.json': jsonArray([wrapper.replace('{"Operation":"x"}', `{"Operation":"x","Deep":${deep}}`), grant(5)]),
    'graph-page.json': JSON.stringify({
      '@odata.context': 'https://graph.microsoft.com/beta/$metadata#auditLogRecords',
      value: [{ id: 'a', auditLogRecordType: 'ExchangeAdmin', createdDateTime: '2024-03-04T09:00:00Z', auditData: {} }],
    }).replace('"auditData":{}', `"auditData":{"Deep":${deep}}`),
    'cell.csv': purviewCsv([`{"Operation":"x","Deep":${deep}}`, grant(6)]),
  });
  const { outcomes } = await importFiles(['wrapper.json', 'graph-page.json', 'cell.csv'].map((f) => path.join(dir, f)));
  for (const o of outcomes) {
    const r = okResult(o);
    assert.equal(r.rejected, 1, `${r.file}: the deep record is rejected`);
    assert.match(r.rejections[0]!.reason, /nested more than 100,000 levels deep/);
  }
});

test('the CLI names file, row and reason for a too-deep record, never a bare "malformed JSON"; findings exit 0', () => {
  const dir = writeFiles({ 'purview.csv': containers['purview.csv']! });
  const casePath = path.join(dir, 'case.db');
  const imp = dlens(['import', casePath, path.join(dir, 'purview.csv')]);
  assert.equal(imp.code, 0, imp.stderr);
  assert.match(imp.stdout, /rejected +row 2 \(line 3\): AuditData is JSON nested 1,001 levels deep/);
  const findings = dlens(['findings', casePath]);
  assert.equal(findings.code, 0, findings.stderr);
  for (const out of [imp.stdout + imp.stderr, findings.stdout + findings.stderr])
    assert.doesNotMatch(out, /malformed JSON/);
});

test('a case that already holds a record deeper than SQLite can read (imported before the check) still analyses', async () => {
  const dir = writeFiles({ 'purview.csv': purviewCsv([grant(1), grant(4)]) });
  const { casePath } = await importFiles([path.join(dir, 'purview.csv')]);
  const raw = new Database(casePath);
  raw
    .prepare("UPDATE audit_event SET raw = ? WHERE record_id LIKE '10000001%'")
    .run(`${grant(1).slice(0, -1)},"Deep":${nested(1500)}}`);
  raw.exec('DELETE FROM analysis_state'); // as after an import whose analysis never ran
  raw.close();
  const engine = Engine.open({ casePath }); // analyses the stale case
  try {
    const info = await engine.call('case.info', {});
    assert.equal(info.analysis.current, true);
    assert.deepEqual(info.analysis.failures, [], 'no rule fails on the unreadable record');
    const findings = await engine.call('findings.list', { evidenceLimit: 0 });
    assert.equal(findings.filter((f) => f.rule === 'mailbox-delegation-granted').length, 2);
  } finally {
    await engine.close();
  }
  assert.equal(dlens(['findings', casePath]).code, 0);
});

test('an analysis that cannot run is recorded and reported: findings exit 1 naming the case, info shows the failure', async () => {
  const dir = writeFiles({ 'purview.csv': purviewCsv([grant(1)]) });
  const { casePath } = await importFiles([path.join(dir, 'purview.csv')]);
  const raw = new Database(casePath);
  raw.prepare("INSERT OR REPLACE INTO setting (key, value) VALUES ('knownAdmins', '{broken')").run();
  raw.close();
  const findings = dlens(['findings', casePath]);
  assert.equal(findings.code, 1);
  assert.match(findings.stderr, new RegExp(`${casePath.replaceAll('/', '\\/')}: analysis rule analysis failed`));
  assert.match(findings.stdout, /no findings/);
  const info = JSON.parse(dlens(['info', casePath, '--json']).stdout) as {
    analysis: { current: boolean; failures: Array<{ rule: string; error: string }> };
  };
  assert.equal(info.analysis.current, true, 'the failure is recorded against this evidence');
  assert.equal(info.analysis.failures[0]!.rule, 'analysis');
  assert.match(info.analysis.failures[0]!.error, /could not be prepared for the rules/);
});

test('one rule failing does not stop the others: their findings are stored and the failure is recorded by rule', async () => {
  const dir = writeFiles({ 'purview.csv': purviewCsv([grant(1), grant(4)]) });
  const failing: Rule = {
    id: 'always-fails',
    title: 'a rule that meets a record it cannot read',
    techniques: [],
    correspondsTo: [],
    run: () => {
      throw new Error('malformed JSON');
    },
  };
  (rules as Rule[]).unshift(failing);
  try {
    const { casePath } = await importFiles([path.join(dir, 'purview.csv')]);
    const engine = Engine.open({ casePath });
    try {
      const info = await engine.call('case.info', {});
      assert.deepEqual(info.analysis.failures, [{ rule: 'always-fails', error: 'malformed JSON' }]);
      const findings = await engine.call('findings.list', { evidenceLimit: 0 });
      assert.equal(findings.filter((f) => f.rule === 'mailbox-delegation-granted').length, 2, 'the other rules ran');
    } finally {
      await engine.close();
    }
  } finally {
    (rules as Rule[]).splice((rules as Rule[]).indexOf(failing), 1);
  }
});
