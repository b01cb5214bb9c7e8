/**
 * Findings and the source rows they cite, whatever table each row lives in.
 */
import type { EvidenceRowView, Finding, Severity, TriageState } from '../../../shared/domain.js';
import { sqlite, type ReadDb } from './db.js';

interface FindingRow {
  id: string;
  rule: string;
  title: string;
  severity: Severity;
  techniques: string;
  time: string | null;
  principals: string;
  summary: string;
  details: string;
  /** The analyst's triage (finding_triage), null when the finding was never triaged. */
  triage_state: TriageState | null;
  triage_reason: string | null;
  triage_at: string | null;
  triage_by: string | null;
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

/** The citation of each cited row (file, SHA-256, row, record id), without the rows' contents. */
const CITATION_SQL = `
  SELECT fr.finding_id, ev.file_name AS file, ev.sha256,
         coalesce(ae.row, p.row, m.row, ir.row) AS row,
         coalesce(ae.record_id, m.trace_id, m.message_id, '') AS recordId
  FROM finding_ref fr
  LEFT JOIN audit_event ae ON fr.source = 'audit' AND ae.id = fr.source_id
  LEFT JOIN permission p ON fr.source = 'permission' AND p.id = fr.source_id
  LEFT JOIN message m ON fr.source = 'message' AND m.id = fr.source_id
  LEFT JOIN inbox_rule ir ON fr.source = 'inbox_rule' AND ir.id = fr.source_id
  JOIN evidence ev ON ev.id = coalesce(ae.evidence_id, p.evidence_id, m.evidence_id, ir.evidence_id)
  WHERE fr.ord < ?
  ORDER BY fr.finding_id, fr.ord`;

/** Every finding, most severe first, with its first `evidenceLimit` citations and the count of all. */
export function listFindings(db: ReadDb, evidenceLimit = 50): Finding[] {
  const c = sqlite(db);
  const rows = c
    .prepare(
      `SELECT f.*, t.state AS triage_state, t.reason AS triage_reason, t.at AS triage_at, t.analyst AS triage_by
       FROM finding f LEFT JOIN finding_triage t ON t.finding_id = f.id
       ORDER BY ${SEVERITY_ORDER}, f.time IS NULL, f.time, f.id`,
    )
    .all() as FindingRow[];
  const totals = new Map(
    (
      c.prepare('SELECT finding_id AS id, count(*) AS n FROM finding_ref GROUP BY finding_id').all() as Array<{
        id: string;
        n: number;
      }>
    ).map((r) => [r.id, r.n]),
  );
  const byFinding = new Map<string, Finding['evidence']>();
  const refs = c.prepare(CITATION_SQL).all(evidenceLimit) as Array<
    Finding['evidence'][number] & { finding_id: string }
  >;
  for (const { finding_id, ...ref } of refs) {
    let list = byFinding.get(finding_id);
    if (!list) byFinding.set(finding_id, (list = []));
    list.push(ref);
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
    evidenceTotal: totals.get(r.id) ?? 0,
    details: JSON.parse(r.details) as Record<string, string>,
    triage:
      r.triage_state === null
        ? null
        : { state: r.triage_state, reason: r.triage_reason!, at: r.triage_at!, by: r.triage_by! },
  }));
}

/**
 * One page of the source rows a finding cites, in citation order, and how many it cites in all;
 * null when there is no such finding.
 */
export function findingEvidence(
  db: ReadDb,
  findingId: string,
  offset = 0,
  limit = 200,
): { rows: EvidenceRowView[]; total: number } | null {
  const c = sqlite(db);
  if (!c.prepare('SELECT 1 FROM finding WHERE id = ?').get(findingId)) return null;
  const total = (
    c.prepare('SELECT count(*) AS n FROM finding_ref WHERE finding_id = ?').get(findingId) as { n: number }
  ).n;
  const rows = c
    .prepare(`${REFS_SQL} WHERE fr.finding_id = ? AND fr.ord >= ? ORDER BY fr.ord LIMIT ?`)
    .all(findingId, offset, limit) as RefRow[];
  return { rows: rows.map(({ finding_id: _f, ord: _o, ...view }) => view), total };
}
