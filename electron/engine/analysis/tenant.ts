/**
 * What the case says about the tenant itself: its mail domains (to tell internal from external
 * principals and forwarding destinations). Derived from evidence, overridable in case settings.
 */
import { tenantDomainEvidence } from '../store/analysis-reads.js';
import type { ReadDb } from '../store/db.js';

export class TenantProfile {
  constructor(readonly domains: ReadonlySet<string>) {}

  static derive(db: ReadDb, configured: readonly string[]): TenantProfile {
    const domains = new Set(configured.map((d) => d.toLowerCase()));
    const add = (address: string | null | undefined) => {
      const at = (address ?? '').lastIndexOf('@');
      if (at > 0) domains.add(address!.slice(at + 1).toLowerCase());
    };
    const evidence = tenantDomainEvidence(db);
    // Owners of audited mailboxes and mailboxes in dumps are tenant mailboxes by definition.
    for (const a of evidence.mailboxOwners) add(a);
    for (const a of evidence.dumpMailboxes) add(a);
    // OrganizationName is the tenant's onmicrosoft.com domain.
    for (const org of evidence.organizations) domains.add(org.toLowerCase());
    // A domain two or more regular users or admins act from is the tenant's.
    for (const r of evidence.actorDomains) if (r.n >= 2) domains.add(r.domain);
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
