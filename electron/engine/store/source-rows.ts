/**
 * Source rows by reference, with their provenance, for any view that cites records it did not get
 * from a finding (a graph edge's grants and dump entries): one query per source table.
 */
import type { EvidenceRowView } from '../../../shared/domain.js';
import { sqlite, type ReadDb } from './db.js';
import { chunked, placeholders } from './sql-lists.js';

export type SourceRef = { source: EvidenceRowView['source']; id: number };

const BY_SOURCE: Record<EvidenceRowView['source'], (ids: string) => string> = {
  audit: (ids) => `SELECT 'audit' AS source, a.id, ev.file_name AS file, ev.sha256, a.row, a.line,
      a.record_id AS recordId, a.time, a.operation AS what, a.actor AS who, a.target, a.client_ip AS clientIp, a.raw
    FROM audit_event a JOIN evidence ev ON ev.id = a.evidence_id WHERE a.id IN (${ids})`,
  permission: (ids) => `SELECT 'permission' AS source, p.id, ev.file_name AS file, ev.sha256, p.row, p.line,
      '' AS recordId, p.observed_at AS time, p.kind || ': ' || p.rights AS what, p.trustee AS who,
      p.mailbox AS target, NULL AS clientIp, p.raw
    FROM permission p JOIN evidence ev ON ev.id = p.evidence_id WHERE p.id IN (${ids})`,
  inbox_rule: (ids) => `SELECT 'inbox_rule' AS source, r.id, ev.file_name AS file, ev.sha256, r.row, r.line,
      '' AS recordId, NULL AS time, 'inbox rule ' || coalesce(r.name, '') AS what, r.mailbox AS who,
      r.mailbox AS target, NULL AS clientIp, r.raw
    FROM inbox_rule r JOIN evidence ev ON ev.id = r.evidence_id WHERE r.id IN (${ids})`,
  message: (ids) => `SELECT 'message' AS source, m.id, ev.file_name AS file, ev.sha256, m.row, m.line,
      coalesce(m.trace_id, m.message_id, '') AS recordId, m.time, coalesce(m.status, '') AS what,
      m.sender AS who, m.recipient AS target, m.client_ip AS clientIp, m.raw
    FROM message m JOIN evidence ev ON ev.id = m.evidence_id WHERE m.id IN (${ids})`,
};

/** The rows in the order of `refs` (a reference to a row no longer in the case is left out). */
export function sourceRows(db: ReadDb, refs: readonly SourceRef[]): EvidenceRowView[] {
  const found = new Map<string, EvidenceRowView>();
  for (const source of Object.keys(BY_SOURCE) as Array<EvidenceRowView['source']>) {
    const ids = [...new Set(refs.filter((r) => r.source === source).map((r) => r.id))];
    const rows = chunked(
      ids,
      (chunk) =>
        sqlite(db)
          .prepare(BY_SOURCE[source](placeholders(chunk.length)))
          .all(...chunk) as EvidenceRowView[],
    );
    for (const r of rows) found.set(`${source}:${r.id}`, r);
  }
  return refs.map((r) => found.get(`${r.source}:${r.id}`)).filter((r): r is EvidenceRowView => !!r);
}
