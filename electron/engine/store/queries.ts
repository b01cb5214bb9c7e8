/**
 * Read-side queries behind the API. They take any connection; the engine hands them its read-only one
 * so queries never wait on (or see half of) an import in progress.
 */
import type Database from 'better-sqlite3';
import type { AuditEventView, CaseCounts, EvidenceFile, Finding, Rejection, Severity } from '../../../shared/domain.js';

interface EvidenceRow {
  id: number; file_name: string; sha256: string; size: number; format: string; format_label: string; encoding: string;
  imported_at: string; parser_version: string; rows_accepted: number; rows_rejected: number; rows_duplicate: number;
  first_time: string | null; last_time: string | null; notes: string;
}

export function listEvidence(db: Database.Database): EvidenceFile[] {
  const rows = db.prepare('SELECT * FROM evidence ORDER BY id').all() as EvidenceRow[];
  return rows.map((r) => ({
    id: r.id, file: r.file_name, sha256: r.sha256, size: r.size, format: r.format, formatLabel: r.format_label,
    encoding: r.encoding, importedAt: r.imported_at, parserVersion: r.parser_version, accepted: r.rows_accepted,
    rejected: r.rows_rejected, duplicates: r.rows_duplicate, firstTime: r.first_time, lastTime: r.last_time,
    notes: JSON.parse(r.notes) as string[],
  }));
}

export function caseCounts(db: Database.Database): CaseCounts {
  const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return {
    auditEvents: count('audit_event'),
    messages: count('message'),
    permissions: count('permission'),
    principals: count('principal'),
  };
}

export function listRejections(db: Database.Database, evidenceId: number, afterRow: number, limit: number): Rejection[] {
  return db
    .prepare(`SELECT evidence_id AS evidenceId, row, line, reason, raw FROM evidence_rejection
              WHERE evidence_id = ? AND row > ? ORDER BY row LIMIT ?`)
    .all(evidenceId, afterRow, limit) as Rejection[];
}

interface FindingRow {
  id: string; rule: string; title: string; severity: Severity; techniques: string; time: string; principals: string;
  summary: string; details: string;
}
interface FindingEvidenceRow { finding_id: string; file: string; sha256: string; row: number; recordId: string }

const SEVERITY_ORDER = "CASE severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END";

export function listFindings(db: Database.Database): Finding[] {
  const rows = db.prepare(`SELECT * FROM finding ORDER BY ${SEVERITY_ORDER}, time, id`).all() as FindingRow[];
  const refs = db
    .prepare(`SELECT fe.finding_id, ev.file_name AS file, ev.sha256, ae.row, ae.record_id AS recordId
              FROM finding_evidence fe
              JOIN audit_event ae ON ae.id = fe.audit_event_id
              JOIN evidence ev ON ev.id = ae.evidence_id
              ORDER BY fe.finding_id, fe.ord`)
    .all() as FindingEvidenceRow[];
  const byFinding = new Map<string, Finding['evidence']>();
  for (const r of refs) {
    let list = byFinding.get(r.finding_id);
    if (!list) byFinding.set(r.finding_id, (list = []));
    list.push({ file: r.file, sha256: r.sha256, row: r.row, recordId: r.recordId });
  }
  return rows.map((r) => ({
    id: r.id, rule: r.rule, title: r.title, severity: r.severity, techniques: JSON.parse(r.techniques) as string[],
    time: r.time, principals: JSON.parse(r.principals) as string[], summary: r.summary,
    evidence: byFinding.get(r.id) ?? [], details: JSON.parse(r.details) as Record<string, string>,
  }));
}

interface AuditEventRow {
  id: number; file: string; sha256: string; row: number; line: number; record_id: string; time: string;
  record_type: number | null; operation: string; actor: string | null; target: string | null; client_ip: string | null;
  result_status: string | null; parameters: string; raw: string;
}

export function findingEvidence(db: Database.Database, findingId: string): AuditEventView[] | null {
  const exists = db.prepare('SELECT 1 FROM finding WHERE id = ?').get(findingId);
  if (!exists) return null;
  const rows = db
    .prepare(`SELECT ae.*, ev.file_name AS file, ev.sha256
              FROM finding_evidence fe
              JOIN audit_event ae ON ae.id = fe.audit_event_id
              JOIN evidence ev ON ev.id = ae.evidence_id
              WHERE fe.finding_id = ? ORDER BY fe.ord`)
    .all(findingId) as AuditEventRow[];
  return rows.map((r) => ({
    id: r.id, file: r.file, sha256: r.sha256, row: r.row, line: r.line, recordId: r.record_id, time: r.time,
    recordType: r.record_type, operation: r.operation, actor: r.actor, target: r.target, clientIp: r.client_ip,
    resultStatus: r.result_status, parameters: JSON.parse(r.parameters) as Record<string, string>, raw: r.raw,
  }));
}
