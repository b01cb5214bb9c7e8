/**
 * Stored findings of given rules with their details, and what a finding cites read as sent mail
 * (time, sender mailbox, subject): the send-volume and campaign views show the findings as the
 * analysis stored them, never recomputed.
 */
import type { Severity } from '../../../shared/domain.js';
import { sqlite, type ReadDb } from './db.js';
import { placeholders } from './sql-lists.js';
import { AUDITED_SENDER, SEND_OPERATIONS } from './send-reads.js';
import { rawJson } from './sql-json.js';

export interface StoredFinding {
  id: string;
  rule: string;
  severity: Severity;
  title: string;
  time: string | null;
  details: Record<string, string>;
  principals: string[];
}

const SEVERITY_RANK =
  "CASE severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END";

/** The findings of these rules, worst first, then by time. */
export function findingsOfRules(db: ReadDb, rules: readonly string[]): StoredFinding[] {
  const rows = sqlite(db)
    .prepare(
      `SELECT id, rule, severity, title, time, details, principals FROM finding
       WHERE rule IN (${placeholders(rules.length)}) ORDER BY ${SEVERITY_RANK}, time, id`,
    )
    .all(...rules) as Array<Omit<StoredFinding, 'details' | 'principals'> & { details: string; principals: string }>;
  return rows.map((r) => ({
    ...r,
    details: JSON.parse(r.details) as Record<string, string>,
    principals: JSON.parse(r.principals) as string[],
  }));
}

/** The findings naming a principal (in their principals list), worst first, then by time. */
export function findingsNaming(
  db: ReadDb,
  principal: string,
): Array<{ id: string; severity: Severity; rule: string; title: string; time: string | null }> {
  return sqlite(db)
    .prepare(
      `SELECT id, severity, rule, title, time FROM finding
       WHERE EXISTS (SELECT 1 FROM json_each(finding.principals) WHERE value = ?)
       ORDER BY ${SEVERITY_RANK}, time, id`,
    )
    .all(principal) as Array<{ id: string; severity: Severity; rule: string; title: string; time: string | null }>;
}

export interface CitedRow {
  source: 'audit' | 'permission' | 'message' | 'inbox_rule';
  id: number;
  time: string | null;
  /** Whether the row is sent mail: a trace row or an audited Send / SendAs / SendOnBehalf. */
  sent: boolean;
  /** The sender mailbox of sent mail. */
  sender: string | null;
  subject: string | null;
}

/** Everything a finding cites, in citation order, read as sent mail where it is. */
export function citedRows(db: ReadDb, findingId: string): CitedRow[] {
  const ops = placeholders(SEND_OPERATIONS.length);
  const rows = sqlite(db)
    .prepare(
      `SELECT fr.source, fr.source_id AS id, coalesce(m.time, ae.time) AS time,
              (fr.source = 'message' OR ae.operation IN (${ops})) AS sent,
              coalesce(m.sender, CASE WHEN ae.operation IN (${ops})
                THEN (SELECT ${AUDITED_SENDER} FROM audit_event WHERE id = fr.source_id) END) AS sender,
              coalesce(m.subject, CASE WHEN ae.operation IN (${ops})
                THEN (SELECT ${rawJson('$.Item.Subject')} FROM audit_event WHERE id = fr.source_id) END) AS subject
       FROM finding_ref fr
       LEFT JOIN message m ON fr.source = 'message' AND m.id = fr.source_id
       LEFT JOIN audit_event ae ON fr.source = 'audit' AND ae.id = fr.source_id
       WHERE fr.finding_id = ? ORDER BY fr.ord`,
    )
    .all(...SEND_OPERATIONS, ...SEND_OPERATIONS, ...SEND_OPERATIONS, findingId) as Array<
    Omit<CitedRow, 'sent'> & { sent: number | null }
  >;
  return rows.map((r) => ({
    ...r,
    sent: r.sent === 1,
    // AuditData sometimes writes the sender as `smtp:address` (prepareAuditedSends strips it too).
    sender: r.sender?.startsWith('smtp:') ? r.sender.slice(5) : r.sender,
  }));
}
