/**
 * Actors whose grants are Exchange Online's own provisioning, excluded by every public rule set:
 * Elastic and Sentinel exclude these UserIds, Elastic also UserType 3 (DcAdmin) / 4 (System).
 */
const SYSTEM_ACTORS = [
  'nt authority\\system (microsoft.exchange.servicehost)',
  'nt authority\\system (microsoft.exchange.adminapi.netcore)',
  'nt authority\\system (w3wp)',
  'devilfish-applicationaccount',
  's-1-5-18',
];

const SYSTEM_USER_TYPES = new Set([3, 4]);

export function isSystemActor(actor: string | null, userType: number | null): boolean {
  if (userType !== null && SYSTEM_USER_TYPES.has(userType)) return true;
  if (!actor) return false;
  const a = actor.toLowerCase();
  return SYSTEM_ACTORS.includes(a) || a.startsWith('nt authority\\system');
}

/**
 * The FullAccess grant of "Discovery Management" on DiscoverySearchMailbox{…} that provisioning
 * makes in every tenant: benign, though it looks like delegation (Hawk excludes it too).
 */
export function isDiscoveryProvisioningGrant(mailbox: string | null, trustee: string | null): boolean {
  return /discoverysearchmailbox/i.test(mailbox ?? '') && /discovery management/i.test(trustee ?? '');
}

/**
 * Trustees every mailbox's permission list carries (the owner's own entry, SYSTEM and other
 * well-known SIDs): never delegation.
 */
export function isBuiltInTrustee(trustee: string | null): boolean {
  const t = (trustee ?? '').toLowerCase();
  return t === 'nt authority\\self' || t === 'nt authority\\system' || t.startsWith('s-1-5-');
}
