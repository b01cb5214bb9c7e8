/**
 * Findings and the source rows they cite, whatever table each row lives in.
 */
import type { EvidenceRowView, Finding, Severity } from '../../../shared/domain.js';
import { sqlite, type ReadDb } from './db.js';

interface FindingRow {
  id: string;
  rule: string;
  title: string;
  severity: Severity;
  techniques: string;
  time: string;
  principals: string;
  summary: string;
  details: string;
}

/** Every cited source row with its file, whatever table it lives in. */
const REFS_SQL = `
  SELECT fr.finding_id, fr.ord, fr.source, fr.source_id AS id, ev.file_name AS file, ev.sha256,
         coalesce(ae.row, p.row, m.row, ir.row) AS row, coalesce(ae.line, p.line, m.line, ir.line) AS line,
         coalesce(ae.record_id, m.trace_id, m.message_id, '') AS recordId,
         coalesce(ae.time, p.observed_at, m.time) AS time,
         coalesce(ae.operation, p.kind || ': ' || p.rights, m.status, 'inbox rule ' || coalesce(ir.name, '')) AS what,
         coalesce(ae.actor, p.trustee, m.sender, ir.mailbox) AS who,
         coalesce(ae.target, p.mailbox, m.recipient, ir.mailbox) AS target,
         coalesce(ae.client_ip, m.client_ip) AS clientIp,
         coalesce(ae.raw, p.raw, m.raw, ir.raw) AS raw
  FROM finding_ref fr
  LEFT JOIN audit_event ae ON fr.source = 'audit' AND ae.id = fr.source_id
  LEFT JOIN permission p ON fr.source = 'permission' AND p.id = fr.source_id
  LEFT JOIN message m ON fr.source = 'message' AND m.id = fr.source_id
  LEFT JOIN inbox_rule ir ON fr.source = 'inbox_rule' AND ir.id = fr.source_id
  JOIN evidence ev ON ev.id = coalesce(ae.evidence_id, p.evidence_id, m.evidence_id, ir.evidence_id)`;

interface RefRow extends Omit<EvidenceRowView, 'source'> {
  finding_id: string;
  ord: number;
  source: EvidenceRowView['source'];
}

const SEVERITY_ORDER =
  "CASE severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END";

export function listFindings(db: ReadDb): Finding[] {
  const rows = sqlite(db).prepare(`SELECT * FROM finding ORDER BY ${SEVERITY_ORDER}, time, id`).all() as FindingRow[];
  const refs = sqlite(db).prepare(`${REFS_SQL} ORDER BY fr.finding_id, fr.ord`).all() as RefRow[];
  const byFinding = new Map<string, Finding['evidence']>();
  for (const r of refs) {
    let list = byFinding.get(r.finding_id);
    if (!list) byFinding.set(r.finding_id, (list = []));
    list.push({ file: r.file, sha256: r.sha256, row: r.row, recordId: r.recordId });
  }
  return rows.map((r) => ({
    id: r.id,
    rule: r.rule,
    title: r.title,
    severity: r.severity,
    techniques: JSON.parse(r.techniques) as string[],
    time: r.time,
    principals: JSON.parse(r.principals) as string[],
    summary: r.summary,
    evidence: byFinding.get(r.id) ?? [],
    details: JSON.parse(r.details) as Record<string, string>,
  }));
}

/** The source rows a finding cites, in citation order; null when there is no such finding. */
export function findingEvidence(db: ReadDb, findingId: string): EvidenceRowView[] | null {
  const exists = sqlite(db).prepare('SELECT 1 FROM finding WHERE id = ?').get(findingId);
  if (!exists) return null;
  const rows = sqlite(db).prepare(`${REFS_SQL} WHERE fr.finding_id = ? ORDER BY fr.ord`).all(findingId) as RefRow[];
  return rows.map(({ finding_id: _f, ord: _o, ...view }) => view);
}
