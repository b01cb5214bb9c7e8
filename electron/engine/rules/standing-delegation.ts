/**
 * Standing delegation and reconciliation of the dumps (snapshots) with the audit log (events): what
 * the dumps show that the audit log does not explain (granted before the log's window or by a path
 * that is not audited), and what the log granted that a later dump no longer shows (a removal,
 * possibly a cover-up).
 * - Risky standing access: Default/Anonymous folder read, external forwarding, external trustees,
 *   application mail permissions — one finding per entry.
 * - One principal reaching many mailboxes — one finding per principal.
 * - Granted in the log, absent from a dump that covers the mailbox — removed (or never effective).
 */
import crypto from 'node:crypto';
import type { AnalysisContext } from '../analysis/context.js';
import { grantsFolderRead } from '../exchange/folders.js';
import { reachesMail } from '../exchange/mail-scopes.js';
import { edgeKey } from '../analysis/delegation/graph.js';
import type { DelegationChange } from '../records/delegation.js';
import { isApprovedDelegate } from '../analysis/settings.js';
import type { Rule } from './rule.js';
import type { FindingDraft } from '../records/findings.js';
import { SeverityScore } from './severity.js';
import { completelyDumped } from '../store/analysis-reads.js';

/** Reaching this many mailboxes is a fan-out worth a look (Magic Hound read several executives'). */
const MANY_MAILBOXES = 5;
const hash = (s: string) => crypto.createHash('sha256').update(s).digest('hex').slice(0, 16);

function risk(c: DelegationChange, ctx: AnalysisContext): SeverityScore | null {
  if (c.kind === 'folder' && /^(default|anonymous|everyone)$/i.test(c.trustee) && grantsFolderRead(c.rights)) {
    return new SeverityScore('high').raise(`${c.trustee} can read the ${c.folder ?? ''} folder`, 0);
  }
  if (c.kind === 'forwarding' && ctx.tenant.isExternal(c.trustee)) {
    const domain = c.trustee.slice(c.trustee.lastIndexOf('@') + 1);
    if (ctx.settings.allowedForwardingDomains.includes(domain)) return null;
    return new SeverityScore('high').raise(`mail is forwarded outside the tenant to ${c.trustee}`, 0);
  }
  if ((c.kind === 'app-role' || c.kind === 'delegated-grant') && reachesMail(c.rights)) {
    return new SeverityScore(c.mailbox === '*' ? 'high' : 'medium').raise(
      `${c.trustee.replace(/^app:/, '')} holds ${c.rights.join(', ')}`,
      0,
    );
  }
  if (['mailbox', 'send-as', 'send-on-behalf', 'folder'].includes(c.kind) && ctx.tenant.isExternal(c.trustee)) {
    return new SeverityScore('high').raise(`the trustee ${c.trustee} is outside the tenant`, 0);
  }
  return null;
}

export const standingDelegation: Rule = {
  id: 'standing-delegation',
  title: 'Risky delegation standing in permission dumps',
  techniques: ['T1098.002'],
  correspondsTo: [
    'Mandiant AADI: Default/Anonymous folder permissions',
    'CrowdStrike CRT: delegates and forwarding report',
    'ExchangeHound: non-owner access hunts',
  ],
  run(ctx: AnalysisContext): FindingDraft[] {
    const out: FindingDraft[] = [];
    const observed = ctx.changes.filter((c) => c.action === 'observed' && c.permissionId !== null);
    const audited = new Set(ctx.changes.filter((c) => c.action === 'grant').map(edgeKey));

    for (const c of observed) {
      const s = risk(c, ctx);
      if (!s || isApprovedDelegate(ctx.settings, c.trustee, c.mailbox)) continue;
      const unexplained = !audited.has(edgeKey(c));
      if (unexplained)
        s.reasons.push('= no grant in the audit log: granted before the log window or by an unaudited path');
      out.push({
        id: `standing-delegation:${hash(edgeKey(c))}`,
        rule: this.id,
        title:
          `${c.trustee.replace(/^app:/, 'application ')} has ${c.kind} ${c.rights.join(', ')}` +
          `${c.folder ? ` on ${c.folder}` : ''} ${c.mailbox === '*' ? 'across the tenant' : `on ${c.mailbox}`}`,
        severity: s.severity,
        techniques: c.kind === 'forwarding' ? ['T1114.003'] : this.techniques,
        time: c.time ?? ctx.stateTime,
        principals: [c.trustee, c.mailbox].filter((x) => x !== '*'),
        summary:
          `A permission dump shows ${c.kind} access (${c.rights.join(', ')}) of ${c.trustee} ` +
          `${c.mailbox === '*' ? 'to all mailboxes' : `to ${c.mailbox}`}` +
          `${unexplained ? '; the audit log has no grant for it' : ''}.`,
        details: {
          kind: c.kind,
          rights: c.rights.join(', '),
          mailbox: c.mailbox,
          trustee: c.trustee,
          auditedGrant: unexplained ? 'none' : 'yes',
          severityReasons: s.reasons.join('; '),
          correspondsTo: this.correspondsTo.join('; '),
        },
        refs: [{ source: 'permission', id: c.permissionId! }],
      });
    }

    // Delegation a dump shows that the log never granted (granted before the window or by an
    // unaudited path), grouped per holder so a large tenant's routine delegations stay one line each.
    const unexplained = new Map<string, DelegationChange[]>();
    for (const c of observed) {
      if (!['mailbox', 'send-as', 'send-on-behalf'].includes(c.kind) || audited.has(edgeKey(c)) || risk(c, ctx))
        continue;
      if (
        /^(nt authority|s-1-5-)/i.test(c.trustee) ||
        /discovery management/i.test(c.trustee) ||
        isApprovedDelegate(ctx.settings, c.trustee, c.mailbox)
      )
        continue;
      const list = unexplained.get(c.trustee) ?? [];
      list.push(c);
      unexplained.set(c.trustee, list);
    }
    for (const [trustee, list] of unexplained) {
      const mailboxes = [...new Set(list.map((c) => c.mailbox))].sort();
      const rights = [...new Set(list.flatMap((c) => c.rights))].sort();
      out.push({
        id: `delegation-before-window:${hash(trustee)}`,
        rule: 'delegation-before-window',
        title:
          `${trustee} holds ${rights.join(', ')} ` +
          `on ${mailboxes.length === 1 ? mailboxes[0] : `${mailboxes.length} mailboxes`} ` +
          'with no grant in the audit log',
        severity: 'info',
        techniques: this.techniques,
        time: ctx.stateTime,
        principals: [trustee, ...mailboxes.slice(0, 20)],
        summary:
          `Permission dumps show ${trustee} with ${rights.join(', ')} on ${mailboxes.join(', ')}; ` +
          'no audit record in the case grants it, so it was granted before the log window or by an unaudited path. ' +
          'Confirm it is expected.',
        details: {
          trustee,
          mailboxes: mailboxes.join(', '),
          rights: rights.join(', '),
          correspondsTo: 'no public rule reconciles dumps with the log',
        },
        refs: list.slice(0, 20).map((c) => ({ source: 'permission' as const, id: c.permissionId! })),
      });
    }

    // Fan-out: one principal with read or send rights on many mailboxes (dumps and log grants).
    const reach = new Map<string, Map<string, DelegationChange>>();
    for (const c of ctx.changes) {
      if (
        !['mailbox', 'send-as', 'send-on-behalf'].includes(c.kind) ||
        c.action === 'remove' ||
        !c.succeeded ||
        c.trustee === '*'
      )
        continue;
      if (/^(nt authority|s-1-5-)/i.test(c.trustee) || /discovery management/i.test(c.trustee)) continue;
      const m = reach.get(c.trustee) ?? new Map<string, DelegationChange>();
      if (!m.has(c.mailbox)) m.set(c.mailbox, c);
      reach.set(c.trustee, m);
    }
    for (const [trustee, mailboxes] of reach) {
      if (mailboxes.size < MANY_MAILBOXES) continue;
      const s = new SeverityScore('medium').raise(`${trustee} reaches ${mailboxes.size} mailboxes`, 0);
      if (ctx.tenant.isExternal(trustee)) s.raise('the holder is outside the tenant');
      const list = [...mailboxes.keys()].sort();
      out.push({
        id: `delegation-fan-out:${hash(trustee)}`,
        rule: 'delegation-fan-out',
        title: `${trustee} can access ${mailboxes.size} mailboxes`,
        severity: s.severity,
        techniques: this.techniques,
        time:
          [...mailboxes.values()]
            .map((c) => c.time)
            .filter((t): t is string => !!t)
            .sort()[0] ?? ctx.stateTime,
        principals: [trustee, ...list.slice(0, 20)],
        summary:
          `${trustee} holds FullAccess, SendAs or SendOnBehalf on ${mailboxes.size} mailboxes: ` +
          `${list.slice(0, 10).join(', ')}${list.length > 10 ? ', …' : ''}.`,
        details: {
          trustee,
          mailboxes: list.join(', '),
          severityReasons: s.reasons.join('; '),
          correspondsTo:
            'ExchangeHound: principals with mailbox control; CIPP / Extractor Suite reverse lookup requests',
        },
        refs: [...mailboxes.values()]
          .slice(0, 20)
          .map((c) =>
            c.auditEventId !== null
              ? { source: 'audit' as const, id: c.auditEventId }
              : { source: 'permission' as const, id: c.permissionId! },
          ),
      });
    }

    // Reconciliation: granted in the log but missing from a dump that lists the mailbox's entries.
    // A dump covers a mailbox for a kind when it lists that mailbox's entries of that kind and did not
    // lose them to a type name at export (then absence proves nothing).
    const dumpCovered = new Set(
      completelyDumped(ctx.db).map((r) => `${r.kind}|${ctx.ids.resolve(r.mailbox) ?? r.mailbox}`.toLowerCase()),
    );
    const observedKeys = new Set(observed.map(edgeKey));
    const removedInLog = new Set(ctx.changes.filter((c) => c.action === 'remove').map(edgeKey));
    for (const c of ctx.changes) {
      if (c.action !== 'grant' || !c.succeeded || c.auditEventId === null) continue;
      const k = edgeKey(c);
      if (!dumpCovered.has(`${c.kind}|${c.mailbox}`.toLowerCase()) || observedKeys.has(k) || removedInLog.has(k))
        continue;
      const s = new SeverityScore('medium').raise(
        'the grant is gone from the later dump and the log shows no removal',
        0,
      );
      out.push({
        id: `grant-missing-from-dump:${hash(`${k}|${c.time}`)}`,
        rule: 'grant-missing-from-dump',
        title: `${c.kind} grant of ${c.mailbox} to ${c.trustee} is absent from the permission dump`,
        severity: s.severity,
        techniques: this.techniques,
        time: c.time ?? ctx.stateTime,
        principals: [c.actor, c.mailbox, c.trustee].filter((x): x is string => !!x),
        summary:
          `${c.actor ?? 'Someone'} granted ${c.rights.join(', ')} on ${c.mailbox} to ${c.trustee} at ${c.time}, ` +
          `but a dump listing ${c.mailbox}'s ${c.kind} entries no longer has it and no removal was logged ` +
          '(removed by an unaudited path, or the dump predates the grant).',
        details: {
          kind: c.kind,
          mailbox: c.mailbox,
          trustee: c.trustee,
          severityReasons: s.reasons.join('; '),
          correspondsTo: 'no public rule reconciles dumps with the log',
        },
        refs: [{ source: 'audit', id: c.auditEventId }],
      });
    }
    return out;
  },
};
