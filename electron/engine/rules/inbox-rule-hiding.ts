/**
 * Inbox rules that hide or divert mail (T1564.008), whichever evidence shows them: cmdlet records
 * (New-/Set-InboxRule from Outlook on the web or PowerShell), Outlook's UpdateInboxRules records
 * (the rule in OperationProperties), and inbox-rule dumps. Each finding names the mailbox the rule
 * belongs to (never the rule object's directory path), who made it and from where.
 */
import type { AnalysisContext } from '../analysis/context.js';
import type { InboxRuleView } from '../analysis/inbox-rules/view.js';
import type { FindingDraft } from '../records/findings.js';
import { describeActions, scoreRule, signalsOf } from './inbox-rule-signals.js';
import type { Rule } from './rule.js';
import { stableId } from './send-common.js';

const CORRESPONDS = [
  'Elastic: M365 Exchange Inbox Phishing Evasion Rule Created; Inbox Rule with Obfuscated Name',
  'Splunk: O365 BEC Email Hiding Rule Created',
  'Sentinel: Malicious Inbox Rule; Malicious BEC Inbox Rule',
  'Hawk: Test-SuspiciousInboxRule; Microsoft-Analyzer-Suite MoveToFolder blacklist',
];

const HOW: Record<InboxRuleView['operation'], string> = {
  create: 'created',
  modify: 'changed',
  enable: 'enabled',
  disable: 'disabled',
  remove: 'removed',
  observed: 'holds',
};

function finding(ctx: AnalysisContext, v: InboxRuleView): FindingDraft | null {
  if (v.operation === 'remove' || v.operation === 'disable') return null;
  const sig = signalsOf(v);
  const s = scoreRule(sig);
  if (!s) return null;
  if (v.byOther && v.actor) s.raise(`written into ${v.mailbox}'s mailbox by ${v.actor}, not its owner`);
  if (v.enabled === false) s.cap('low', 'the rule is disabled');
  if (!v.succeeded) s.cap('low', 'the cmdlet failed');
  const actions = describeActions(sig);
  const name = JSON.stringify(v.name ?? '(no name)');
  const when = v.time === null ? ctx.stateTime(v.ref) : { time: v.time, basis: 'the record' };
  const who =
    v.via === 'dump'
      ? 'A rule dump shows'
      : `${v.actor ?? 'Someone'}${v.via === 'outlook' ? ' (Outlook/MAPI)' : ''} ${HOW[v.operation]}`;
  return {
    id: stableId('inbox-rule-hiding', v.key),
    rule: 'inbox-rule-hiding',
    title: `Inbox rule ${name} on ${v.mailbox} ${actions}`,
    severity: s.severity,
    techniques: ['T1564.008', ...(sig.forwards.length ? ['T1114.003'] : [])],
    time: when.time,
    principals: [...new Set([v.mailbox, ...(v.actor ? [v.actor] : []), ...sig.forwards])],
    summary:
      `${who} inbox rule ${name} on ${v.mailbox} that ${actions}` +
      (sig.keywords.length ? ` when mail mentions ${sig.keywords.join(', ')}` : '') +
      (v.clientIp ? ` (from ${v.clientIp})` : '') +
      '.',
    details: {
      mailbox: v.mailbox,
      owner: `decided from ${v.ownerBasis}`,
      ...(v.actor ? { actor: v.actor } : {}),
      ...(v.clientIp ? { clientIp: v.clientIp } : {}),
      ruleName: v.name ?? '',
      ...(v.ruleId ? { ruleId: v.ruleId } : {}),
      actions,
      keywords: sig.keywords.join(', '),
      ...(v.time === null ? { timeBasis: when.basis } : {}),
      severityReasons: s.reasons.join('; '),
      correspondsTo: CORRESPONDS.join('; '),
    },
    refs: [v.ref],
  };
}

export const inboxRuleHiding: Rule = {
  id: 'inbox-rule-hiding',
  title: 'Inbox rule hides or diverts mail',
  techniques: ['T1564.008'],
  correspondsTo: CORRESPONDS,
  run: (ctx) => ctx.inboxRules.map((v) => finding(ctx, v)).filter((f): f is FindingDraft => f !== null),
};
