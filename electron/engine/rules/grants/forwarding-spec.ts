/**
 * Forwarding: mailbox forwarding (Set-Mailbox, Get-Mailbox dumps), inbox rules that forward,
 * redirect or forward as attachment (cmdlets, Outlook's UpdateInboxRules, rule dumps), and mail
 * flow rules that redirect, Bcc, copy or add recipients at the transport level (T1114.003). The
 * same forward is rated alike whether the audit log or a dump shows it: outside the tenant, high.
 */
import type { AnalysisContext } from '../../analysis/context.js';
import type { DelegationChange } from '../../records/delegation.js';
import { SeverityScore } from '../severity.js';
import { rightsOf as rights, type GrantRuleSpec } from './spec.js';

export const FORWARDING_CORRESPONDS = [
  'Elastic: M365 Exchange Inbox Forwarding Rule Created; Mail Flow Transport Rule Created',
  'Splunk: O365 Mailbox Email Forwarding Enabled; O365 New Forwarding Mailflow Rule Created',
  'Sentinel: Multiple users email forwarded to same destination; Mail redirect via ExO transport rule',
  'Panther: Microsoft Exchange External Forwarding',
];

const ACTION_WORDS: Record<string, string> = {
  RedirectMessageTo: 'redirects',
  BlindCopyTo: 'Bcc-copies',
  CopyTo: 'copies',
  AddToRecipients: 'adds as a recipient',
  RedirectTo: 'redirects',
  ForwardAsAttachmentTo: 'forwards as attachment',
  ModerateMessageByUser: 'holds for approval by',
  GenerateIncidentReport: 'sends incident reports with the message to',
  DescribedAction: 'sends',
};

/** How serious forwarding to this destination is, with the reasons; null when the case allows it. */
export function forwardingScore(c: DelegationChange, ctx: AnalysisContext): SeverityScore {
  const domain = c.trustee.includes('@') ? c.trustee.slice(c.trustee.lastIndexOf('@') + 1) : null;
  if (domain && ctx.settings.allowedForwardingDomains.includes(domain))
    return new SeverityScore('info').cap('info', `forwarding to ${domain} is allowed in the case settings`);
  const external = ctx.tenant.isExternal(c.trustee);
  const s = new SeverityScore(external ? 'high' : 'low');
  if (external) s.reasons.push(`= the destination ${c.trustee} is outside the tenant`);
  if (c.kind === 'transport-rule') {
    s.reasons.push(
      `= mail flow rule ${JSON.stringify(c.folder ?? '')} ${ACTION_WORDS[c.rights[0] ?? ''] ?? 'sends'} ` +
        'matching mail at the transport level: no mailbox owner sees it in Outlook',
    );
    if (/^(audit|auditandnotify)$/i.test(c.detail.mode ?? ''))
      s.lower(`the rule is in ${c.detail.mode} mode (not enforced)`);
    if (c.detail.state) s.reasons.push(`= rule state ${c.detail.state}`);
    if (c.detail.expiry) s.reasons.push(`= expires ${c.detail.expiry}`);
    if (c.actor) s.reasons.push(`= ${c.detail.operation ?? 'changed'} by ${c.actor}`);
  }
  if (c.detail.via === 'inbox-rule') {
    s.reasons.push(`= through inbox rule ${JSON.stringify(c.detail.ruleName ?? '')}`);
    if (c.detail.ruleVia === 'outlook') s.reasons.push('= made in Outlook (mailbox audit UpdateInboxRules)');
    if (c.detail.byOther === 'true' && c.actor) s.raise(`set in ${c.mailbox}'s mailbox by ${c.actor}, not its owner`);
  }
  if (/^redirect/i.test(c.rights[0] ?? ''))
    s.reasons.push('= redirected: the original recipient does not keep the mail');
  return s;
}

export function describeForwarding(c: DelegationChange): { title: string; what: string } {
  if (c.kind === 'transport-rule')
    return {
      title: `Mail flow rule ${JSON.stringify(c.folder ?? '')} ${ACTION_WORDS[c.rights[0] ?? ''] ?? 'sends'} mail to ${c.trustee}`,
      what:
        `a mail flow rule ${JSON.stringify(c.folder ?? '')} that ${ACTION_WORDS[c.rights[0] ?? ''] ?? 'sends'} ` +
        `${c.detail.scope ? `mail matching ${c.detail.scope}` : 'mail'} to ${c.trustee} (${rights(c)})`,
    };
  const how = c.rights[0] === 'RedirectTo' ? 'redirected' : 'forwarded';
  return {
    title: `Mail of ${c.mailbox} ${how} to ${c.trustee}` + (c.detail.via === 'inbox-rule' ? ' by an inbox rule' : ''),
    what: `forwarding of ${c.mailbox} to ${c.trustee} (${rights(c)})`,
  };
}

export const forwardingSpec: GrantRuleSpec = {
  id: 'mail-forwarding-set',
  title: 'Mail forwarding set up',
  techniques: ['T1114.003'],
  correspondsTo: FORWARDING_CORRESPONDS,
  kinds: ['forwarding', 'transport-rule'],
  assess: (c, ctx) => forwardingScore(c, ctx),
  describe: describeForwarding,
};
