/**
 * Importing fixtures into a fresh case and reading back what was stored, for the format tests.
 */
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import path from 'node:path';
import type { ImportFileResult } from '../shared/domain.js';
import { Engine } from '../electron/engine/engine.js';
import { fixture, tempDir } from './helpers.js';

export type Row = Record<string, unknown>;

/** Import fixture files into a fresh case; return the results and a read-only query on the stored rows. */
export async function importInto(...names: string[]): Promise<{ results: ImportFileResult[]; query: (sql: string) => Row[] }> {
  const casePath = path.join(tempDir(), 'case.db');
  const engine = Engine.open({ casePath });
  const outcomes = await engine.call('import.files', { files: names.map((n) => ({ path: fixture(n) })) });
  engine.close();
  const results = outcomes.map((o) => (o.ok ? o.result : assert.fail(o.error)));
  return {
    results,
    query: (sql) => {
      const db = new Database(casePath, { readonly: true });
      try {
        return db.prepare(sql).all() as Row[];
      } finally {
        db.close();
      }
    },
  };
}
