/**
 * Messages per sender mailbox per hour, a robust baseline per sender and for the peer group, and
 * the hours that stand out. The counting happens in SQL and in index order: the trace is read
 * through its (sender, time) index without touching the table (no sort of millions of rows,
 * nothing materialised per recipient row), one (sender, instant) group at a time; a message's
 * recipient rows share their instant, so the groups are the messages.
 * Audited sends the trace does not have (matched on InternetMessageId) are added from the audit
 * log. Only the hours that could be spikes are recounted exactly by message id, and only the
 * elevated hours are handed to the campaign search.
 */
import type { AnalysisContext } from '../context.js';
import { burstPeriod, CountHistogram, MAD_SCALE, medianMad, robustZ, type Baseline } from './robust.js';
import { SenderCells } from './cells.js';
import { exactMessageCount, prepareAuditedSends, traceInstants, untracedSendsPerHour } from '../../store/send-reads.js';
import { hourEndIso, hourIndex, hourStartIso } from './hours.js';

/** Thresholds, with the reasoning an examiner can check. */
export const VOLUME = {
  /**
   * A spike is at least this many messages in one hour: below it a burst is indistinguishable from a busy inbox
   * session.
   */
  minSpikeMessages: 10,
  /** …and at least this multiple of the baseline median (the seed's "10x baseline" example sits well above it). */
  minRatio: 5,
  /** …and at least this robust z-score (median/MAD); 6 keeps the false-alarm rate negligible over months of hours. */
  minZ: 6,
  /** A sender's own baseline needs this many active hours; with fewer, the peer group's baseline is used. */
  minHistoryHours: 8,
  /** Bulk: in its typical hour at least this many recipients per message (newsletters, all-staff mailers). */
  bulkRecipientsPerMessage: 20,
  /**
   * A sender-hour is handed to the campaign search when the sender is clearly busier than usual:
   * at least 4 messages, twice its median and robust z >= 3 (about 1 % of ordinary hours), or
   * the same for recipients with at least 10. Campaign accounts are used to spread (the seed:
   * 10+ lures per account within the hour); 1-3 look-alike mails per account cannot be told from
   * ordinary traffic at scale, and reading every hour's subjects would not fit the time budget.
   */
  elevatedMessages: 4,
  elevatedRecipients: 10,
  elevatedRatio: 2,
  elevatedZ: 3,
} as const;

export interface SenderProfile {
  sender: string;
  activeHours: number;
  messages: number;
  recipientRows: number;
  own: Baseline;
  /** High fan-out sender (newsletter, all-staff mailer). */
  bulk: boolean;
  /** Period in hours of a sender that sends in regular bursts, else null. */
  periodHours: number | null;
}

export interface Spike {
  sender: string;
  /** `YYYY-MM-DDTHH` (UTC). */
  hour: string;
  messages: number;
  recipientRows: number;
  baseline: Baseline;
  z: number;
  ratio: number;
  profile: SenderProfile;
}

export interface VolumeAnalysis {
  profiles: Map<string, SenderProfile>;
  peer: Baseline;
  spikes: Spike[];
  /** Internal, non-bulk sender-hours busy enough to be part of a campaign. */
  campaignCells: Array<{ sender: string; hour: string }>;
  /** Every profiled sender's active hours as counted here, kept for the stored aggregates. */
  cells: SenderCells;
}

interface Cell {
  hour: string;
  messages: number;
  rows: number;
}

/** Exact distinct messages of a sender in one hour (trace keys plus untraced audited sends). */
function exactMessages(ctx: AnalysisContext, sender: string, hour: string): { messages: number; rows: number } {
  return exactMessageCount(ctx.db, sender, hourStartIso(hour), hourEndIso(hour));
}

export function analyzeVolume(ctx: AnalysisContext): VolumeAnalysis {
  prepareAuditedSends(ctx.db);
  // Untraced audited sends per sender and hour: small (one row per message, not per recipient).
  const ualOnly = new Map<string, Map<string, number>>();
  for (const [s, hour, n] of untracedSendsPerHour(ctx.db)) {
    let m = ualOnly.get(s);
    if (!m) ualOnly.set(s, (m = new Map<string, number>()));
    m.set(hour, n);
  }

  const profiles = new Map<string, SenderProfile>();
  const peerHist = new CountHistogram();
  const candidates: Array<{ profile: SenderProfile; cell: Cell; repeats: Cell | null }> = [];
  const campaignCells: VolumeAnalysis['campaignCells'] = [];
  const kept = new SenderCells();
  const isInternal = (s: string) => s.includes('@') && !ctx.tenant.isExternal(s);

  const flush = (sender: string, traced: Cell[]) => {
    const extra = ualOnly.get(sender);
    ualOnly.delete(sender);
    if (!isInternal(sender)) return;
    const cells = mergeCells(traced, extra);
    const p = profileOf(sender, cells);
    if (!p) return;
    profiles.set(sender, p);
    kept.add(sender, cells, extra);
    // Periodic bulk mailers would make every sender look quiet next to them: not peers.
    if (!p.bulk) for (const c of cells) peerHist.add(c.messages);
    const rb = medianMad(cells.map((c) => c.rows));
    const rowsBaseline: Baseline = { ...rb, hours: cells.length, source: 'sender' };
    const own = p.activeHours >= VOLUME.minHistoryHours;
    const above = (n: number, b: Baseline) =>
      !own || (n >= VOLUME.elevatedRatio * b.median && robustZ(n, b) >= VOLUME.elevatedZ);
    const elevated = new Set<number>();
    cells.forEach((c, i) => {
      if (c.messages >= VOLUME.minSpikeMessages)
        candidates.push({ profile: p, cell: c, repeats: earlierLike(cells, c) });
      if (p.bulk) return;
      const busy = c.messages >= VOLUME.elevatedMessages && above(c.messages, p.own);
      const wide = c.rows >= VOLUME.elevatedRecipients && above(c.rows, rowsBaseline);
      if (busy || wide) elevated.add(i);
    });
    // The neighbouring hours too, so a campaign across an hour boundary is read whole.
    const hours = new Set<string>();
    for (const i of elevated)
      for (const j of [i - 1, i, i + 1]) {
        const c = cells[j];
        if (c && Math.abs(hourIndex(c.hour) - hourIndex(cells[i]!.hour)) <= 1) hours.add(c.hour);
      }
    for (const hour of [...hours].sort()) campaignCells.push({ sender, hour });
  };

  let sender: string | null = null;
  let cells: Cell[] = [];
  for (const [s, hour, rows] of traceInstants(ctx.db)) {
    if (s !== sender) {
      if (sender !== null) flush(sender, cells);
      sender = s;
      cells = [];
    }
    const last = cells[cells.length - 1];
    if (last && last.hour === hour) {
      last.messages++;
      last.rows += rows;
    } else cells.push({ hour, messages: 1, rows });
  }
  if (sender !== null) flush(sender, cells);
  for (const s of [...ualOnly.keys()]) flush(s, []);

  const pm = peerHist.medianMad();
  const peer: Baseline = { median: pm.median, mad: pm.mad, hours: peerHist.size, source: 'peer' };
  const spikes: Spike[] = [];
  for (const { profile, cell, repeats } of candidates) {
    // A sender whose burst repeats an earlier one of similar size a day or more before (a weekly
    // newsletter's second issue) is on its own schedule: its history is the baseline.
    if (repeats) continue;
    const baseline = baselineFor(profile, peer);
    // Judged in the unit the baseline was learned in (instants: a message imported from two
    // trace exports, or logged as several tracking events, counts alike in the hour and in the
    // baseline); the size reported is the exact count by message id, and the baseline is
    // restated in messages with the same factor.
    const z = robustZ(cell.messages, baseline);
    const ratio = spikeRatio(cell.messages, baseline);
    if (!standsOut(cell.messages, baseline)) continue;
    const exact = exactMessages(ctx, profile.sender, cell.hour);
    if (exact.messages < VOLUME.minSpikeMessages) continue;
    const f = exact.messages / cell.messages;
    spikes.push({
      sender: profile.sender,
      hour: cell.hour,
      messages: exact.messages,
      recipientRows: exact.rows,
      baseline: { ...baseline, median: baseline.median * f, mad: baseline.mad * f },
      z,
      ratio,
      profile,
    });
  }
  spikes.sort((a, b) => a.hour.localeCompare(b.hour) || a.sender.localeCompare(b.sender));
  return { profiles, peer, spikes, campaignCells, cells: kept };
}

/**
 * The baseline a sender's hours are judged by: its own history when it has enough, or when it is a
 * periodic bulk sender (judged against its own bursts however few: the pattern learned as normal,
 * a weekly newsletter has four active hours a month); else the peer group's.
 */
export function baselineFor(profile: SenderProfile, peer: Baseline): Baseline {
  const useOwn = profile.activeHours >= VOLUME.minHistoryHours || (profile.bulk && profile.periodHours !== null);
  return useOwn ? profile.own : peer;
}

/** An hour's messages as a multiple of the baseline median (a median below 1 counts as 1). */
export const spikeRatio = (messages: number, b: Baseline): number => messages / Math.max(b.median, 1);

/** Does an hour with this many messages stand out (ratio and robust z)? The size floor is checked apart. */
export const standsOut = (messages: number, b: Baseline): boolean =>
  spikeRatio(messages, b) >= VOLUME.minRatio && robustZ(messages, b) >= VOLUME.minZ;

/**
 * The fewest messages in one hour the rule calls a spike against `b`: at least minSpikeMessages and
 * standing out by the rule's own test. The closed form of the two bounds gives the start; the test
 * itself decides (floating point), so the chart's line and the rule can never disagree.
 */
export function spikeThreshold(b: Baseline): number {
  const bound = Math.max(
    VOLUME.minRatio * Math.max(b.median, 1),
    b.median + VOLUME.minZ * Math.max(MAD_SCALE * b.mad, 1),
  );
  let n = Math.max(VOLUME.minSpikeMessages, Math.ceil(bound) - 1);
  while (!standsOut(n, b)) n++;
  return n;
}

/**
 * An earlier burst of the same sender, 20 hours or more before `c`, of similar size (half to twice
 * the messages and recipient rows): `c` repeats it.
 */
function earlierLike(cells: readonly Cell[], c: Cell): Cell | null {
  const h = hourIndex(c.hour);
  const similar = (a: number, b: number) => a >= b / 2 && a <= b * 2;
  return (
    cells.find(
      (e) =>
        hourIndex(e.hour) <= h - 20 &&
        e.messages >= VOLUME.minSpikeMessages &&
        similar(e.messages, c.messages) &&
        similar(e.rows, c.rows),
    ) ?? null
  );
}

/** Trace cells plus untraced audited sends, in hour order. */
function mergeCells(traced: Cell[], extra: Map<string, number> | undefined): Cell[] {
  if (!extra) return traced;
  const byHour = new Map(traced.map((c) => [c.hour, { ...c }]));
  for (const [hour, n] of extra) {
    const c = byHour.get(hour);
    if (c) c.messages += n;
    else byHour.set(hour, { hour, messages: n, rows: 0 });
  }
  return [...byHour.values()].sort((a, b) => a.hour.localeCompare(b.hour));
}
function profileOf(sender: string, cells: Cell[]): SenderProfile | null {
  const counts = cells.map((c) => c.messages);
  const messages = counts.reduce((a, b) => a + b, 0);
  const recipientRows = cells.reduce((a, c) => a + c.rows, 0);
  if (messages === 0) return null;
  const own = medianMad(counts);
  // Bulk when the typical hour fans out widely, not the average: one lure to the whole company
  // from an ordinary account must not make that account a "newsletter" excluded from analysis.
  const fanOut = medianMad(cells.map((c) => c.rows / c.messages)).median;
  const bulk = fanOut >= VOLUME.bulkRecipientsPerMessage;
  return {
    sender,
    activeHours: cells.length,
    messages,
    recipientRows,
    own: { ...own, hours: cells.length, source: 'sender' },
    bulk,
    periodHours: burstPeriod(cells.map((c) => hourIndex(c.hour))),
  };
}
