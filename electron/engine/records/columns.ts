/**
 * Audit and message rows in their stored column order. Parse workers compute these (JSON text,
 * natural key) where there is CPU to spare and send them as flat arrays; the evidence writer binds
 * them as they are.
 */
import type { NormalizedAuditEvent, NormalizedMessage } from './types.js';

/** audit_event columns after (evidence_id, row, line), in INSERT order. */
export type AuditColumns = [
  recordId: string,
  time: string,
  recordType: number | null,
  workload: string | null,
  operation: string,
  resultStatus: string | null,
  actor: string | null,
  userType: number | null,
  target: string | null,
  clientIp: string | null,
  parametersJson: string,
  raw: string,
];

export function auditColumns(ev: NormalizedAuditEvent): AuditColumns {
  return [
    ev.recordId,
    ev.time,
    ev.recordType,
    ev.workload,
    ev.operation,
    ev.resultStatus,
    ev.actor,
    ev.userType,
    ev.target,
    ev.clientIp,
    JSON.stringify(ev.parameters),
    ev.raw,
  ];
}

/** message columns after (evidence_id, row, line), in INSERT order; the natural key deduplicates. */
export type MessageColumns = [
  naturalKey: string,
  time: string,
  sender: string | null,
  recipient: string | null,
  subject: string | null,
  status: string | null,
  messageId: string | null,
  traceId: string | null,
  size: number | null,
  direction: string | null,
  clientIp: string | null,
  rawJson: string,
];

export function messageColumns(m: NormalizedMessage): MessageColumns {
  const key = [m.traceId ?? m.messageId ?? '', m.recipient ?? '', m.time, m.status ?? ''].join('|').toLowerCase();
  return [
    key,
    m.time,
    m.sender,
    m.recipient,
    m.subject,
    m.status,
    m.messageId,
    m.traceId,
    m.size,
    m.direction,
    m.clientIp,
    JSON.stringify(m.raw),
  ];
}
