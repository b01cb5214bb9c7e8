/** Round trip: every audit CSV layout the importer knows imports with zero rejected rows. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { ImportOutcome } from '../../shared/domain.js';
import { Engine } from '../../electron/engine/engine.js';
import { generateEvidence } from '../../electron/engine/generate/generate.js';

const IMPORTABLE = ['purview-csv-8', 'purview-csv-4', 'sual-csv-rps', 'sual-csv-exo-v2', 'sual-csv-exo-v3'];

test('generated audit CSVs (Purview 4/8 columns, Search-UnifiedAuditLog RPS/EXO v2/EXO v3) import with no rejected rows', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dlens-gen-import-'));
  try {
    const result = await generateEvidence(path.join(dir, 'evidence'), {
      scenario: 'attack',
      seed: 3,
      users: 40,
      days: 5,
    });
    const files = result.files.filter((f) => IMPORTABLE.includes(f.format));
    assert.deepEqual(files.map((f) => f.format).sort(), [...IMPORTABLE].sort());
    for (const f of files) {
      const engine = Engine.open({ casePath: path.join(dir, `case-${f.format}.db`) });
      try {
        const absolute = path.join(dir, 'evidence', ...f.path.split('/'));
        const outcomes = await engine.call('import.files', { files: [{ path: absolute }] });
        const outcome = outcomes[0]!;
        assert.ok(outcome.ok, `${f.path}: ${outcome.ok ? '' : outcome.error}`);
        if (!outcome.ok) continue;
        assert.equal(outcome.result.rejected, 0, `${f.path} has rejected rows`);
        assert.equal(outcome.result.accepted + outcome.result.duplicates, f.records, `${f.path} record count`);
        assert.ok(f.records > 100, `${f.path}: 40 users over 5 days give hundreds of records, not ${f.records}`);
      } finally {
        await engine.close();
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * What each generated export must be recognised as. Every format the generator writes is here: a
 * file coming back "unsupported", or recognised as another format, fails the test.
 */
const RECOGNISED_AS: Record<string, string> = {
  'dfir-o365rc-auditdata-jsonl': 'ual-auditdata-json',
  'extractor-suite-ual-json': 'ual-wrapper-json',
  'extractor-suite-ual-jsonl': 'ual-wrapper-json',
  'purview-csv-4': 'purview-csv-4',
  'purview-csv-8': 'purview-csv-8',
  'sual-csv-exo-v2': 'sual-csv-exo-v2',
  'sual-csv-exo-v3': 'sual-csv-exo-v3',
  'sual-csv-rps': 'sual-csv-rps',
  'sentinel-officeactivity-csv': 'sentinel-officeactivity-csv',
  'messagetrace-csv': 'message-trace-csv',
  'messagetrace-csv-rps': 'message-trace-csv',
  'messagetrace-enhanced-summary': 'eac-trace-enhanced-summary-csv',
  'messagetrace-v2-csv': 'message-trace-v2-csv',
  'message-tracking-log-csv': 'message-tracking-log-csv',
  'msgtrk-log': 'msgtrk-log',
  'crt-anyassignedperms-csv': 'crt-mailbox-permission-csv',
  'crt-fullaccessperms-csv': 'crt-mailbox-permission-csv',
  'crt-sendasdelegates-csv': 'crt-recipient-permission-csv',
  'get-casmailbox-csv': 'cas-mailbox-csv',
  'get-exocasmailbox-activesync-csv': 'cas-mailbox-csv',
  'extractor-suite-transportrules-csv': 'extractor-transport-rules-csv',
  'get-mailbox-csv': 'get-mailbox-csv',
  'get-mailboxfolderpermission-csv': 'folder-permission-csv',
  'get-mailboxpermission-csv': 'mailbox-permission-csv',
  'hawk-forwarding-csv': 'hawk-forwarding-report-csv',
  'mandiant-folder-permissions-csv': 'mandiant-folder-permission-csv',
  'extractor-suite-mailboxpermissions-csv': 'extractor-mailbox-permissions-csv',
};

const AUDIT_FORMATS = Object.fromEntries(
  Object.entries(RECOGNISED_AS).filter(([, to]) => /^(purview|sual|ual-|sentinel)/.test(to)),
);

test('every generated export is recognised as its pinned format and imports with no rejected rows', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dlens-gen-import-all-'));
  try {
    const result = await generateEvidence(path.join(dir, 'evidence'), {
      scenario: 'demo',
      seed: 1,
      users: 25,
      days: 4,
    });
    assert.deepEqual(
      [...new Set(result.files.map((f) => f.format))].sort(),
      Object.keys(RECOGNISED_AS).sort(),
      'the generator writes exactly the formats pinned here',
    );
    const engine = Engine.open({ casePath: path.join(dir, 'case.db') });
    try {
      for (const f of result.files) {
        const [outcome] = await engine.call('import.files', {
          files: [{ path: path.join(dir, 'evidence', ...f.path.split('/')) }],
        });
        assert.ok(outcome?.ok, `${f.path}: ${outcome?.ok === false ? outcome.error : 'no outcome'}`);
        assert.equal(outcome.result.format, RECOGNISED_AS[f.format], `${f.path} recognised as`);
        assert.equal(
          outcome.result.rejected,
          0,
          `${f.path} (${f.format}) has rejected rows: ${JSON.stringify(outcome.result.rejections.slice(0, 3))}`,
        );
        assert.ok(outcome.result.accepted + outcome.result.duplicates > 0, `${f.path}: no rows`);
        // Audit records import one to one (a dump row may give several entries, a trace row one per recipient).
        if (f.format in AUDIT_FORMATS)
          assert.equal(
            outcome.result.accepted + outcome.result.duplicates,
            f.records,
            `${f.path}: every generated audit record is accepted or a duplicate`,
          );
      }
    } finally {
      await engine.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("Get-MessageTrackingLog CSV (local German time) round-trips to the MSGTRK logs' UTC times once its offset is inferred", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dlens-gen-tracking-'));
  try {
    const result = await generateEvidence(path.join(dir, 'evidence'), {
      scenario: 'attack',
      seed: 4,
      users: 40,
      days: 3,
    });
    const csv = result.files.find((f) => f.format === 'message-tracking-log-csv');
    const logs = result.files.filter((f) => f.format === 'msgtrk-log');
    assert.ok(csv && logs.length > 0);
    const events = async (files: typeof logs, name: string) => {
      const casePath = path.join(dir, `${name}.db`);
      const engine = Engine.open({ casePath });
      let outcomes: ImportOutcome[];
      try {
        outcomes = await engine.call('import.files', {
          files: files.map((f) => ({ path: path.join(dir, 'evidence', ...f.path.split('/')) })),
        });
        for (const o of outcomes) assert.ok(o.ok && o.result.rejected === 0, JSON.stringify(o).slice(0, 300));
      } finally {
        await engine.close();
      }
      const db = new Database(casePath, { readonly: true });
      try {
        return {
          outcomes,
          rows: db
            .prepare(
              `SELECT trace_id || '|' || coalesce(recipient, '') || '|' || status || '|' || substr(time, 1, 19) AS k
               FROM message ORDER BY k`,
            )
            .all()
            .map((r) => (r as { k: string }).k),
        };
      } finally {
        db.close();
      }
    };
    const fromCsv = await events([csv], 'csv');
    const fromLogs = await events(logs, 'logs');
    assert.ok(fromCsv.rows.length > 100);
    assert.deepEqual(fromCsv.rows, fromLogs.rows, 'every event at the same UTC second');
    const notes = fromCsv.outcomes[0]!.ok ? fromCsv.outcomes[0]!.result.notes : [];
    // The generated window starts on 2024-03-01, before summer time: the hub's Europe/Berlin time is UTC+01:00.
    assert.ok(
      notes.some((n) => /offset UTC\+01:00 inferred from \d+ rows/.test(n)),
      notes.join(' | '),
    );
    assert.ok(
      notes.some((n) => /Timestamp dates use dots/.test(n) || /day\.month\.year|day\/month\/year/.test(n)),
      notes.join(' | '),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
