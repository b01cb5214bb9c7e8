/**
 * How analysis reads audit records, and helpers for the delegation readers.
 */
import type { DelegationChange } from '../../records/delegation.js';

/** An audit record as the delegation readers and rules see it. */
export interface AuditRow {
  id: number;
  time: string;
  recordId: string;
  recordType: number | null;
  operation: string;
  actor: string | null;
  userType: number | null;
  target: string | null;
  clientIp: string | null;
  succeeded: boolean;
  params: Record<string, string>;
  /** Parsed AuditData. */
  data: Record<string, unknown>;
}

export function splitRights(value: string | undefined): string[] {
  return (value ?? '')
    .split(/[,;]\s*|\s+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export const isFailure = (status: string | null): boolean => /^(false|failed|failure)$/i.test(status ?? '');

/** A delegation change made by an audit record: who, when, from where and whether it succeeded come from the row. */
export function changeFromAudit(
  row: AuditRow,
  partial: Omit<
    DelegationChange,
    'time' | 'actor' | 'clientIp' | 'succeeded' | 'auditEventId' | 'permissionId' | 'inboxRuleId'
  >,
): DelegationChange {
  return {
    time: row.time,
    actor: row.actor,
    clientIp: row.clientIp,
    succeeded: row.succeeded,
    auditEventId: row.id,
    permissionId: null,
    inboxRuleId: null,
    ...partial,
  };
}
