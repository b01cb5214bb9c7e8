/**
 * Everything a detection rule reads, built once per analysis run.
 */
import type { CaseSettings } from '../../../shared/domain.js';
import { loadAuditRows, type AuditRowOptions } from './audit-rows.js';
import type { AuditRow } from './delegation/types.js';
import type { DelegationChange } from '../records/delegation.js';
import type { IdentityResolver } from './identity-resolver.js';
import type { InboxRuleView } from './inbox-rules/view.js';
import type { TenantProfile } from './tenant.js';
import type { SourceRef } from '../records/findings.js';
import { isIdentityKey } from '../records/identity-keys.js';
import {
  actorAddressFirstSeen,
  actorFirstSeen,
  type InboxRuleRow,
  type PermissionRow,
} from '../store/analysis-reads.js';
import type { ReadDb } from '../store/db.js';

/** The dump rows analysis read, by id, and when each dump file was collected (by evidence id). */
export interface DumpRows {
  permissions: ReadonlyMap<number, PermissionRow>;
  inboxRules: ReadonlyMap<number, InboxRuleRow>;
  collected: ReadonlyMap<number, { at: string | null; basis: string | null; file: string }>;
}

/** When what a dump row shows held, and how that was decided (said in the finding). */
export interface StateTime {
  time: string | null;
  basis: string;
}

export class AnalysisContext {
  private readonly cache = new Map<string, AuditRow[]>();

  constructor(
    readonly db: ReadDb,
    readonly settings: CaseSettings,
    readonly tenant: TenantProfile,
    readonly ids: IdentityResolver,
    /** Every delegation change, audit and dump, in time order (unknown times last). */
    readonly changes: readonly DelegationChange[],
    /** Every inbox rule the evidence shows: cmdlet and Outlook records, and dump rows. */
    readonly inboxRules: readonly InboxRuleView[],
    readonly dumps: DumpRows,
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
   * When the state a dump row shows held: the row's own last-modified time where the export has
   * one, else the time its file says it was collected, else unknown. Never the import's clock, and
   * never a time from another file.
   */
  stateTime(ref: SourceRef): StateTime {
    const perm = ref.source === 'permission' ? this.dumps.permissions.get(ref.id) : undefined;
    if (perm?.observed_at) return { time: perm.observed_at, basis: "the entry's own last-modified time in the dump" };
    const evidenceId =
      perm?.evidence_id ?? (ref.source === 'inbox_rule' ? this.dumps.inboxRules.get(ref.id)?.evidence_id : undefined);
    const file = evidenceId === undefined ? undefined : this.dumps.collected.get(evidenceId);
    if (file?.at)
      return { time: file.at, basis: `when ${file.file} was collected (${file.basis ?? 'as the file says'})` };
    return {
      time: null,
      basis: `time unknown: ${file?.file ?? 'the dump'} carries no time for this entry and no collection time`,
    };
  }

  /** Build a shared structure (an index several rules use) once per run. */
  memo<T>(key: string, build: () => T): T {
    if (!this.memos.has(key)) this.memos.set(key, build());
    return this.memos.get(key) as T;
  }

  /** First time each (account, client address) pair appears in the audit log, one pass, cached. */
  addressHistory(): Array<{ actor: string; ip: string; first: string; days: number }> {
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

  /** The accounts (identities, not service names) seen from each client address. */
  accountsByAddress(): Map<string, Set<string>> {
    return this.memo('accounts-by-address', () => {
      const m = new Map<string, Set<string>>();
      for (const r of this.addressHistory()) {
        if (!isIdentityKey(r.actor)) continue;
        let set = m.get(r.ip);
        if (!set) m.set(r.ip, (set = new Set()));
        set.add(r.actor);
      }
      return m;
    });
  }

  /**
   * An address much of the tenant uses day after day (office egress, a proxy, a VPN concentrator):
   * seen for at least 5 accounts and a tenth of all accounts with an address, on 3 or more days.
   * Its use is not evidence of anything. (An attacker's address used by several phished accounts
   * on one or two days is not one.)
   */
  isCommonEgress(ip: string | null): boolean {
    if (!ip) return false;
    const { accounts, days } = this.memo('egress-stats', () => {
      const allAccounts = new Set<string>();
      const daysByIp = new Map<string, number>();
      for (const r of this.addressHistory()) {
        if (isIdentityKey(r.actor)) allAccounts.add(r.actor);
        daysByIp.set(r.ip, Math.max(daysByIp.get(r.ip) ?? 0, r.days));
      }
      return { accounts: allAccounts.size, days: daysByIp };
    });
    const n = this.accountsByAddress().get(ip)?.size ?? 0;
    return n >= 5 && n >= accounts / 10 && (days.get(ip) ?? 0) >= 3;
  }

  /**
   * The mailbox each audit record acted on, as analysis resolved it (an inbox rule's owner, a
   * grant's mailbox): a record's own target is often a directory path ("…/Daniel Okafor\\Rule").
   */
  mailboxOfRecord(auditEventId: number): string | undefined {
    return this.memo('mailbox-of-record', () => {
      const m = new Map<number, string>();
      for (const c of this.changes) if (c.auditEventId !== null && c.mailbox !== '*') m.set(c.auditEventId, c.mailbox);
      for (const v of this.inboxRules) if (v.ref.source === 'audit') m.set(v.ref.id, v.mailbox);
      return m;
    }).get(auditEventId);
  }

  /** First appearance of each account in the audit log. */
  accountFirstSeen(): Map<string, string> {
    return this.memo('account-first-seen', () => actorFirstSeen(this.db));
  }

  isKnownAdmin(actor: string | null): boolean {
    return actor !== null && this.settings.knownAdmins.includes(actor.toLowerCase());
  }
}
