/**
 * Identity strings as they appear in evidence, normalized just enough to compare them:
 * `smtp:` prefixes dropped, SMTP/UPN addresses lowercased. Anything that is not an address
 * (display names, aliases, directory paths, SIDs) is kept as written: resolving those needs
 * mailbox evidence and is never guessed.
 */
export function normalizeIdentity(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  let s = value.trim();
  if (s === '') return null;
  if (/^smtp:/i.test(s)) s = s.slice(5);
  if (/^[^\s@]+@[^\s@]+$/.test(s)) return s.toLowerCase();
  return s;
}

/**
 * ClientIP as the service writes it: `203.0.113.45:51544`, `[2001:db8::1]:12345`,
 * `::ffff:10.1.2.3`, a bare IPv6, or empty. Returns the bare address or null.
 */
export function normalizeClientIp(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  let s = value.trim();
  if (s === '') return null;
  const bracketed = /^\[([0-9a-fA-F:.]+)\](?::\d+)?$/.exec(s);
  if (bracketed) s = bracketed[1]!;
  else if (/^\d{1,3}(?:\.\d{1,3}){3}:\d+$/.test(s)) s = s.slice(0, s.lastIndexOf(':'));
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(s);
  if (mapped) s = mapped[1]!;
  return s.toLowerCase();
}
