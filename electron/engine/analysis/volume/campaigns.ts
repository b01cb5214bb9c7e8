/**
 * Campaigns: near-identical mails sent by two or more internal senders to many recipients within
 * a short window (T1534 internal spearphishing; no public Elastic, Splunk or Sigma rule detects it).
 * Only the sender-hours hourly.ts marked as elevated are read, through the (sender, time) index,
 * one row per message; subjects are reduced to skeletons (subject.ts) and clustered in time order,
 * so memory holds the clusters of the last two hours only.
 */
import type { AnalysisContext } from '../context.js';
import type { VolumeAnalysis } from './hourly.js';
import { forEachMessageInCells } from '../../store/send-reads.js';
import { hourEndIso, hourStartIso } from './hours.js';
import {
  jaccard,
  nameParts,
  NEAR_IDENTICAL,
  sameLure,
  similarityKeys,
  skeletonOf,
  type SubjectSkeleton,
} from './subject.js';

export const CAMPAIGN = {
  /** Mails of one campaign follow each other with gaps of at most this (the seed's 2 h window). */
  windowMs: 2 * 3_600_000,
  /** Distinct recipients overall: below this a shared subject is ordinary collaboration. */
  minRecipients: 10,
  /** Distinct internal senders, each reaching at least minSenderReach recipients. */
  minSenders: 2,
  minSenderReach: 3,
  /** Longer than this from first to last mail is sustained use of a common subject, not a burst. */
  maxSpanMs: 4 * 3_600_000,
  /** Share of recipients the senders have in common above which the cluster is a conversation (reply-all). */
  maxRecipientOverlap: 0.5,
  /**
   * A subject skeleton in ordinary (non-campaign) use on this many days is commonplace, not a lure (stragglers of a
   * campaign stay below).
   */
  commonplaceDays: 3,
} as const;

export interface CampaignMessage {
  ms: number;
  time: string;
  sender: string;
  subject: string;
  recipients: string[];
  /** First trace row of the message, or null when only the audit log has it. */
  messageRowId: number | null;
  auditRowId: number | null;
  /** Who the audit log says sent it, when that is not the sender mailbox (SendAs, SendOnBehalf). */
  actor: string | null;
  sk: SubjectSkeleton;
}

export interface Campaign {
  skeleton: string;
  first: string;
  last: string;
  messages: CampaignMessage[];
  senders: Array<{ sender: string; messages: number; recipients: number }>;
  recipients: string[];
  /** Messages known only from the audit log (no recipient list). */
  messagesWithoutRecipients: number;
  internalRecipients: number;
  personalized: number;
  replies: number;
}

interface Cluster {
  members: CampaignMessage[];
  rep: SubjectSkeleton;
  lastMs: number;
  senders: Set<string>;
  keys: Set<string>;
  merged: Cluster | null;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const hourOf = (ms: number) => Math.floor(ms / HOUR);

export function findCampaigns(ctx: AnalysisContext, volume: VolumeAnalysis): Campaign[] {
  if (volume.campaignCells.length === 0) return [];
  const keyIndex = new Map<string, Cluster>();
  // Live clusters filed by the hour of their last message, so closing the stale ones visits only those.
  const live = new Map<number, Set<Cluster>>();
  const isLive = (c: Cluster) => live.get(hourOf(c.lastMs))?.has(c) === true;
  const file = (c: Cluster, fromMs: number | null) => {
    if (fromMs !== null) live.get(hourOf(fromMs))?.delete(c);
    let set = live.get(hourOf(c.lastMs));
    if (!set) live.set(hourOf(c.lastMs), (set = new Set()));
    set.add(c);
  };
  const closed: Cluster[] = [];
  const find = (c: Cluster): Cluster => {
    let x = c;
    while (x.merged) x = x.merged;
    return x;
  };
  // Days on which each skeleton was used outside any campaign ("budget update" every day): one
  // day number while there is one, a set from the second distinct day on.
  const ordinary = new Map<string, number | Set<number>>();
  const noteOrdinary = (c: Cluster) => {
    for (const m of c.members) {
      const day = Math.floor(m.ms / DAY);
      const e = ordinary.get(m.sk.skeleton);
      if (e === undefined) ordinary.set(m.sk.skeleton, day);
      else if (typeof e === 'number') {
        if (e !== day) ordinary.set(m.sk.skeleton, new Set([e, day]));
      } else e.add(day);
    }
  };
  const ordinaryDays = (skeleton: string): number => {
    const e = ordinary.get(skeleton);
    return e === undefined ? 0 : typeof e === 'number' ? 1 : e.size;
  };
  const close = (c: Cluster) => {
    for (const k of c.keys) if (keyIndex.get(k) && find(keyIndex.get(k)!) === c) keyIndex.delete(k);
    if (c.senders.size >= CAMPAIGN.minSenders) closed.push(c);
    else noteOrdinary(c);
  };
  let nextSweep = 0;

  const cells = volume.campaignCells.map((c) => ({
    sender: c.sender,
    start: hourStartIso(c.hour),
    end: hourEndIso(c.hour),
  }));
  forEachMessageInCells(ctx.db, cells, ([time, sender, subject, rcpts, mid, aid, actor]) => {
    const ms = Date.parse(time);
    if (ms >= nextSweep) {
      for (const [h, set] of live) {
        if ((h + 1) * HOUR + CAMPAIGN.windowMs >= ms) continue;
        for (const c of set) close(c);
        live.delete(h);
      }
      nextSweep = ms + HOUR;
    }
    if (!subject) return;
    const recipients = rcpts ? rcpts.split(',') : [];
    const names = new Set([...nameParts(sender), ...recipients.flatMap((r) => nameParts(r))]);
    const sk = skeletonOf(subject, names);
    if (sk.tokens.length === 0) return;
    const keys = similarityKeys(sk);
    const hits: Cluster[] = [];
    for (const k of keys) {
      const found = keyIndex.get(k);
      if (!found) continue;
      const c = find(found);
      if (!isLive(c) || ms - c.lastMs > CAMPAIGN.windowMs || hits.includes(c)) continue;
      if (jaccard(sk.tokens, c.rep.tokens) >= NEAR_IDENTICAL || sameLure(sk, c.rep)) hits.push(c);
    }
    let target = hits[0];
    if (!target) {
      target = { members: [], rep: sk, lastMs: ms, senders: new Set(), keys: new Set(), merged: null };
      file(target, null);
    }
    for (const other of hits.slice(1)) {
      target.members.push(...other.members);
      for (const s of other.senders) target.senders.add(s);
      for (const k of other.keys) target.keys.add(k);
      other.merged = target;
      live.get(hourOf(other.lastMs))?.delete(other);
      if (other.lastMs > target.lastMs) {
        const from = target.lastMs;
        target.lastMs = other.lastMs;
        file(target, from);
      }
    }
    target.members.push({ ms, time, sender, subject, recipients, messageRowId: mid, auditRowId: aid, actor, sk });
    target.senders.add(sender);
    if (ms > target.lastMs) {
      const from = target.lastMs;
      target.lastMs = ms;
      file(target, from);
    }
    for (const k of keys) {
      target.keys.add(k);
      keyIndex.set(k, target);
    }
  });
  for (const set of live.values()) for (const c of set) close(c);

  const campaigns: Campaign[] = [];
  for (const c of closed) {
    const campaign = assess(c, ctx, volume);
    if (campaign) campaigns.push(campaign);
    else noteOrdinary(c);
  }
  // A subject the organisation uses day after day outside bursts is commonplace, not a lure.
  return campaigns
    .filter((c) => ordinaryDays(c.skeleton) < CAMPAIGN.commonplaceDays)
    .sort((a, b) => a.first.localeCompare(b.first));
}

/** Apply the campaign thresholds to a cluster with two or more senders; null when it is not one. */
function assess(c: Cluster, ctx: AnalysisContext, volume: VolumeAnalysis): Campaign | null {
  const members = c.members
    .filter((m) => !volume.profiles.get(m.sender)?.bulk)
    .sort((a, b) => a.ms - b.ms || a.sender.localeCompare(b.sender));
  const bySender = new Map<string, { messages: number; recipients: Set<string>; unknown: number }>();
  for (const m of members) {
    const s = bySender.get(m.sender) ?? { messages: 0, recipients: new Set<string>(), unknown: 0 };
    s.messages++;
    if (m.recipients.length === 0) s.unknown++;
    for (const r of m.recipients) s.recipients.add(r);
    bySender.set(m.sender, s);
  }
  if (members.length === 0 || members[members.length - 1]!.ms - members[0]!.ms > CAMPAIGN.maxSpanMs) return null;
  const senders = [...bySender.entries()].filter(([, s]) => s.recipients.size + s.unknown >= CAMPAIGN.minSenderReach);
  if (senders.length < CAMPAIGN.minSenders) return null;
  const keep = new Set(senders.map(([s]) => s));
  const kept = members.filter((m) => keep.has(m.sender));

  const recipients = new Set<string>();
  let perSenderTotal = 0;
  for (const [, s] of senders) {
    perSenderTotal += s.recipients.size;
    for (const r of s.recipients) recipients.add(r);
  }
  const unknown = senders.reduce((a, [, s]) => a + s.unknown, 0);
  if (recipients.size + unknown < CAMPAIGN.minRecipients) return null;
  // Reply-all threads: every participant writes to (nearly) the same people, and the senders are
  // among each other's recipients. A campaign spreads over different people.
  const overlap = perSenderTotal === 0 ? 0 : 1 - recipients.size / perSenderTotal;
  if (overlap > CAMPAIGN.maxRecipientOverlap) return null;
  if ([...keep].filter((s) => recipients.has(s)).length * 2 > keep.size) return null;

  const counts = new Map<string, number>();
  for (const m of kept) counts.set(m.sk.skeleton, (counts.get(m.sk.skeleton) ?? 0) + 1);
  const skeleton = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
  return {
    skeleton,
    first: kept[0]!.time,
    last: kept[kept.length - 1]!.time,
    messages: kept,
    senders: senders
      .map(([sender, s]) => ({ sender, messages: s.messages, recipients: s.recipients.size }))
      .sort((a, b) => b.messages - a.messages || a.sender.localeCompare(b.sender)),
    recipients: [...recipients].sort(),
    messagesWithoutRecipients: unknown,
    internalRecipients: [...recipients].filter((r) => !ctx.tenant.isExternal(r)).length,
    personalized: kept.filter((m) => m.sk.personalized).length,
    replies: kept.filter((m) => m.sk.reply).length,
  };
}
