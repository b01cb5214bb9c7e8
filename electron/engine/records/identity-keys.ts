/**
 * Which strings name an identity (a user, group, application or outside address) rather than an
 * object: SharePoint URLs, message ids, rule object paths and configuration names also appear in
 * actor and target columns, and are not principals of the case.
 */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isIdentityKey(key: string): boolean {
  const k = key.trim();
  if (k === '' || k.length > 320) return false;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(k)) return false; // URLs
  if (k.startsWith('<') || k.includes('/') || k.includes('\\')) return false; // message ids, paths, DOMAIN\object
  if (/^s-1-\d/i.test(k) || GUID.test(k)) return false; // SIDs and bare GUIDs
  if (k.startsWith('app:')) return true;
  // An SMTP address / UPN (guests included): one @, no spaces.
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(k);
}
