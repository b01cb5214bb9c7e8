/**
 * The send-volume aggregates stored with each analysis run: every internal sender's active hours,
 * its baseline (the one the send-volume rule judged it by: baselineFor), its busiest hour, and the
 * peer group's baseline. Computed from the hourly analysis the rules already ran (volumeOf), so
 * storing them costs no second pass over the trace. Hours whose trace instants may not be messages
 * (tracking logs, overlapping exports: store/send-hours.ts) are recounted by message identity;
 * there the sender's baseline is restated in messages with its instants-to-messages factor, as the
 * rule restates a spike's baseline.
 */
import type { AnalysisContext } from '../context.js';
import type { StoredSenderVolume, StoredVolume } from '../../store/volume-writes.js';
import { ambiguousTraceHours, exactTraceHours } from '../../store/send-hours.js';
import { baselineFor, spikeRatio, type VolumeAnalysis } from './hourly.js';
import { CountHistogram } from './robust.js';
import { volumeOf } from './index.js';

const HOUR_MS = 3_600_000;

export function volumeAggregates(ctx: AnalysisContext): StoredVolume {
  const volume = volumeOf(ctx);
  const exact = recount(ctx, volume);
  return { peer: exact.recounted ? peerInMessages(volume, exact) : volume.peer, senders: senderRows(volume, exact) };
}

interface Recount {
  /** Exact messages by cell position; -1 where the analysis's count stands. */
  messages: Int32Array;
  recipients: Int32Array;
  recounted: boolean;
}

const messagesAt = (exact: Recount, index: number, counted: number): number =>
  exact.messages[index]! >= 0 ? exact.messages[index]! : counted;

/**
 * The peer group's baseline (every hour of the ordinary, non-bulk senders) counted again in
 * messages, for comparison on the charts; the analysis's own, in instants, judged the senders.
 */
function peerInMessages(volume: VolumeAnalysis, exact: Recount): StoredVolume['peer'] {
  const hist = new CountHistogram();
  for (const sender of volume.cells.senders) {
    if (volume.profiles.get(sender)?.bulk !== false) continue;
    for (const c of volume.cells.of(sender)) {
      const n = messagesAt(exact, c.index, c.messages);
      if (n > 0) hist.add(n);
    }
  }
  return { ...hist.medianMad(), hours: hist.size };
}

/** Exact messages and recipients of the sender-hours whose instants may not be messages. */
function recount(ctx: AnalysisContext, volume: VolumeAnalysis): Recount {
  const { cells } = volume;
  const messages = new Int32Array(cells.size).fill(-1);
  const recipients = new Int32Array(cells.size);
  const ranges = ambiguousTraceHours(ctx.db);
  for (const [from, to] of ranges) {
    exactTraceHours(ctx.db, from, to, (sender, hour, n, r) => {
      const i = cells.find(sender, hour);
      if (i < 0) return; // an external sender, or an hour of secondary events only
      messages[i] = n;
      recipients[i] = r;
    });
  }
  // Every hour inside a recounted range is recounted: one no counted trace row was read for (later
  // tracking events of an earlier message only) has none. Each keeps the audited sends the trace lacks.
  for (let i = 0; i < cells.size; i++) {
    if (messages[i]! < 0) {
      const h = cells.hourAt(i);
      if (!ranges.some(([from, to]) => h >= from && h < to)) continue;
      messages[i] = 0;
    }
    messages[i] = messages[i]! + cells.untracedAt(i);
  }
  return { messages, recipients, recounted: ranges.length > 0 };
}

function* senderRows(volume: VolumeAnalysis, exact: Recount): Generator<StoredSenderVolume> {
  const { cells } = volume;
  for (const sender of cells.senders) {
    const profile = volume.profiles.get(sender);
    if (!profile) continue;
    const hours: Array<[number, number, number]> = [];
    let counted = 0;
    let messages = 0;
    let recipients = 0;
    for (const c of cells.of(sender)) {
      const n = messagesAt(exact, c.index, c.messages);
      const r = exact.messages[c.index]! >= 0 ? exact.recipients[c.index]! : c.rows;
      counted += c.messages;
      messages += n;
      recipients += r;
      if (n > 0) hours.push([c.hour, n, r]);
    }
    // Baseline in messages: the analysis's (in instants) times this sender's factor, 1 unless recounted.
    const judged = baselineFor(profile, volume.peer);
    const f = counted === 0 ? 1 : messages / counted;
    const baseline = { ...judged, median: judged.median * f, mad: judged.mad * f };
    let peak: [number, number, number] | null = null;
    for (const h of hours) if (!peak || h[1] > peak[1]) peak = h;
    yield {
      sender,
      messages,
      recipients,
      activeHours: profile.activeHours,
      median: baseline.median,
      mad: baseline.mad,
      baselineHours: baseline.hours,
      baselineSource: baseline.source,
      bulk: profile.bulk,
      periodHours: profile.periodHours,
      peakHour: peak ? new Date(peak[0] * HOUR_MS).toISOString() : null,
      peakMessages: peak?.[1] ?? 0,
      peakRatio: peak ? spikeRatio(peak[1], baseline) : 0,
      hours,
    };
  }
}
