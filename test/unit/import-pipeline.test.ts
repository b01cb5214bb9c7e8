/**
 * The large-file import path: parsing in a worker thread (batches applied by the writer) and writing
 * under a rollback journal must store exactly what the small-file path stores, fail the same way,
 * and stay atomic when killed.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { Engine } from '../../electron/engine/engine.js';
import { EvidenceError } from '../../electron/engine/records/errors.js';
import { generateEvidence } from '../../electron/engine/generate/generate.js';
import { importFile, type ImportInput } from '../../electron/engine/pipelines/import/import-file.js';
import { openCase, sqlite } from '../../electron/engine/store/db.js';
import { cliPath, fixture, repoRoot, tempDir } from '../helpers.js';
import { purviewExport } from '../import-helpers.js';

const TABLES = [
  'evidence',
  'audit_event',
  'message',
  'permission',
  'inbox_rule',
  'evidence_rejection',
  'principal',
  'principal_alias',
];

/** Every stored row of the evidence tables, in a stable order (import time left out). */
function dump(casePath: string): Record<string, unknown[]> {
  const db = new Database(casePath, { readonly: true });
  try {
    const out: Record<string, unknown[]> = {};
    for (const table of TABLES) {
      const columns = (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>)
        .map((c) => c.name)
        .filter((c) => c !== 'imported_at');
      out[table] = db
        .prepare(`SELECT ${columns.join(', ')} FROM ${table} ORDER BY ${columns.map((_, i) => i + 1).join(', ')}`)
        .all();
    }
    return out;
  } finally {
    db.close();
  }
}

async function importAll(casePath: string, files: string[], options: Partial<ImportInput>): Promise<string[]> {
  const db = openCase(casePath);
  const outcomes: string[] = [];
  try {
    for (const file of files) {
      try {
        const r = await importFile(db, { path: file, ...options });
        outcomes.push(`${path.basename(file)}: ${r.accepted}/${r.rejected}/${r.duplicates} ${r.notes.join(' | ')}`);
      } catch (err) {
        if (!(err instanceof EvidenceError)) throw err;
        outcomes.push(err.message);
      }
    }
  } finally {
    sqlite(db).close();
  }
  return outcomes;
}

function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

test(
  'a worker-parsed import stores exactly what an in-thread import stores, ' + 'for every fixture and generated format',
  async () => {
    const dir = tempDir();
    await generateEvidence(path.join(dir, 'generated'), { scenario: 'attack', seed: 5, users: 60, days: 3 });
    // An ANSI (Windows-1252) export whose first non-ASCII byte comes after the sniffed head: the
    // import meets it mid-file (in the worker) and restarts as Windows-1252.
    const trace = listFiles(path.join(dir, 'generated')).find((f) => f.endsWith('Get-MessageTrace.csv'))!;
    const asciiRows = fs
      .readFileSync(trace, 'utf8')
      .split('\n')
      .filter((l) => l !== '' && !/[\u0080-\uffff]/.test(l));
    assert.ok(asciiRows.join('\n').length > 70_000, 'longer than the 64 KiB sniffed head');
    const ansi = path.join(dir, 'ansi-trace.csv');
    fs.writeFileSync(
      ansi,
      Buffer.from([...asciiRows, asciiRows.at(-1)!.replace('@', '\u00e9@'), ''].join('\n'), 'latin1'),
    );
    // Several batches from the worker, with rejections between accepted rows.
    const batched = path.join(dir, 'batched.csv');
    fs.writeFileSync(batched, purviewExport(7000, { idPrefix: 'dddddddd', padding: 900, badEvery: 500 }));
    const files = [
      ...listFiles(path.join(repoRoot, 'test', 'fixtures')),
      ...listFiles(path.join(dir, 'generated')),
      ansi,
      batched,
    ].filter((f) => !f.endsWith('truth.json'));

    const inThread = await importAll(path.join(dir, 'thread.db'), files, { parseIn: 'thread' });
    const inWorker = await importAll(path.join(dir, 'worker.db'), files, { parseIn: 'worker', rollbackJournal: true });
    assert.deepEqual(inWorker, inThread);
    assert.ok(
      inThread.some((o) => o.includes('read as Windows-1252')),
      'the ANSI file took the encoding fallback',
    );
    assert.ok(
      inThread.some((o) => /: \d+\/[1-9]\d*\//.test(o)),
      'some fixture has rejected rows',
    );
    const a = dump(path.join(dir, 'thread.db'));
    const b = dump(path.join(dir, 'worker.db'));
    for (const table of TABLES) assert.deepEqual(b[table], a[table], `${table} differs between the two paths`);
    // Floors, so that the comparison above covers real volume: batched.csv alone gives 6,986 audit records (7,000
    // less the 14 cut short), the generated tenant hundreds of trace rows and permission entries.
    const volume =
      `${a.audit_event!.length} audit, ${a.message!.length} message, ` +
      `${a.permission!.length} permission, ${a.evidence_rejection!.length} rejected rows`;
    assert.ok(
      a.audit_event!.length > 7000 &&
        a.message!.length > 300 &&
        a.permission!.length > 50 &&
        a.evidence_rejection!.length > 0,
      volume,
    );
  },
);

test(
  'a rollback-journal import returns the case to WAL mode, ' + 'and falls back to WAL while a reader is open',
  async () => {
    const dir = tempDir();
    const casePath = path.join(dir, 'case.db');
    const db = openCase(casePath);
    try {
      await importFile(db, { path: fixture('purview-new-fullaccess.csv'), parseIn: 'worker', rollbackJournal: true });
      assert.equal(sqlite(db).pragma('journal_mode', { simple: true }), 'wal');
      const reader = new Database(casePath, { readonly: true });
      try {
        const r = await importFile(db, { path: fixture('purview-old-sendonbehalf.csv'), rollbackJournal: true });
        assert.equal(r.accepted, 3, 'all 3 data rows, imported with the reader open');
        assert.equal(sqlite(db).pragma('journal_mode', { simple: true }), 'wal');
        assert.equal(
          (reader.prepare('SELECT count(*) AS n FROM evidence').get() as { n: number }).n,
          2,
          'the reader sees both files',
        );
      } finally {
        reader.close();
      }
    } finally {
      sqlite(db).close();
    }
    assert.equal(fs.existsSync(`${casePath}-journal`), false);
  },
);

test('during a bulk import the engine answers queries after the import, with its result', async () => {
  const dir = tempDir();
  const during: { info?: Promise<{ evidence: unknown[] }>; locked?: boolean } = {};
  const engine: Engine = Engine.open({
    casePath: path.join(dir, 'case.db'),
    bulkImportFromBytes: 1,
    emit: (event, payload) => {
      if (event !== 'import.progress') return;
      during.locked ??= (payload as { caseLocked: boolean }).caseLocked;
      during.info ??= engine.call('case.info', {});
    },
  });
  try {
    const outcomes = await engine.call('import.files', { files: [{ path: fixture('purview-new-fullaccess.csv') }] });
    assert.ok(outcomes[0]!.ok);
    assert.ok(during.info, 'progress was reported');
    assert.equal(during.locked, true, 'progress says the case is held');
    const info = await during.info;
    assert.equal(
      info.evidence.length,
      1,
      'the query waited for the import instead of failing or reading a closed connection',
    );
  } finally {
    await engine.close();
  }
});

test(
  'killing a worker-parsed, rollback-journal import leaves the case as it was; ' + 'the file then imports fully',
  async () => {
    const dir = tempDir();
    const casePath = path.join(dir, 'case.db');
    const big = path.join(dir, 'big.csv');
    fs.writeFileSync(big, purviewExport(40_000, { idPrefix: 'dddddddd', padding: 900 }));
    assert.equal(
      spawnSync(process.execPath, [cliPath, 'import', casePath, fixture('purview-new-fullaccess.csv')]).status,
      0,
    );

    const script = path.join(dir, 'bulk-import.mjs');
    const dist = (rel: string) => JSON.stringify(path.join(repoRoot, 'dist', 'electron', 'engine', rel));
    fs.writeFileSync(
      script,
      `
    import { openCase } from ${dist('store/db.js')};
    import { importFile } from ${dist('pipelines/import/import-file.js')};
    const db = openCase(${JSON.stringify(casePath)});
    await importFile(db, { path: ${JSON.stringify(big)}, parseIn: 'worker', rollbackJournal: true });
  `,
    );
    const sizeBefore = fs.statSync(casePath).size;
    const child = spawn(process.execPath, [script], { stdio: 'ignore' });
    // Kill once rows are reaching the database file itself (a rollback journal writes in place).
    const grown = () => fs.existsSync(`${casePath}-journal`) && fs.statSync(casePath).size > sizeBefore + 2_000_000;
    for (let i = 0; i < 1000 && !grown(); i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(grown(), 'the import was under way when killed');
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));

    const info = () =>
      JSON.parse(spawnSync(process.execPath, [cliPath, 'info', casePath, '--json'], { encoding: 'utf8' }).stdout) as {
        evidence: Array<{ file: string; accepted: number }>;
        counts: { auditEvents: number };
      };
    const after = info();
    assert.deepEqual(
      after.evidence.map((e) => e.file),
      ['purview-new-fullaccess.csv'],
      'the hot journal rolled the interrupted file back',
    );
    assert.equal(after.counts.auditEvents, 4, "only purview-new-fullaccess.csv's 4 records");
    const again = spawnSync(process.execPath, [script], { encoding: 'utf8' });
    assert.equal(again.status, 0, again.stderr);
    assert.deepEqual(
      info().evidence.map((e) => [e.file, e.accepted]),
      [
        ['purview-new-fullaccess.csv', 4],
        ['big.csv', 40_000],
      ],
    );
  },
);

test(
  "a record too large for the parse worker's heap is parsed in the engine thread instead, " +
    'and the file still imports',
  async () => {
    const dir = tempDir();
    const file = path.join(dir, 'huge-record.jsonl');
    const small = {
      CreationTime: '2024-03-04T09:00:00',
      Id: 'eeeeeeee-0000-4000-8000-000000000001',
      Operation: 'MailboxLogin',
      RecordType: 2,
      UserId: 'a@example.com',
    };
    const huge = { ...small, Id: 'eeeeeeee-0000-4000-8000-000000000002', Padding: 'p'.repeat(30 * 1024 * 1024) };
    fs.writeFileSync(file, `${JSON.stringify(small)}\n${JSON.stringify(huge)}\n`);
    const casePath = path.join(dir, 'case.db');
    const db = openCase(casePath);
    try {
      const r = await importFile(db, { path: file, parseIn: 'worker', parseWorkerHeapMb: 16 });
      assert.deepEqual([r.accepted, r.rejected], [2, 0]);
      assert.ok(
        r.notes.some((n) => n.startsWith('parsed in the engine thread: the parse worker ran out of its 16 MB heap')),
        r.notes.join(' | '),
      );
    } finally {
      sqlite(db).close();
    }
  },
);

test('an ordinary import leaves the case open to queries and says so in its progress', async () => {
  const dir = tempDir();
  const locked: boolean[] = [];
  const engine = Engine.open({
    casePath: path.join(dir, 'case.db'),
    emit: (event, payload) => {
      if (event === 'import.progress') locked.push((payload as { caseLocked: boolean }).caseLocked);
    },
  });
  try {
    const [outcome] = await engine.call('import.files', { files: [{ path: fixture('purview-new-fullaccess.csv') }] });
    assert.ok(outcome!.ok);
    assert.ok(locked.length > 0 && locked.every((l) => l === false), JSON.stringify(locked));
  } finally {
    await engine.close();
  }
});
