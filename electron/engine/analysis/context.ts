/**
 * Everything a detection rule reads, built once per analysis run.
 */
import type { CaseSettings } from '../../../shared/domain.js';
import { loadAuditRows, type AuditRowOptions } from './audit-rows.js';
import type { AuditRow } from './delegation/types.js';
import type { DelegationChange } from '../records/delegation.js';
import type { IdentityResolver } from './identity-resolver.js';
import type { TenantProfile } from './tenant.js';
import { actorAddressFirstSeen, actorFirstSeen, evidenceTimeBounds } from '../store/analysis-reads.js';
import type { ReadDb } from '../store/db.js';

export class AnalysisContext {
  private readonly cache = new Map<string, AuditRow[]>();

  constructor(
    readonly db: ReadDb,
    readonly settings: CaseSettings,
    readonly tenant: TenantProfile,
    readonly ids: IdentityResolver,
    /** Every delegation change, audit and dump, in time order (unknown times last). */
    readonly changes: readonly DelegationChange[],
  ) {}

  /** Audit records with these operations, in time order (cached per operation list). */
  audit(operations: readonly string[], options: AuditRowOptions = {}): AuditRow[] {
    const key = `${JSON.stringify(options)}:${operations.join('\n')}`;
    let rows = this.cache.get(key);
    if (!rows) this.cache.set(key, (rows = loadAuditRows(this.db, operations, options)));
    return rows;
  }

  private readonly memos = new Map<string, unknown>();

  /**
   * The time state findings (from dumps, which carry no event time) are dated: the end of the
   * evidence window, or the import time when no evidence has timestamps.
   */
  get stateTime(): string {
    return this.memo('state-time', () => {
      const r = evidenceTimeBounds(this.db);
      return r.lastTime ?? r.importedAt ?? new Date(0).toISOString();
    });
  }

  /** Build a shared structure (an index several rules use) once per run. */
  memo<T>(key: string, build: () => T): T {
    if (!this.memos.has(key)) this.memos.set(key, build());
    return this.memos.get(key) as T;
  }

  /** First time each (account, client address) pair appears in the audit log, one pass, cached. */
  addressHistory(): Array<{ actor: string; ip: string; first: string }> {
    return this.memo('address-history', () => actorAddressFirstSeen(this.db));
  }

  /** First time any account used each client address. */
  addressFirstSeen(): Map<string, string> {
    return this.memo('address-first-seen', () => {
      const m = new Map<string, string>();
      for (const r of this.addressHistory()) {
        const cur = m.get(r.ip);
        if (cur === undefined || r.first < cur) m.set(r.ip, r.first);
      }
      return m;
    });
  }

  /** First appearance of each account in the audit log. */
  accountFirstSeen(): Map<string, string> {
    return this.memo('account-first-seen', () => actorFirstSeen(this.db));
  }

  isKnownAdmin(actor: string | null): boolean {
    return actor !== null && this.settings.knownAdmins.includes(actor.toLowerCase());
  }
}
