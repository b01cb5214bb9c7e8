/**
 * Forwarding that dumps show: mailbox forwarding (Get-Mailbox), inbox rules that forward or redirect
 * (rule dumps), mail flow rules (Get-TransportRule). Reported like the same forward in the audit
 * log, under the same rule, unless the log already reported that grant; dated by the dump.
 */
import { edgeKey } from '../../analysis/delegation/graph.js';
import { changeRef } from '../../records/delegation.js';
import type { FindingDraft } from '../../records/findings.js';
import { dumpRuleScope } from '../../analysis/transport-rules.js';
import { describeForwarding, FORWARDING_CORRESPONDS, forwardingScore } from '../grants/forwarding-spec.js';
import type { Rule } from '../rule.js';
import { stableId } from '../send-common.js';
import { stateTimeOf } from './state-time.js';

const SOURCE: Record<string, string> = {
  forwarding: 'a mailbox or inbox-rule dump',
  'transport-rule': 'a mail flow (transport) rule dump',
};

export const forwardingInDumps: Rule = {
  id: 'mail-forwarding-set',
  title: 'Mail forwarding standing in dumps',
  techniques: ['T1114.003'],
  correspondsTo: FORWARDING_CORRESPONDS,
  run(ctx) {
    const granted = new Set(ctx.changes.filter((c) => c.action === 'grant' && c.succeeded).map(edgeKey));
    const out: FindingDraft[] = [];
    for (const c of ctx.changes) {
      if (c.action !== 'observed' || (c.kind !== 'forwarding' && c.kind !== 'transport-rule')) continue;
      if (c.trustee === '*' || granted.has(edgeKey(c))) continue;
      const ref = changeRef(c);
      if (!ref) continue;
      const s = forwardingScore(c, ctx);
      s.reasons.push('= no change in the audit log sets it up: set before the log window or by an unaudited path');
      const raw = ref.source === 'permission' ? ctx.dumps.permissions.get(ref.id)?.raw : undefined;
      const columns = raw ? (JSON.parse(raw) as Record<string, string>) : {};
      // A mail flow rule's own columns say whether it runs, until when, who last changed it and whose mail it takes.
      const scope = c.kind === 'transport-rule' ? dumpRuleScope(columns, ctx.ids) : {};
      if (c.kind === 'transport-rule') {
        const { State: state, ExpiryDate: expiry } = columns;
        const changedBy = columns.LastModifiedBy?.trim();
        const createdBy = columns.CreatedBy?.trim();
        if (state) s.reasons.push(`= rule state ${state}`);
        if (expiry?.trim()) s.reasons.push(`= expires ${expiry.trim()}`);
        if (changedBy) s.reasons.push(`= last changed by ${changedBy}`);
        else if (createdBy) s.reasons.push(`= created by ${createdBy}`);
        if (state && /^disabled$/i.test(state)) s.cap('low', 'the mail flow rule is disabled');
      }
      const when = stateTimeOf(ctx, c);
      const { title, what } = describeForwarding(c);
      out.push({
        id: stableId('mail-forwarding-set', 'dump', edgeKey(c)),
        rule: 'mail-forwarding-set',
        title,
        severity: s.severity,
        techniques: ['T1114.003'],
        time: when.time,
        principals: [
          ...new Set([c.mailbox, c.trustee, ...(scope.scopeAddresses?.split(';') ?? [])].filter((p) => p !== '*')),
        ],
        summary: `${SOURCE[c.kind]} shows ${what}; the audit log has no change setting it up.`,
        details: {
          rights: c.rights.join(', '),
          mailbox: c.mailbox,
          trustee: c.trustee,
          ...(c.folder ? { rule: c.folder } : {}),
          ...(c.detail.ruleName ? { rule: c.detail.ruleName } : {}),
          ...(scope.scope ? { scope: scope.scope } : {}),
          timeBasis: when.basis,
          severityReasons: s.reasons.join('; '),
          correspondsTo: FORWARDING_CORRESPONDS.join('; '),
        },
        refs: [ref],
      });
    }
    return out;
  },
};
