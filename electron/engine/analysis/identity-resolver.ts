/**
 * Resolving the many spellings of a principal to one key: lowercase SMTP/UPN where evidence links
 * them. Links come from dumps (principal_alias: display names, aliases) and from the audit records
 * themselves (mailbox records carry MailboxOwnerUPN beside MailboxGuid and MailboxOwnerSid; admin
 * records carry the directory-path ObjectId beside an SMTP Identity). A spelling no evidence links
 * stays as written: it is listed as unresolved, never guessed.
 */
import { adminObjectLinks, mailboxIdentityLinks, principalAliases } from '../store/analysis-reads.js';
import type { ReadDb } from '../store/db.js';
import { normalizeIdentity } from '../records/identity.js';

export class IdentityResolver {
  private readonly aliases = new Map<string, string>();

  constructor(db: ReadDb) {
    for (const r of principalAliases(db)) this.learn(r.alias, r.principal_key);
    for (const r of mailboxIdentityLinks(db)) {
      if (r.guid) this.learn(r.guid, r.target);
      if (r.sid) this.learn(r.sid, r.target);
    }
    for (const r of adminObjectLinks(db)) {
      this.learn(r.objectId, r.target);
      const last = lastSegment(r.objectId);
      if (last && !last.includes('@')) this.learn(last, r.target);
    }
  }

  /** Canonical key of a spelling, or the spelling itself (normalized) when nothing links it. */
  resolve(value: string | null | undefined): string | null {
    const norm = normalizeIdentity(value);
    if (norm === null || norm.includes('@')) return norm;
    const direct = this.aliases.get(norm.toLowerCase());
    if (direct) return direct;
    const last = lastSegment(norm);
    if (last && last !== norm) {
      const viaPath = this.aliases.get(last.toLowerCase());
      if (viaPath) return viaPath;
      if (last.includes('@')) return last.toLowerCase();
    }
    return norm;
  }

  private learn(alias: string, key: string): void {
    const a = alias.trim().toLowerCase();
    if (a && !this.aliases.has(a)) this.aliases.set(a, key);
  }
}

/** `NAMPR…/Microsoft Exchange Hosted Organizations/tenant/ceo` → `ceo`; `tenant\guid` → `guid`. */
function lastSegment(value: string): string | null {
  const parts = value.split(/[\\/]/).filter(Boolean);
  return parts.length > 1 ? parts[parts.length - 1]! : null;
}
