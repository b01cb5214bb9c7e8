/**
 * Context around one delegation grant that no public rule scores (public rules look at the grant
 * event alone and never link it to its use): was it used, and how soon; was it removed again; was it
 * made out of hours, by a first-time granter, from an IP new for that account, to an external or
 * freshly created trustee.
 */
import type { AnalysisContext } from '../../analysis/context.js';
import { edgeKey } from '../../analysis/delegation/graph.js';
import type { AuditRow } from '../../analysis/delegation/types.js';
import type { DelegationChange } from '../../records/delegation.js';
import { isApprovedDelegate, isBusinessHours } from '../../analysis/settings.js';
import { UseIndex, type UseRecord } from '../../analysis/use-index.js';
import { textOf } from '../../records/values.js';

export interface GrantFacts {
  offHours: boolean;
  external: boolean;
  firstTimeGranter: boolean;
  newIp: boolean;
  trusteeCreatedRecently: boolean;
  uses: UseRecord[];
  removal: DelegationChange | null;
  approved: boolean;
  knownAdmin: boolean;
  /**
   * The granter administers mailboxes routinely (decided from the case: many grants to several
   * trustees over days) and made this one from an address it habitually uses: the phrase to show.
   */
  routine: string | null;
  /** For application grants: the record that added the application's service principal. */
  appAdded: AuditRow | null;
}

const CREATION_OPERATIONS = ['New-Mailbox', 'New-MailUser', 'Add user.', 'Add user'];
const SP_ADDED = ['Add service principal.', 'Add service principal'];
const HOUR = 3_600_000;

export class GrantFactsBuilder {
  private readonly firstGrantByActor = new Map<string, string>();
  private readonly ipFirstSeen = new Map<string, string>();
  /**
   * First time any account in the case used an address: attacker infrastructure is new to the tenant, office egress
   * is not.
   */
  private readonly tenantIpFirstSeen = new Map<string, string>();
  private readonly actorFirstSeen = new Map<string, string>();
  private readonly removals = new Map<string, DelegationChange[]>();
  private readonly created = new Map<string, string[]>();
  /** Per actor: its audited, successful grants (time and address). */
  private readonly grantsBy = new Map<string, Array<{ time: string; ip: string | null; trustee: string }>>();
  /** Days on which each (account, address) pair was used. */
  private readonly pairDays = new Map<string, number>();

  constructor(
    private readonly ctx: AnalysisContext,
    private readonly useIndex: UseIndex,
  ) {
    for (const c of ctx.changes) {
      if (c.action === 'grant' && c.actor && c.time && !this.firstGrantByActor.has(c.actor))
        this.firstGrantByActor.set(c.actor, c.time);
      if (c.action === 'grant' && c.actor && c.time && c.auditEventId !== null && c.succeeded && !c.detail.viaGroup) {
        const list = this.grantsBy.get(c.actor) ?? [];
        list.push({ time: c.time, ip: c.clientIp, trustee: c.trustee });
        this.grantsBy.set(c.actor, list);
      }
      if (c.action === 'remove') {
        const k = edgeKey(c);
        const list = this.removals.get(k) ?? [];
        list.push(c);
        this.removals.set(k, list);
      }
    }
    // One pass over the audit table each (per-actor or per-address lookups would rescan it per grant).
    const actors = new Set(ctx.changes.map((c) => c.actor).filter((a): a is string => !!a));
    for (const r of ctx.addressHistory()) {
      if (!actors.has(r.actor)) continue;
      this.ipFirstSeen.set(`${r.actor}|${r.ip}`, r.first);
      this.pairDays.set(`${r.actor}|${r.ip}`, r.days);
      const earliest = this.actorFirstSeen.get(r.actor);
      if (earliest === undefined || r.first < earliest) this.actorFirstSeen.set(r.actor, r.first);
    }
    for (const [ip, first] of ctx.addressFirstSeen()) this.tenantIpFirstSeen.set(ip, first);
    for (const row of ctx.audit(CREATION_OPERATIONS)) {
      const who = ctx.ids.resolve(
        row.params.UserPrincipalName ?? row.params.PrimarySmtpAddress ?? row.params.Name ?? row.target,
      );
      if (!who) continue;
      const list = this.created.get(who) ?? [];
      list.push(row.time);
      this.created.set(who, list);
    }
  }

  facts(c: DelegationChange): GrantFacts {
    const time = c.time ?? '';
    const actor = c.actor;
    const ipFirst = actor && c.clientIp ? this.ipFirstSeen.get(`${actor}|${c.clientIp}`) : undefined;
    const actorFirst = actor ? this.actorFirstSeen.get(actor) : undefined;
    const removal = (this.removals.get(edgeKey(c)) ?? []).find((r) => (r.time ?? '') >= time) ?? null;
    const before = Date.parse(time);
    return {
      offHours: time !== '' && !isBusinessHours(time, this.ctx.settings),
      external: this.ctx.tenant.isExternal(c.trustee),
      firstTimeGranter: !!actor && this.firstGrantByActor.get(actor) === time,
      // New only when the account has a day of history from other addresses before this IP appeared
      // (in a short log window an admin's first address proves nothing), and no other account in the
      // case used the address earlier either.
      newIp:
        !!ipFirst &&
        !!actorFirst &&
        Date.parse(actorFirst) <= Date.parse(ipFirst) - 24 * HOUR &&
        Date.parse(ipFirst) >= before - 2 * HOUR &&
        Date.parse(this.tenantIpFirstSeen.get(c.clientIp ?? '') ?? ipFirst) >= before - 2 * HOUR,
      trusteeCreatedRecently: (this.created.get(c.trustee) ?? []).some((t) => {
        const d = before - Date.parse(t);
        return d >= 0 && d <= 7 * 24 * HOUR;
      }),
      uses: this.useIndex
        .usesOf(c.trustee, c.mailbox, time)
        .filter((u) => !removal || u.row.time <= (removal.time ?? '')),
      removal,
      approved: isApprovedDelegate(this.ctx.settings, c.trustee, c.mailbox),
      appAdded: c.detail.spObjectId
        ? (this.ctx
            .audit(SP_ADDED)
            .find(
              (r) => r.time <= time && textOf(r.data.ObjectId).toLowerCase() === c.detail.spObjectId!.toLowerCase(),
            ) ?? null)
        : null,
      knownAdmin: this.ctx.isKnownAdmin(actor),
      routine: this.routine(c),
    };
  }

  /**
   * Routine when the granter made at least 4 grants to 3 or more trustees on 2 or more days (help
   * desk, Exchange admins), and this one came from an address it used on several days or that much
   * of the tenant uses (the office egress).
   */
  private routine(c: DelegationChange): string | null {
    const grants = c.actor ? (this.grantsBy.get(c.actor) ?? []) : [];
    const days = new Set(grants.map((g) => g.time.slice(0, 10))).size;
    const trustees = new Set(grants.map((g) => g.trustee)).size;
    if (grants.length < 4 || trustees < 3 || days < 2) return null;
    const usual =
      (c.clientIp !== null && (this.pairDays.get(`${c.actor}|${c.clientIp}`) ?? 0) >= 2) ||
      this.ctx.isCommonEgress(c.clientIp);
    if (!usual) return null;
    return `${c.actor} administers mailboxes routinely (${grants.length} grants to ${trustees} trustees on ${days} days) and used its usual address`;
  }
}

/** The case's grant-facts builder (one per analysis run; rules share it through ctx.memo). */
export const grantFacts = (ctx: AnalysisContext): GrantFactsBuilder =>
  new GrantFactsBuilder(
    ctx,
    ctx.memo('use-index', () => new UseIndex(ctx)),
  );
