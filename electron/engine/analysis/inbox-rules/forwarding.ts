/**
 * Forwarding by inbox rules as delegation changes (kind `forwarding`, via inbox-rule), so the graph
 * shows where a mailbox's mail goes and the forwarding rule reports it. Rules are followed by
 * mailbox and rule (id, else name) in time order: a rule removed or disabled stops forwarding to
 * the destinations it had.
 */
import type { DelegationChange } from '../../records/delegation.js';
import type { InboxRuleView } from './view.js';

const ruleKey = (v: InboxRuleView) => `${v.mailbox}|${(v.ruleId ?? v.name ?? '').toLowerCase()}`;

function change(v: InboxRuleView, action: DelegationChange['action'], to: string, how: string): DelegationChange {
  return {
    time: v.time,
    action,
    kind: 'forwarding',
    mailbox: v.mailbox,
    trustee: to,
    rights: [how],
    folder: null,
    actor: v.actor,
    clientIp: v.clientIp,
    succeeded: v.succeeded,
    auditEventId: v.ref.source === 'audit' ? v.ref.id : null,
    permissionId: null,
    inboxRuleId: v.ref.source === 'inbox_rule' ? v.ref.id : null,
    detail: {
      via: 'inbox-rule',
      ruleName: v.name ?? '',
      ruleVia: v.via,
      ...(v.byOther ? { byOther: 'true' } : {}),
    },
  };
}

export function ruleForwardingChanges(views: readonly InboxRuleView[]): DelegationChange[] {
  const out: DelegationChange[] = [];
  const active = new Map<string, Array<{ to: string; how: string }>>();
  const timed = views.filter((v) => v.time !== null).sort((a, b) => a.time!.localeCompare(b.time!));
  for (const v of timed) {
    const k = ruleKey(v);
    if (v.operation === 'remove' || v.operation === 'disable') {
      for (const f of active.get(k) ?? []) out.push(change(v, 'remove', f.to, f.how));
      active.delete(k);
      continue;
    }
    if (v.forwards.length === 0 || v.enabled === false) continue;
    // A modification that keeps a destination the rule already had is not a new grant of it.
    const had = active.get(k) ?? [];
    for (const f of v.forwards)
      if (!had.some((h) => h.to === f.to && h.how === f.how)) out.push(change(v, 'grant', f.to, f.how));
    active.set(k, v.forwards);
  }
  for (const v of views)
    if (v.time === null && v.enabled !== false)
      for (const f of v.forwards) out.push(change(v, 'observed', f.to, f.how));
  return out;
}
