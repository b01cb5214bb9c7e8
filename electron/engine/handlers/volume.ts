/**
 * Send volume and campaigns: the sender list, one sender's hourly series against the baseline the
 * send-volume rule used, the messages behind an hour, and the campaign findings. Everything comes
 * from the aggregates the analysis stored (store/volume-reads.ts) and the stored findings.
 */
import { ApiError } from '../../../shared/contract.js';
import type { SenderSeries, SenderSummary, SentMessage } from '../../../shared/requests/volume.js';
import { spikeThreshold } from '../analysis/volume/hourly.js';
import type { ReadDb } from '../store/db.js';
import {
  listSenderVolumes,
  peerVolume,
  senderHours,
  senderVolume,
  sentMessages,
  type SenderVolumeRow,
} from '../store/volume-reads.js';
import type { HandlerContext, Handlers } from './context.js';
import { campaignViews, sendFindings, type SendFindings } from './send-findings.js';

const HOUR_MS = 3_600_000;
/** Recipients listed per message; `recipientCount` says how many there are. */
const RECIPIENTS_SHOWN = 50;

const isoHour = (hour: number): string => new Date(hour * HOUR_MS).toISOString();
/** Stored times are ISO UTC with milliseconds: compare like with like. */
const utc = (iso: string): string => new Date(iso).toISOString();

/** The stored sender row for an address as given or lowercased (senders are stored as lowercase keys). */
function findSender(db: ReadDb, sender: string): SenderVolumeRow {
  const row = senderVolume(db, sender) ?? senderVolume(db, sender.toLowerCase());
  if (!row) throw new ApiError('not_found', `no internal sender ${sender} in the trace`);
  return row;
}

export const volumeHandlers = (
  ctx: HandlerContext,
): Pick<Handlers, 'volume.senders' | 'volume.series' | 'volume.messages' | 'campaigns.list'> => {
  // The send findings change only with the analysis (every write clears the cache).
  const findingsOf = (db: ReadDb): SendFindings => ctx.derived.get('send-findings', () => sendFindings(db));

  return {
    'volume.senders': async ({ q, sort, limit }) => {
      const db = await ctx.db.read();
      const needle = q?.trim().toLowerCase() || null;
      const { rows, total } = listSenderVolumes(db, needle, sort, limit);
      const named = findingsOf(db).bySender;
      const senders = rows.map((r): SenderSummary => ({
        sender: r.sender,
        messages: r.messages,
        activeHours: r.activeHours,
        peakHour: r.peakHour,
        peakMessages: r.peakMessages,
        peakRatio: r.peakRatio,
        median: r.median,
        mad: r.mad,
        baselineSource: r.baselineSource,
        bulk: r.bulk,
        findings: named.get(r.sender) ?? [],
      }));
      return { senders, total };
    },

    'volume.series': async ({ sender, from, to }) => {
      const db = await ctx.db.read();
      const row = findSender(db, sender);
      const fromHour = from === undefined ? 0 : Math.floor(Date.parse(from) / HOUR_MS);
      const toHour = to === undefined ? 2 ** 31 - 1 : Math.ceil(Date.parse(to) / HOUR_MS);
      const baseline = {
        median: row.median,
        mad: row.mad,
        hours: row.baselineHours,
        source: row.baselineSource,
      };
      const peer = peerVolume(db) ?? { median: 0, mad: 0, hours: 0 };
      const inRange = (hour: string) => {
        const h = Math.floor(Date.parse(hour) / HOUR_MS);
        return h >= fromHour && h < toHour;
      };
      const series: SenderSeries = {
        sender: row.sender,
        hours: senderHours(db, row.id, fromHour, toHour).map(([hour, messages, recipients]) => ({
          hour: isoHour(hour),
          messages,
          recipients,
        })),
        baseline,
        peer: { median: peer.median, mad: peer.mad },
        // The rule's own test against the rule's baseline: the chart's line is the rule's threshold.
        spikeThreshold: spikeThreshold(baseline),
        spikes: (findingsOf(db).spikesBySender.get(row.sender) ?? [])
          .filter((s) => inRange(s.hour))
          .sort((a, b) => a.hour.localeCompare(b.hour))
          .map((s) => ({ hour: s.hour, messages: s.messages, findingId: s.id, severity: s.severity })),
      };
      return series;
    },

    'volume.messages': async ({ sender, from, to, offset, limit }) => {
      const db = await ctx.db.read();
      // Any address's mail can be listed (an outside sender has no stored profile, but has messages).
      const key = (senderVolume(db, sender) ?? senderVolume(db, sender.toLowerCase()))?.sender ?? sender.toLowerCase();
      const page = sentMessages(db, key, utc(from), utc(to), offset, limit);
      // Past the end the window count has no row to ride on: count from the start instead.
      const total =
        page[0]?.total ?? (offset > 0 ? (sentMessages(db, key, utc(from), utc(to), 0, 1)[0]?.total ?? 0) : 0);
      const rows = page.map((m): SentMessage => {
        const recipients = (JSON.parse(m.recipients) as Array<string | null>).filter((r): r is string => r !== null);
        recipients.sort();
        const statuses = (JSON.parse(m.statuses) as Array<string | null>).filter((s): s is string => s !== null);
        return {
          source: m.source,
          id: m.id,
          time: m.time,
          recipients: recipients.slice(0, RECIPIENTS_SHOWN),
          recipientCount: recipients.length,
          subject: m.subject,
          status: statuses.length > 0 ? statuses.join(', ') : null,
          messageId: m.messageId,
        };
      });
      return { rows, total };
    },

    'campaigns.list': async () => campaignViews(await ctx.db.read()),
  };
};
