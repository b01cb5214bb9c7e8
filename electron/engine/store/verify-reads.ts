/**
 * What `dlens verify` checks inside a case: SQLite's own integrity check, and whether the rows the
 * case holds per evidence file are the counts its registry states.
 */
import { sqlite, type ReadDb } from './db.js';

/** `PRAGMA integrity_check`'s complaints; empty when the file is sound. */
export function integrityProblems(db: ReadDb): string[] {
  const rows = sqlite(db).pragma('integrity_check') as Array<{ integrity_check: string }>;
  return rows.map((r) => r.integrity_check).filter((m) => m !== 'ok');
}

export interface RegisteredCounts {
  id: number;
  file: string;
  sha256: string;
  size: number;
  parserVersion: string;
  appVersion: string | null;
  /** As the registry states them. */
  accepted: number;
  rejected: number;
  duplicates: number;
  /** Rows the case holds for the file: audit records, dump entries, trace rows, inbox rules. */
  storedRows: number;
  storedRejections: number;
}

export function registeredCounts(db: ReadDb): RegisteredCounts[] {
  const c = sqlite(db);
  // One pass per table (there is no index on evidence_id; a count per file would scan each table per file).
  const perFile = (table: string) =>
    new Map(
      (
        c.prepare(`SELECT evidence_id AS id, count(*) AS n FROM ${table} GROUP BY evidence_id`).all() as Array<{
          id: number;
          n: number;
        }>
      ).map((r) => [r.id, r.n]),
    );
  const stored = ['audit_event', 'permission', 'message', 'inbox_rule'].map(perFile);
  const rejections = perFile('evidence_rejection');
  const registry = c
    .prepare(
      `SELECT id, file_name AS file, sha256, size, parser_version AS parserVersion, app_version AS appVersion,
              rows_accepted AS accepted, rows_rejected AS rejected, rows_duplicate AS duplicates
       FROM evidence ORDER BY id`,
    )
    .all() as Array<Omit<RegisteredCounts, 'storedRows' | 'storedRejections'>>;
  return registry.map((e) => ({
    ...e,
    storedRows: stored.reduce((sum, m) => sum + (m.get(e.id) ?? 0), 0),
    storedRejections: rejections.get(e.id) ?? 0,
  }));
}
