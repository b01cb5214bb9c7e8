/**
 * Issue 14.14, end to end: every format parser on mutated real-format files, and files of a known
 * number of records with faults. Bounded in time (DLENS_FUZZ_RUNS sets the runs of every property,
 * DLENS_FUZZ_SEED replays a failure). For every input: no crash (a bad row is a rejection, a bad file
 * a clear error naming it), no hang, memory bounded, and records accounted for (accepted + rejected +
 * duplicates = records in the file).
 */
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Engine } from '../../electron/engine/engine.js';
import { faultyAuditFile, mutate, mutation, params, recordFaults, syntaxText } from '../fuzz-inputs.js';
import { fixture, repoRoot, tempDir } from '../helpers.js';

/** No single file may take longer than this to import (a hang fails here, or at the test's own timeout). */
const PER_INPUT_MS = 10_000;
// A run count raised with DLENS_FUZZ_RUNS may take as long as it needs; the default runs must not.
const TIMEOUT = process.env.DLENS_FUZZ_RUNS ? {} : { timeout: 120_000 };

/** Every fixture of every family (audit containers, dumps, traces, XML, Format-List text). */
function fixtures(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else out.push(full);
    }
  };
  walk(path.join(repoRoot, 'test', 'fixtures'));
  return out.sort();
}

interface FileCheck {
  name: string;
  format: string;
}

/** Registry counts match the rows stored; audit formats: every row has one outcome, none missing. */
function checkAccounting(casePath: string): FileCheck[] {
  const db = new Database(casePath, { readonly: true });
  try {
    const files = db
      .prepare(
        'SELECT id, file_name AS name, format, rows_accepted AS a, rows_rejected AS r, rows_duplicate AS d FROM evidence',
      )
      .all() as Array<{
      id: number;
      name: string;
      format: string;
      a: number;
      r: number;
      d: number;
    }>;
    for (const f of files) {
      const rows = (table: string) =>
        (db.prepare(`SELECT row FROM ${table} WHERE evidence_id = ?`).all(f.id) as Array<{ row: number }>).map(
          (x) => x.row,
        );
      const audit = rows('audit_event');
      const rejected = rows('evidence_rejection');
      const stored = audit.length + rows('permission').length + rows('message').length + rows('inbox_rule').length;
      assert.equal(stored, f.a, `${f.name}: accepted = rows stored`);
      assert.equal(rejected.length, f.r, `${f.name}: rejected = rejections stored`);
      if (audit.length === 0 || rows('permission').length + rows('message').length > 0) continue;
      // Audit records: one outcome per record, and no record number without one (save duplicates, which are not stored).
      const seen = new Set([...audit, ...rejected]);
      assert.equal(seen.size, audit.length + rejected.length, `${f.name}: no record has two outcomes`);
      const total = f.a + f.r + f.d;
      assert.ok(Math.max(...seen) <= total, `${f.name}: record ${Math.max(...seen)} of ${total} accounted`);
    }
    return files.map((f) => ({ name: f.name, format: f.format }));
  } finally {
    db.close();
  }
}

test(
  'every parser family on mutated real-format files: a clear error or an import whose records are all accounted for',
  TIMEOUT,
  async () => {
    const all = fixtures();
    const dir = tempDir();
    let n = 0;
    const rssBefore = process.memoryUsage().rss;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom(...all), fc.array(mutation, { minLength: 1, maxLength: 3 })), {
          minLength: 1,
          maxLength: 6,
        }),
        async (picks) => {
          const files = picks.map(([source, mutations], i) => {
            const file = path.join(dir, `${n++}-${i}-${path.basename(source)}`);
            fs.writeFileSync(
              file,
              mutations.reduce<Buffer>((b, m) => mutate(b, m), fs.readFileSync(source)),
            );
            return file;
          });
          const casePath = path.join(dir, `case-${n}.db`);
          const engine = Engine.open({ casePath });
          try {
            const started = Date.now();
            const outcomes = await engine.call('import.files', { files: files.map((f) => ({ path: f })) });
            assert.ok(Date.now() - started < PER_INPUT_MS * files.length, 'bounded time');
            for (const [i, o] of outcomes.entries())
              if (!o.ok)
                assert.ok(o.error.startsWith(`${path.basename(files[i]!)}: `), `a refusal names the file: ${o.error}`);
            const info = await engine.call('case.info', {});
            assert.deepEqual(info.analysis.failures, [], 'analysis runs on whatever was imported');
          } finally {
            await engine.close();
          }
          checkAccounting(casePath);
          for (const f of [casePath, ...files]) fs.rmSync(f, { force: true });
        },
      ),
      params(25),
    );
    assert.ok(process.memoryUsage().rss - rssBefore < 512 * 1024 * 1024, 'memory stays bounded');
  },
);

test(
  'audit CSV, JSON lines and JSON arrays of N records with faults: accepted + rejected + duplicates = N',
  TIMEOUT,
  async () => {
    const dir = tempDir();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 40 }).chain((k) => recordFaults(k)),
        syntaxText(80),
        async (faults, garbage) => {
          const files = (['csv', 'jsonl', 'json'] as const).map((layout) => {
            const file = path.join(dir, `${n++}.${layout}`);
            fs.writeFileSync(file, faultyAuditFile(layout, faults, garbage));
            return file;
          });
          for (const file of files) {
            const casePath = path.join(dir, `case-${n++}.db`);
            const engine = Engine.open({ casePath });
            try {
              const [o] = await engine.call('import.files', { files: [{ path: file }] });
              if (!o?.ok) assert.fail(`${file}: ${o?.error}`);
              const r = o.result;
              assert.equal(
                r.accepted + r.rejected + r.duplicates,
                faults.length,
                `${path.extname(file)}: ${r.accepted}+${r.rejected}+${r.duplicates} of ${faults.length} (${faults.join(',')})`,
              );
            } finally {
              await engine.close();
            }
            checkAccounting(casePath);
            fs.rmSync(casePath, { force: true });
          }
        },
      ),
      params(25),
    );
  },
);

test('a 40 MB record with no line break is rejected with bounded memory (CSV and JSON lines)', TIMEOUT, async () => {
  const dir = tempDir();
  const huge = 'x'.repeat(40 * 1024 * 1024);
  fs.writeFileSync(
    path.join(dir, 'huge.csv'),
    `${fs.readFileSync(fixture('purview-new-fullaccess.csv'), 'utf8')}r9,"${huge}`,
  );
  fs.writeFileSync(
    path.join(dir, 'huge.jsonl'),
    `{"CreationTime":"2024-03-04T09:00:00","Id":"h","Operation":"x","P":"${huge}"}\n`,
  );
  const engine = Engine.open({ casePath: path.join(dir, 'case.db') });
  try {
    const outcomes = await engine.call('import.files', {
      files: ['huge.csv', 'huge.jsonl'].map((f) => ({ path: path.join(dir, f) })),
    });
    for (const o of outcomes) {
      if (!o.ok) assert.fail(o.error);
      assert.equal(o.result.rejected, 1, `${o.result.file}: the huge record is rejected`);
      assert.match(o.result.rejections[0]!.reason, /longer than/);
    }
  } finally {
    await engine.close();
  }
  assert.ok(process.memoryUsage().rss < 1024 * 1024 * 1024, `rss ${process.memoryUsage().rss}`);
});
