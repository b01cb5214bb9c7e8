/**
 * Delegation changes: the access edges between principals and mailboxes, as events in time.
 * Derived from audit records (grants, removals) and dumps (observations) by analysis, stored by the
 * analysis pipeline, replayed by the graph.
 */
import type { PermissionKind } from './types.js';

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
  /**
   * Who holds the access: a principal, `Default`/`Anonymous`, `app:<name>`, a forwarding address, a device id;
   * `*` = all.
   */
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
