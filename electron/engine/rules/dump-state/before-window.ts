/**
 * Delegation a dump shows that the log never granted (granted before the window or by an unaudited
 * path), one finding per holder so a large tenant's routine delegations stay one line each.
 */
import { edgeKey } from '../../analysis/delegation/graph.js';
import { isApprovedDelegate } from '../../analysis/settings.js';
import { isBuiltInTrustee } from '../../exchange/system-actors.js';
import { changeRef, type DelegationChange } from '../../records/delegation.js';
import type { FindingDraft } from '../../records/findings.js';
import type { Rule } from '../rule.js';
import { stableId } from '../send-common.js';
import { earliest, stateTimeOf } from './state-time.js';
import { standingRisk } from './standing-access.js';

export const delegationBeforeWindow: Rule = {
  id: 'delegation-before-window',
  title: 'Delegation in dumps with no grant in the audit log',
  techniques: ['T1098.002'],
  correspondsTo: ['no public rule reconciles dumps with the log'],
  run(ctx) {
    const audited = new Set(ctx.changes.filter((c) => c.action === 'grant').map(edgeKey));
    const byHolder = new Map<string, DelegationChange[]>();
    for (const c of ctx.changes) {
      if (c.action !== 'observed' || c.permissionId === null) continue;
      if (!['mailbox', 'send-as', 'send-on-behalf'].includes(c.kind) || audited.has(edgeKey(c))) continue;
      if (standingRisk(c, ctx) || isBuiltInTrustee(c.trustee) || /discovery management/i.test(c.trustee)) continue;
      if (isApprovedDelegate(ctx.settings, c.trustee, c.mailbox)) continue;
      const list = byHolder.get(c.trustee) ?? [];
      list.push(c);
      byHolder.set(c.trustee, list);
    }
    const out: FindingDraft[] = [];
    for (const [trustee, list] of byHolder) {
      const mailboxes = [...new Set(list.map((c) => c.mailbox))].sort();
      const rights = [...new Set(list.flatMap((c) => c.rights))].sort();
      const when = earliest(list.map((c) => stateTimeOf(ctx, c)));
      out.push({
        id: stableId('delegation-before-window', trustee),
        rule: 'delegation-before-window',
        title:
          `${trustee} holds ${rights.join(', ')} ` +
          `on ${mailboxes.length === 1 ? mailboxes[0] : `${mailboxes.length} mailboxes`} ` +
          'with no grant in the audit log',
        severity: 'info',
        techniques: ['T1098.002'],
        time: when.time,
        principals: [trustee, ...mailboxes],
        summary:
          `Permission dumps show ${trustee} with ${rights.join(', ')} on ${mailboxes.join(', ')}; ` +
          'no audit record in the case grants it, so it was granted before the log window or by an unaudited path. ' +
          'Confirm it is expected.',
        details: {
          trustee,
          mailboxes: mailboxes.join(', '),
          rights: rights.join(', '),
          timeBasis: when.basis,
          correspondsTo: 'no public rule reconciles dumps with the log',
        },
        refs: list.map((c) => changeRef(c)!),
      });
    }
    return out;
  },
};
