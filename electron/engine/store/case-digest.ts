/**
 * One SHA-256 over what a case asserts: its evidence registry (each file's hash, size, format,
 * versions and counts) and its findings with the rows they cite. Stored by each analysis and
 * recomputed by `dlens verify`: a registry or finding changed outside the app (or by a run that
 * never finished) no longer matches. Citations are named by file hash and row, not by internal ids,
 * so the same evidence and findings give the same digest in any case file.
 */
import crypto from 'node:crypto';
import { sqlite, type ReadDb } from './db.js';

const CITED = (source: string, table: string) =>
  `SELECT r.finding_id, r.ord, r.source, e.sha256, t.row FROM finding_ref r
   JOIN ${table} t ON t.id = r.source_id JOIN evidence e ON e.id = t.evidence_id WHERE r.source = '${source}'`;

export function caseDigest(db: ReadDb): string {
  const c = sqlite(db);
  const hash = crypto.createHash('sha256');
  const section = (name: string, sql: string) => {
    hash.update(`\n${name}\n`);
    for (const r of c.prepare(sql).raw().iterate()) hash.update(`${JSON.stringify(r)}\n`);
  };
  section(
    'evidence',
    `SELECT file_name, size, sha256, format, encoding, parser_version, app_version, rows_accepted, rows_rejected,
            rows_duplicate, first_time, last_time, notes, collected_at FROM evidence ORDER BY sha256`,
  );
  section(
    'findings',
    'SELECT id, rule, title, severity, techniques, time, principals, summary, details FROM finding ORDER BY id',
  );
  section(
    'citations',
    [
      CITED('audit', 'audit_event'),
      CITED('permission', 'permission'),
      CITED('message', 'message'),
      CITED('inbox_rule', 'inbox_rule'),
    ].join(' UNION ALL ') + ' ORDER BY 1, 2',
  );
  return hash.digest('hex');
}

/** The digest the last analysis stored, or null (never analysed, or analysed before schema 5). */
export function storedCaseDigest(db: ReadDb): string | null {
  const r = sqlite(db).prepare('SELECT case_digest FROM analysis_state WHERE id = 1').get() as
    { case_digest: string | null } | undefined;
  return r?.case_digest ?? null;
}
