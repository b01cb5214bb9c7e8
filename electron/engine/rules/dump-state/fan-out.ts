/** One principal with read or send rights on many mailboxes (dumps and log grants together). */
import { isBuiltInTrustee } from '../../exchange/system-actors.js';
import { changeRef, type DelegationChange } from '../../records/delegation.js';
import type { FindingDraft } from '../../records/findings.js';
import type { Rule } from '../rule.js';
import { stableId } from '../send-common.js';
import { SeverityScore } from '../severity.js';
import { earliest, stateTimeOf } from './state-time.js';

/** Reaching this many mailboxes is a fan-out worth a look (Magic Hound read several executives'). */
const MANY_MAILBOXES = 5;
const CORRESPONDS = 'ExchangeHound: principals with mailbox control; CIPP / Extractor Suite reverse lookup requests';

export const delegationFanOut: Rule = {
  id: 'delegation-fan-out',
  title: 'One principal reaching many mailboxes',
  techniques: ['T1098.002'],
  correspondsTo: [CORRESPONDS],
  run(ctx) {
    const reach = new Map<string, Map<string, DelegationChange>>();
    for (const c of ctx.changes) {
      if (!['mailbox', 'send-as', 'send-on-behalf'].includes(c.kind) || c.action === 'remove' || !c.succeeded) continue;
      if (c.trustee === '*' || isBuiltInTrustee(c.trustee) || /^nt authority\\/i.test(c.trustee)) continue;
      if (/discovery management/i.test(c.trustee)) continue;
      const m = reach.get(c.trustee) ?? new Map<string, DelegationChange>();
      if (!m.has(c.mailbox)) m.set(c.mailbox, c);
      reach.set(c.trustee, m);
    }
    const out: FindingDraft[] = [];
    for (const [trustee, mailboxes] of reach) {
      if (mailboxes.size < MANY_MAILBOXES) continue;
      const s = new SeverityScore('medium').raise(`${trustee} reaches ${mailboxes.size} mailboxes`, 0);
      if (ctx.tenant.isExternal(trustee)) s.raise('the holder is outside the tenant');
      const list = [...mailboxes.keys()].sort();
      const when = earliest([...mailboxes.values()].map((c) => stateTimeOf(ctx, c)));
      out.push({
        id: stableId('delegation-fan-out', trustee),
        rule: 'delegation-fan-out',
        title: `${trustee} can access ${mailboxes.size} mailboxes`,
        severity: s.severity,
        techniques: ['T1098.002'],
        time: when.time,
        principals: [trustee, ...list],
        summary:
          `${trustee} holds FullAccess, SendAs or SendOnBehalf on ${mailboxes.size} mailboxes: ` +
          `${list.slice(0, 10).join(', ')}${list.length > 10 ? `, and ${list.length - 10} more` : ''}.`,
        details: {
          trustee,
          mailboxes: list.join(', '),
          timeBasis: when.basis,
          severityReasons: s.reasons.join('; '),
          correspondsTo: CORRESPONDS,
        },
        refs: [...mailboxes.values()].map((c) => changeRef(c)!),
      });
    }
    return out;
  },
};
