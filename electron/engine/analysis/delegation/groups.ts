/**
 * Grants to groups reach their members. When the evidence shows membership (Entra "Add member to
 * group." / "Remove member from group." records), a grant to the group becomes access for each
 * member from the later of the grant and the member's joining, marked `viaGroup`. Without
 * membership evidence the group stays one principal: members are never guessed.
 */
import type { IdentityResolver } from '../identity-resolver.js';
import type { AuditRow } from './types.js';
import type { DelegationChange } from '../../records/delegation.js';
import { textOf } from '../../records/values.js';

export const MEMBERSHIP_OPERATIONS = [
  'Add member to group.',
  'Add member to group',
  'Remove member from group.',
  'Remove member from group',
];

interface Membership {
  member: string;
  time: string;
  added: boolean;
  auditEventId: number;
}

const unquote = (s: string | undefined) => (s ?? '').replace(/^\[?\s*"?|"?\s*\]?$/g, '').trim();

function groupOf(row: AuditRow): string {
  const list = row.data.ModifiedProperties;
  if (Array.isArray(list)) {
    const p = (list as Array<{ Name?: string; NewValue?: unknown; OldValue?: unknown }>).find(
      (x) => x.Name === 'Group.DisplayName',
    );
    if (p) return unquote(textOf(p.NewValue || p.OldValue));
  }
  return unquote(row.params['Group.DisplayName']);
}

export function expandGroupGrants(
  changes: readonly DelegationChange[],
  membershipRows: readonly AuditRow[],
  ids: IdentityResolver,
): DelegationChange[] {
  const byGroup = new Map<string, Membership[]>();
  for (const row of membershipRows) {
    const group = groupOf(row).toLowerCase();
    const member = ids.resolve(row.target);
    if (!group || !member || !row.succeeded) continue;
    const list = byGroup.get(group) ?? [];
    list.push({ member, time: row.time, added: row.operation.startsWith('Add'), auditEventId: row.id });
    byGroup.set(group, list);
  }
  if (byGroup.size === 0) return [];
  const out: DelegationChange[] = [];
  for (const c of changes) {
    if (c.action === 'remove' || c.detail.viaGroup) continue;
    const members = byGroup.get(c.trustee.toLowerCase());
    if (!members) continue;
    for (const m of members) {
      const time = c.time === null ? m.time : m.time > c.time ? m.time : c.time;
      out.push({
        ...c,
        trustee: m.member,
        time,
        action: m.added ? (c.action === 'observed' && c.time === null ? 'grant' : c.action) : 'remove',
        detail: { ...c.detail, viaGroup: c.trustee, membershipRecord: String(m.auditEventId) },
      });
    }
  }
  return out;
}
