/**
 * Permission dumps as delegation observations: the state the dump shows, at the time it says it
 * held (or an unknown time, taken as "when the evidence was collected").
 */
import type { PermissionRow } from '../../store/analysis-reads.js';
import { groupMailboxPrincipal } from '../../exchange/folders.js';
import { isBuiltInTrustee } from '../../exchange/system-actors.js';
import type { IdentityResolver } from '../identity-resolver.js';
import type { DelegationChange } from '../../records/delegation.js';

const PSEUDO_USERS = new Set(['Default', 'Anonymous', 'Everyone']);

/**
 * Entries every mailbox has (SELF, inherited and built-in principals, folder pseudo-users with no rights); they are not
 * delegation.
 */
function isDefaultEntry(p: PermissionRow): boolean {
  const t = (p.trustee ?? '').toLowerCase();
  if (p.inherited === 1) return true;
  if (isBuiltInTrustee(p.trustee)) return true;
  if (p.kind === 'folder' && (t === 'default' || t === 'anonymous') && /^(none)?$/i.test(p.rights.trim())) return true;
  return false;
}

export function changesFromDumps(rows: readonly PermissionRow[], ids: IdentityResolver): DelegationChange[] {
  const out: DelegationChange[] = [];
  for (const p of rows) {
    if (!p.trustee || p.deny === 1 || isDefaultEntry(p)) continue;
    const tenantWide =
      p.kind === 'app-role' ||
      p.kind === 'impersonation' ||
      (p.kind === 'delegated-grant' && /^allprincipals$/i.test(p.mailbox));
    const isApp = p.kind === 'app-role' || p.kind === 'delegated-grant';
    const detail: Record<string, string> = {};
    if (p.values_lost) detail.valuesLost = 'true';
    if (p.kind === 'app-role') detail.resource = p.mailbox;
    const mailbox = tenantWide ? '*' : (ids.resolve(p.mailbox) ?? p.mailbox);
    out.push({
      time: p.observed_at,
      action: 'observed',
      kind: p.kind,
      mailbox,
      trustee: isApp
        ? `app:${p.trustee}`
        : PSEUDO_USERS.has(p.trustee)
          ? p.trustee
          : (groupMailboxPrincipal(p.trustee, mailbox) ?? ids.resolve(p.trustee) ?? p.trustee),
      rights: p.values_lost ? ['(values lost at export)'] : p.rights.split(/,\s*/).filter(Boolean),
      folder: p.folder,
      actor: null,
      clientIp: null,
      succeeded: true,
      auditEventId: null,
      permissionId: p.id,
      inboxRuleId: null,
      detail,
    });
  }
  return out;
}
