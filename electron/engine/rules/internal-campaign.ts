/**
 * internal-phishing-campaign (T1534): near-identical mails from two or more internal senders to
 * many recipients within a short window, one finding per campaign naming the senders, counts,
 * first/last times and sample subjects, linked to delegation grants on those senders' mailboxes.
 * A campaign starts high: internal accounts rarely send the same personalised subject to ten or
 * more different colleagues in step. A grant just before on a sender mailbox, delegates sending
 * as the mailboxes and off-hours sending raise it; reply/forward subjects lower it (a forwarded
 * announcement looks alike).
 */
import { isBusinessHours } from '../analysis/settings.js';
import { campaignsOf, grantsBefore, type Campaign } from '../analysis/volume/index.js';
import { CAMPAIGN } from '../analysis/volume/campaigns.js';
import type { AnalysisContext } from '../analysis/context.js';
import type { DelegationChange } from '../records/delegation.js';
import type { Rule } from './rule.js';
import { isIdentityKey } from '../records/identity-keys.js';
import type { FindingDraft } from '../records/findings.js';
import {
  describeGrants,
  grantRefs,
  messageRefs,
  PUBLIC_RULE_GAP,
  SEND_CORRESPONDS_TO,
  stableId,
  techniqueFor,
} from './send-common.js';
import { interval, plural } from './wording.js';
import { SeverityScore } from './severity.js';

const RULE_ID = 'internal-phishing-campaign';
const SAMPLE_SUBJECTS = 5;

function campaignFinding(ctx: AnalysisContext, c: Campaign): FindingDraft {
  const senderNames = c.senders.map((s) => s.sender);
  const { techniques, internal } = techniqueFor(ctx, c.recipients);
  const grants: DelegationChange[] = senderNames.flatMap((s) => grantsBefore(ctx, s, c.first));
  const actors = [...new Set(c.messages.map((m) => m.actor).filter((a): a is string => !!a))].sort();
  const subjects = [...new Set(c.messages.map((m) => m.subject))];
  const recipientCount = c.recipients.length + c.messagesWithoutRecipients;

  const s = new SeverityScore('high');
  s.reasons.push(
    `= ${plural(c.senders.length, 'internal sender')} sent ${plural(c.messages.length, 'near-identical message')} ` +
      `to ${plural(recipientCount, 'recipient')} within ${interval(c.first, c.last)}`,
  );
  if (grants.length > 0)
    s.raise(`mailbox access to a sender was granted shortly before: ${describeGrants(grants, c.first)}`);
  if (actors.length > 0)
    s.raise(`sent by ${actors.join(', ')} as / on behalf of other mailboxes (SendAs / SendOnBehalf)`);
  if (!isBusinessHours(c.first, ctx.settings)) s.raise('sent outside business hours (case time zone)');
  if (c.personalized * 2 >= c.messages.length)
    s.reasons.push("= subjects are personalised with the recipient's or sender's name");
  if (c.replies * 2 > c.messages.length)
    s.lower('most subjects carry a reply/forward prefix (RE:, FW:): could be a forwarded announcement');
  if (recipientCount > 0 && internal * 2 < c.recipients.length)
    s.reasons.push(
      '= most recipients are outside the tenant: ' +
        'phishing others from trusted mailboxes (T1566) rather than internal spearphishing',
    );

  const details: Record<string, string> = {
    senders: c.senders
      .map((x) => `${x.sender} (${plural(x.messages, 'message')}, ${plural(x.recipients, 'recipient')})`)
      .join('; '),
    messages: String(c.messages.length),
    recipients: String(c.recipients.length),
    internalRecipients: String(internal),
    first: c.first,
    last: c.last,
    sampleSubjects: subjects.slice(0, SAMPLE_SUBJECTS).join(' | '),
    normalizedSubject: c.skeleton,
    window:
      `mails at most ${CAMPAIGN.windowMs / 3_600_000} h apart; thresholds: ` +
      `>= ${CAMPAIGN.minSenders} internal senders each reaching >= ${CAMPAIGN.minSenderReach} recipients, ` +
      `>= ${CAMPAIGN.minRecipients} distinct recipients`,
    severityReasons: s.reasons.join('; '),
    correspondsTo: SEND_CORRESPONDS_TO.join('; '),
    publicRuleGap: PUBLIC_RULE_GAP,
  };
  if (c.messagesWithoutRecipients > 0)
    details.messagesWithoutRecipients = `${c.messagesWithoutRecipients} (audit log only: recipients unknown)`;
  if (actors.length > 0) details.sentBy = actors.join(', ');
  if (grants.length > 0) details.grants = describeGrants(grants, c.first);

  return {
    id: stableId(RULE_ID, c.skeleton, [...senderNames].sort().join(','), c.first),
    rule: RULE_ID,
    title:
      `Near-identical mail from ${plural(c.senders.length, 'internal sender')} ` +
      `to ${plural(recipientCount, 'recipient')}: "${subjects[0] ?? c.skeleton}"`,
    severity: s.severity,
    techniques,
    time: c.first,
    principals: [...new Set([...senderNames, ...actors, ...grants.map((g) => g.trustee).filter(isIdentityKey)])],
    summary:
      `${senderNames.join(', ')} sent ${plural(c.messages.length, 'message')} ` +
      `with near-identical subjects ("${c.skeleton}") to ` +
      `${plural(recipientCount, 'recipient')} (${internal} internal) between ${c.first} and ${c.last}.` +
      (grants.length > 0
        ? ` Mailbox access had been granted on ${[...new Set(grants.map((g) => g.mailbox))].join(', ')} shortly before.`
        : ''),
    details,
    refs: [...grantRefs(grants), ...messageRefs(c.messages)],
  };
}

export const internalPhishingCampaignRule: Rule = {
  id: RULE_ID,
  title: 'Internal phishing campaign: near-identical mail from several internal senders',
  techniques: ['T1534'],
  correspondsTo: SEND_CORRESPONDS_TO,
  run: (ctx) => campaignsOf(ctx).map((c) => campaignFinding(ctx, c)),
};
