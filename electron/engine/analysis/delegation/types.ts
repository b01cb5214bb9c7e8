/**
 * Delegation changes: the access edges between principals and mailboxes, as events in time.
 */
import type { PermissionKind } from '../../ingest/normalized.js';

export type EdgeKind = PermissionKind;

/** `grant` / `remove` come from audit records; `observed` from a dump (state when it was taken). */
export type ChangeAction = 'grant' | 'remove' | 'observed';

export interface DelegationChange {
  /** ISO UTC; null for a dump observation whose collection time is unknown. */
  time: string | null;
  action: ChangeAction;
  kind: EdgeKind;
  /** The mailbox reached, or `*` for tenant-wide access (impersonation, application permissions). */
  mailbox: string;
  /** Who holds the access: a principal, `Default`/`Anonymous`, `app:<name>`, a forwarding address, a device id; `*` = all. */
  trustee: string;
  rights: string[];
  folder: string | null;
  actor: string | null;
  clientIp: string | null;
  succeeded: boolean;
  auditEventId: number | null;
  permissionId: number | null;
  detail: Record<string, string>;
}

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
