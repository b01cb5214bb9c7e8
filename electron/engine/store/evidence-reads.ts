/**
 * The evidence registry as the API shows it: files with their hashes and counts, rejected rows,
 * record counts. Queries take any connection; the engine hands them its read-only one so they never
 * wait on (or see half of) an import in progress.
 */
import type { CaseCounts, EvidenceFile, Rejection } from '../../../shared/domain.js';
import { sqlite, type ReadDb } from './db.js';

interface EvidenceRow {
  id: number;
  file_name: string;
  sha256: string;
  size: number;
  format: string;
  format_label: string;
  encoding: string;
  imported_at: string;
  parser_version: string;
  app_version: string | null;
  rows_accepted: number;
  rows_rejected: number;
  rows_duplicate: number;
  first_time: string | null;
  last_time: string | null;
  notes: string;
  collected_at: string | null;
  kind: EvidenceFile['kind'];
}

export function listEvidence(db: ReadDb): EvidenceFile[] {
  const rows = sqlite(db).prepare('SELECT * FROM evidence ORDER BY id').all() as EvidenceRow[];
  return rows.map((r) => ({
    id: r.id,
    file: r.file_name,
    sha256: r.sha256,
    size: r.size,
    format: r.format,
    kind: r.kind,
    collectedAt: r.collected_at,
    formatLabel: r.format_label,
    encoding: r.encoding,
    importedAt: r.imported_at,
    parserVersion: r.parser_version,
    appVersion: r.app_version,
    accepted: r.rows_accepted,
    rejected: r.rows_rejected,
    duplicates: r.rows_duplicate,
    firstTime: r.first_time,
    lastTime: r.last_time,
    notes: JSON.parse(r.notes) as string[],
  }));
}

export function caseCounts(db: ReadDb): CaseCounts {
  const count = (table: string) => (sqlite(db).prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return {
    auditEvents: count('audit_event'),
    messages: count('message'),
    permissions: count('permission'),
    principals: count('principal'),
  };
}

/** Characters of a rejected record's text in a listing (the case keeps it whole): a page stays small. */
const LISTED_SOURCE_CHARS = 64 * 1024;

export function listRejections(db: ReadDb, evidenceId: number, afterRow: number, limit: number): Rejection[] {
  const rows = sqlite(db)
    .prepare(
      `SELECT evidence_id AS evidenceId, row, line, reason, substr(raw, 1, ?) AS raw, length(raw) AS length
       FROM evidence_rejection WHERE evidence_id = ? AND row > ? ORDER BY row LIMIT ?`,
    )
    .all(LISTED_SOURCE_CHARS, evidenceId, afterRow, limit) as Array<Rejection & { length: number }>;
  return rows.map(({ length, ...r }) =>
    length > LISTED_SOURCE_CHARS
      ? { ...r, raw: `${r.raw}… [${length.toLocaleString('en-US')} characters in all, kept whole in the case]` }
      : r,
  );
}
