/**
 * What the send-volume and campaign rules share: the public content they correspond to, the
 * statement that no public rule maps T1534, how a delegation grant on a sender mailbox is
 * described and cited, and stable finding ids.
 */
import crypto from 'node:crypto';
import type { AnalysisContext } from '../analysis/context.js';
import type { DelegationChange } from '../records/delegation.js';
import { interval } from './wording.js';
import type { SourceRef } from '../records/findings.js';

export const SEND_CORRESPONDS_TO = [
  'Splunk: O365 Email Send Attachments Excessive Volume ' +
    '(message trace + UAL Send/SendAs/SendOnBehalf per sender per hour; fixed threshold, external recipients only)',
  'Microsoft-Analyzer-Suite: MTL-Analyzer message statistics ' +
    '(inbound/outbound, internal/external per user; a report, no baseline)',
];

export const PUBLIC_RULE_GAP =
  'No public rule maps T1534 (internal spearphishing): Elastic, Splunk and Sigma have none; ' +
  'this baseline-driven detection is ours.';

/** `rule:` + 16 hex of the evidence identity: the same evidence always gives the same id. */
export function stableId(rule: string, ...identity: string[]): string {
  return `${rule}:${crypto.createHash('sha256').update(identity.join('|')).digest('hex').slice(0, 16)}`;
}

/** "FullAccess granted to x by y 3 h 12 min before" for each grant. */
export function describeGrants(grants: readonly DelegationChange[], before: string): string {
  return grants
    .map(
      (g) =>
        `${g.rights.join(', ') || g.kind} on ${g.mailbox}${g.folder ? `:\\${g.folder}` : ''} ` +
        `granted to ${g.trustee} by ${g.actor ?? '(unknown actor)'} at ${g.time ?? '?'} ` +
        `(${interval(g.time ?? before, before)} before)`,
    )
    .join('; ');
}

export const grantRefs = (grants: readonly DelegationChange[]): SourceRef[] =>
  grants.map((g) => ({ source: 'audit', id: g.auditEventId! }));

/** One cited row per message, in time order: the first trace row, else the audit record. */
export function messageRefs(
  rows: ReadonlyArray<{ messageRowId: number | null; auditRowId: number | null }>,
): SourceRef[] {
  const out: SourceRef[] = [];
  for (const r of rows) {
    if (r.messageRowId !== null) out.push({ source: 'message', id: r.messageRowId });
    else if (r.auditRowId !== null) out.push({ source: 'audit', id: r.auditRowId });
  }
  return out;
}

/**
 * T1534 when most known recipients are inside the tenant; T1566 (phishing others from a trusted mailbox) when most are
 * outside.
 */
export function techniqueFor(
  ctx: AnalysisContext,
  recipients: readonly string[],
): { techniques: string[]; internal: number } {
  const internal = recipients.filter((r) => !ctx.tenant.isExternal(r)).length;
  if (recipients.length === 0) return { techniques: ['T1534', 'T1566'], internal };
  return { techniques: internal * 2 >= recipients.length ? ['T1534'] : ['T1566'], internal };
}
