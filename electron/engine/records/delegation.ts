/**
 * Delegation changes: the access edges between principals and mailboxes, as events in time.
 * Derived from audit records (grants, removals) and dumps (observations) by analysis, stored by the
 * analysis pipeline, replayed by the graph.
 */
import type { SourceRef } from './findings.js';
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
  /** The row it comes from: an audit record, a permission-dump row or an inbox-rule-dump row (one is set). */
  auditEventId: number | null;
  permissionId: number | null;
  inboxRuleId: number | null;
  detail: Record<string, string>;
}

/** The evidence row a change cites. */
export function changeRef(
  c: Pick<DelegationChange, 'auditEventId' | 'permissionId' | 'inboxRuleId'>,
): SourceRef | null {
  if (c.auditEventId !== null) return { source: 'audit', id: c.auditEventId };
  if (c.permissionId !== null) return { source: 'permission', id: c.permissionId };
  if (c.inboxRuleId !== null) return { source: 'inbox_rule', id: c.inboxRuleId };
  return null;
}
