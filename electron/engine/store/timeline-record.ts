/**
 * One timeline event with its source record(s) and their provenance (file, SHA-256, row, line, the
 * record as stored): the audit record or trace row itself, or a dump snapshot's first entries.
 */
import type { EvidenceRowView } from '../../../shared/domain.js';
import type { TimelineRecord, TimelineSource } from '../../../shared/requests/timeline.js';
import { sqlite, type ReadDb } from './db.js';
import { SOURCES, toTimelineRows, type RawRow } from './timeline-rows.js';

/** Entries of a dump snapshot returned with it (`entries` counts them all). */
export const SNAPSHOT_ENTRIES = 50;

const VIEW = {
  audit: `SELECT 'audit' AS source, a.id, ev.file_name AS file, ev.sha256, a.row, a.line, a.record_id AS recordId,
            a.time, a.operation AS what, a.actor AS who, a.target, a.client_ip AS clientIp, a.raw
          FROM audit_event a JOIN evidence ev ON ev.id = a.evidence_id WHERE a.id = ?`,
  message: `SELECT 'message' AS source, m.id, ev.file_name AS file, ev.sha256, m.row, m.line,
              coalesce(m.trace_id, m.message_id, '') AS recordId, m.time, coalesce(m.status, '') AS what,
              m.sender AS who, m.recipient AS target, m.client_ip AS clientIp, m.raw
            FROM message m JOIN evidence ev ON ev.id = m.evidence_id WHERE m.id = ?`,
  /** A dump's entries in file order, permissions and inbox rules alike (a file holds one or the other). */
  dump: `SELECT * FROM (
           SELECT 'permission' AS source, p.id, ev.file_name AS file, ev.sha256, p.row, p.line, '' AS recordId,
             p.observed_at AS time, p.kind || ': ' || p.rights AS what, p.trustee AS who, p.mailbox AS target,
             NULL AS clientIp, p.raw
           FROM permission p JOIN evidence ev ON ev.id = p.evidence_id WHERE p.evidence_id = ?
           UNION ALL
           SELECT 'inbox_rule', r.id, ev.file_name, ev.sha256, r.row, r.line, '', NULL,
             'inbox rule ' || coalesce(r.name, ''), r.mailbox, r.mailbox, NULL, r.raw
           FROM inbox_rule r JOIN evidence ev ON ev.id = r.evidence_id WHERE r.evidence_id = ?
         ) ORDER BY row, id LIMIT ?`,
};

/** The event and its records; null when the case has no such event (a dump without a time is none). */
export function timelineRecord(db: ReadDb, source: TimelineSource, id: number): TimelineRecord | null {
  const c = sqlite(db);
  const s = SOURCES[source];
  const raw = c
    .prepare(`SELECT ${s.columns} FROM ${s.from} WHERE ${s.id} = ? ${s.base ? `AND ${s.base}` : ''}`)
    .get(id) as RawRow | undefined;
  if (!raw) return null;
  const [row] = toTimelineRows(db, [{ ...raw, source }]);
  if (source !== 'dump') {
    const view = c.prepare(VIEW[source]).get(id) as EvidenceRowView;
    return { row: row!, evidence: [view], entries: 1 };
  }
  const evidence = c.prepare(VIEW.dump).all(id, id, SNAPSHOT_ENTRIES) as EvidenceRowView[];
  const { n } = c
    .prepare(
      `SELECT (SELECT count(*) FROM permission WHERE evidence_id = ?) + (SELECT count(*) FROM inbox_rule WHERE evidence_id = ?) AS n`,
    )
    .get(id, id) as { n: number };
  return { row: row!, evidence, entries: n };
}
