/**
 * send-volume-spike: a sender mailbox sends far more in one hour than its robust baseline (its own
 * median/MAD over its active hours, or the peer group's when it has little history). Technique by
 * audience: T1534 (internal spearphishing) when the recipients are mostly inside the tenant,
 * T1566 (phishing third parties from a trusted mailbox) when mostly outside. Not T1114 (collection
 * reads mail, it does not send it) nor T1048 (exfiltration by mail is a few large messages to one
 * outside address, not a count spike). Severity from the spike's size and context: internal
 * fan-out, a delegation grant on that mailbox shortly before, delegates sending as the mailbox,
 * off business hours.
 */
import { isBusinessHours } from '../analysis/settings.js';
import { campaignsOf, grantsBefore, sentRows, volumeOf, type Spike } from '../analysis/volume/index.js';
import { hourEndIso, hourStartIso } from '../analysis/volume/hours.js';
import type { AnalysisContext } from '../analysis/context.js';
import type { Rule } from './rule.js';
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
import { plural } from './wording.js';
import { SeverityScore } from './severity.js';

const RULE_ID = 'send-volume-spike';

const fmt = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(1));

function spikeFinding(ctx: AnalysisContext, spike: Spike): FindingDraft {
  const start = hourStartIso(spike.hour);
  const end = hourEndIso(spike.hour);
  const rows = sentRows(ctx, spike.sender, start, end);
  const firstOfMessage = new Map<string, (typeof rows)[number]>();
  for (const r of rows) if (!firstOfMessage.has(r.key)) firstOfMessage.set(r.key, r);
  const recipients = [...new Set(rows.map((r) => r.recipient).filter((r): r is string => !!r))].sort();
  const { techniques, internal } = techniqueFor(ctx, recipients);
  const actors = [...new Set(rows.map((r) => r.actor).filter((a): a is string => !!a))].sort();
  const firstTime = rows[0]?.time ?? start;
  const grants = grantsBefore(ctx, spike.sender, firstTime);
  const b = spike.baseline;

  const s = new SeverityScore('low');
  s.reasons.push(
    `= ${spike.messages} messages in the hour against a median of ${fmt(b.median)} ` +
      `(${fmt(spike.ratio)}x, robust z ${fmt(spike.z)})`,
  );
  if (b.source === 'peer')
    s.reasons.push(
      `= judged against the peer group (all internal senders): ${spike.sender} ` +
        `has only ${plural(spike.profile.activeHours, 'active hour')} of history`,
    );
  if (spike.ratio >= 20) s.raise(`the burst is ${fmt(spike.ratio)} times the baseline`);
  if (recipients.length > 0 && internal / recipients.length >= 0.8)
    s.raise(
      `internal fan-out: ${internal} of ${plural(recipients.length, 'recipient')} are inside the tenant ` +
        '(the T1534 pattern)',
    );
  if (grants.length > 0)
    s.raise(`mailbox access to ${spike.sender} was granted shortly before: ${describeGrants(grants, firstTime)}`, 2);
  if (actors.length > 0)
    s.raise(`sent by ${actors.join(', ')} as / on behalf of ${spike.sender} (SendAs / SendOnBehalf)`);
  if (!isBusinessHours(firstTime, ctx.settings)) s.raise('sent outside business hours (case time zone)');
  if (spike.profile.bulk)
    s.lower(`${spike.sender} is a bulk sender (a typical hour reaches many recipients per message)`);
  // A first burst with no history of its own is weak evidence alone: it stays low unless something
  // else joins it (a grant on the mailbox, others sending as it, the same lure from other senders).
  const inCampaign = campaignsOf(ctx).some(
    (c) => c.senders.some((x) => x.sender === spike.sender) && c.first <= end && c.last >= start,
  );
  if (b.source === 'peer' && grants.length === 0 && actors.length === 0 && !inCampaign)
    s.cap(
      'low',
      `${spike.sender} has no history of its own and nothing else (a grant, SendAs, a campaign) joins the burst`,
    );

  const details: Record<string, string> = {
    sender: spike.sender,
    hour: `${start} - ${end}`,
    messages: String(spike.messages),
    recipients: String(recipients.length),
    internalRecipients: String(internal),
    baseline:
      `median ${fmt(b.median)}, MAD ${fmt(b.mad)} messages per active hour over ${plural(b.hours, 'hour')} ` +
      `(${b.source === 'sender' ? 'own history' : 'peer group of internal senders'})`,
    ratio: fmt(spike.ratio),
    robustZ: fmt(spike.z),
    severityReasons: s.reasons.join('; '),
    correspondsTo: SEND_CORRESPONDS_TO.join('; '),
    publicRuleGap: PUBLIC_RULE_GAP,
  };
  if (actors.length > 0) details.sentBy = actors.join(', ');
  if (grants.length > 0) details.grants = describeGrants(grants, firstTime);
  if (spike.profile.periodHours !== null)
    details.cadence = `sends in bursts every ~${fmt(spike.profile.periodHours)} h`;

  const audience =
    recipients.length === 0
      ? 'recipients unknown (audit log only)'
      : `${plural(recipients.length, 'recipient')}, ${internal} internal`;
  return {
    id: stableId(RULE_ID, spike.sender, spike.hour),
    rule: RULE_ID,
    title: `${spike.sender} sent ${spike.messages} messages in one hour (${fmt(spike.ratio)}x its baseline)`,
    severity: s.severity,
    techniques,
    time: firstTime,
    principals: [...new Set([spike.sender, ...actors, ...grants.map((g) => g.trustee)])],
    summary:
      `${spike.sender} sent ${spike.messages} messages between ${start} and ${end} (${audience}); ` +
      `its baseline is ${fmt(b.median)} per active hour (${b.source === 'sender' ? 'own history' : 'peer group'}), ` +
      `robust z ${fmt(spike.z)}.` +
      (grants.length > 0
        ? ` Access to the mailbox was granted shortly before (${grants.map((g) => g.trustee).join(', ')}).`
        : ''),
    details,
    refs: [...grantRefs(grants), ...messageRefs([...firstOfMessage.values()])],
  };
}

export const sendVolumeSpikeRule: Rule = {
  id: RULE_ID,
  title: 'Send volume far above the mailbox baseline',
  techniques: ['T1534', 'T1566'],
  correspondsTo: SEND_CORRESPONDS_TO,
  run: (ctx) => volumeOf(ctx).spikes.map((spike) => spikeFinding(ctx, spike)),
};
