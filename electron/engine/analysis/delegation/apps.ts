/**
 * One name per application. Entra records name the same service principal differently: app-role
 * assignments carry its display name, delegated grants and consents often only its object id. The
 * display name is learned from records that carry both ("Add service principal.", app-role grants)
 * and applied to the others, so the graph shows one application, not two.
 */
import type { AuditRow } from './types.js';
import type { DelegationChange } from '../../records/delegation.js';
import { textOf } from '../../records/values.js';

export const SERVICE_PRINCIPAL_ADDED = ['Add service principal.', 'Add service principal'];

const unquote = (s: unknown) =>
  textOf(s)
    .replace(/^\[?\s*"?|"?\s*\]?$/g, '')
    .trim();

export function nameApplications(changes: DelegationChange[], spAdded: readonly AuditRow[]): DelegationChange[] {
  const names = new Map<string, string>();
  for (const row of spAdded) {
    const list = Array.isArray(row.data.ModifiedProperties)
      ? (row.data.ModifiedProperties as Array<{ Name?: string; NewValue?: unknown }>)
      : [];
    const name = unquote(list.find((p) => p.Name === 'DisplayName')?.NewValue);
    const objectId = textOf(row.data.ObjectId).toLowerCase();
    if (name && objectId) names.set(objectId, name);
  }
  for (const c of changes) {
    const id = c.detail.spObjectId?.toLowerCase();
    const shown = c.trustee.replace(/^app:/, '');
    if (id && c.trustee.startsWith('app:') && shown.toLowerCase() !== id && !names.has(id)) names.set(id, shown);
  }
  if (names.size === 0) return changes;
  return changes.map((c) => {
    if (!c.trustee.startsWith('app:')) return c;
    const name =
      names.get(c.trustee.slice(4).toLowerCase()) ??
      (c.detail.spObjectId ? names.get(c.detail.spObjectId.toLowerCase()) : undefined);
    return name ? { ...c, trustee: `app:${name}` } : c;
  });
}
