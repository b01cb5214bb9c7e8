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
export async function importInto(
  ...names: string[]
): Promise<{ results: ImportFileResult[]; query: (sql: string) => Row[] }> {
  const casePath = path.join(tempDir(), 'case.db');
  const engine = Engine.open({ casePath });
  const outcomes = await engine.call('import.files', { files: names.map((n) => ({ path: fixture(n) })) });
  await engine.close();
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

/**
 * A Purview 8-column audit export of `rows` MailItemsAccessed records with ids `<idPrefix>-0000-4000-8000-<n>`
 * and `padding` characters of filler each; every `badEvery`th AuditData is cut short (a rejected row).
 */
export function purviewExport(rows: number, options: { idPrefix: string; padding: number; badEvery?: number }): string {
  const lines = [
    'RecordId,CreationDate,RecordType,Operation,UserId,AuditData,AssociatedAdminUnits,AssociatedAdminUnitsNames',
  ];
  for (let i = 0; i < rows; i++) {
    const id = `${options.idPrefix}-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const t = new Date(Date.UTC(2024, 2, 4) + i * 1000).toISOString().slice(0, 19);
    const data = {
      CreationTime: t,
      Id: id,
      Operation: 'MailItemsAccessed',
      RecordType: 50,
      ResultStatus: 'Succeeded',
      UserId: `user${i % 500}@example.com`,
      MailboxOwnerUPN: `user${i % 500}@example.com`,
      LogonType: 0,
      Padding: 'x'.repeat(options.padding),
    };
    const auditData = JSON.stringify(data).replaceAll('"', '""');
    const cut = options.badEvery !== undefined && i % options.badEvery === 7;
    lines.push(
      `${id},3/4/2024 12:00:00 AM,50,MailItemsAccessed,user@example.com,"${cut ? auditData.slice(0, 40) : auditData}",,`,
    );
  }
  return lines.join('\r\n') + '\r\n';
}
