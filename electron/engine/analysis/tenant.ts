/**
 * What the case says about the tenant itself: its mail domains (to tell internal from external
 * principals and forwarding destinations). Derived from evidence, overridable in case settings.
 */
import type Database from 'better-sqlite3';

export class TenantProfile {
  constructor(readonly domains: ReadonlySet<string>) {}

  static derive(db: Database.Database, configured: readonly string[]): TenantProfile {
    const domains = new Set(configured.map((d) => d.toLowerCase()));
    const add = (address: string | null | undefined) => {
      const at = (address ?? '').lastIndexOf('@');
      if (at > 0) domains.add(address!.slice(at + 1).toLowerCase());
    };
    // Owners of audited mailboxes and mailboxes in dumps are tenant mailboxes by definition.
    for (const r of db
      .prepare("SELECT DISTINCT target FROM audit_event WHERE record_type IN (2, 3, 50) AND target LIKE '%@%'")
      .iterate() as Iterable<{ target: string }>)
      add(r.target);
    for (const r of db
      .prepare(
        "SELECT DISTINCT mailbox FROM permission WHERE mailbox LIKE '%@%' AND kind NOT IN ('app-role', 'delegated-grant')",
      )
      .iterate() as Iterable<{ mailbox: string }>)
      add(r.mailbox);
    // OrganizationName is the tenant's onmicrosoft.com domain; admin records carry it (a sample suffices).
    for (const r of db
      .prepare(
        "SELECT DISTINCT json_extract(raw, '$.OrganizationName') AS org FROM (SELECT raw FROM audit_event WHERE record_type = 1 LIMIT 2000) WHERE json_extract(raw, '$.OrganizationName') IS NOT NULL",
      )
      .iterate() as Iterable<{ org: string }>)
      domains.add(r.org.toLowerCase());
    // Admins and regular users acting in the tenant (UserType 0 Regular, 2 Admin) with 2+ accounts per domain.
    const actorDomains = db
      .prepare(
        `
      SELECT lower(substr(actor, instr(actor, '@') + 1)) AS domain, count(DISTINCT actor) AS n
      FROM audit_event WHERE actor LIKE '%@%' AND user_type IN (0, 2) GROUP BY domain`,
      )
      .all() as Array<{ domain: string; n: number }>;
    for (const r of actorDomains) if (r.n >= 2) domains.add(r.domain);
    return new TenantProfile(domains);
  }

  /** Domain of an address, or null for non-addresses (display names, pseudo users). */
  static domainOf(address: string): string | null {
    const at = address.lastIndexOf('@');
    return at > 0 && !address.includes(' ') ? address.slice(at + 1).toLowerCase() : null;
  }

  isExternal(address: string): boolean {
    if (/#ext#/i.test(address)) return true; // guest accounts: user_gmail.com#EXT#@tenant.onmicrosoft.com
    const d = TenantProfile.domainOf(address);
    return d !== null && !this.domains.has(d);
  }
}
