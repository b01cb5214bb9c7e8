/**
 * Send-volume analytics, computed once per analysis run and shared by the rules that read them
 * (send-volume-spike, internal-phishing-campaign), plus what both rules cite about a sender:
 * delegation grants on its mailbox and the rows of mail it sent in a time range.
 */
import type { AnalysisContext } from '../context.js';
import type { DelegationChange } from '../../records/delegation.js';
import { findCampaigns, type Campaign } from './campaigns.js';
import { analyzeVolume, type VolumeAnalysis } from './hourly.js';
import { sentRows as sentRowsOf, type SentRow } from '../../store/send-reads.js';

export type { Campaign } from './campaigns.js';
export type { Spike, SenderProfile, VolumeAnalysis } from './hourly.js';
export type { SentRow } from '../../store/send-reads.js';

export const volumeOf = (ctx: AnalysisContext): VolumeAnalysis => ctx.memo('send-volume', () => analyzeVolume(ctx));
export const campaignsOf = (ctx: AnalysisContext): Campaign[] =>
  ctx.memo('send-campaigns', () => findCampaigns(ctx, volumeOf(ctx)));

/** Access kinds that let someone read or send as a mailbox: what turns a burst into abuse of a grant. */
const MAILBOX_ACCESS = new Set(['mailbox', 'send-as', 'send-on-behalf', 'folder']);

/** How far back a grant counts as "just before" the sending. */
export const GRANT_LOOKBACK_MS = 14 * 24 * 3_600_000;

/** Successful audited grants on `mailbox` in the lookback before `until` (ISO), oldest first. */
export function grantsBefore(ctx: AnalysisContext, mailbox: string, until: string): DelegationChange[] {
  const end = Date.parse(until);
  return ctx.changes.filter((c) => {
    if (
      c.action !== 'grant' ||
      !c.succeeded ||
      c.auditEventId === null ||
      c.mailbox !== mailbox ||
      !MAILBOX_ACCESS.has(c.kind) ||
      !c.time
    )
      return false;
    const t = Date.parse(c.time);
    return t <= end && end - t <= GRANT_LOOKBACK_MS;
  });
}

/** Trace rows and audited sends of `sender` in [from, to). */
export const sentRows = (ctx: AnalysisContext, sender: string, from: string, to: string): SentRow[] =>
  sentRowsOf(ctx.db, sender, from, to);
