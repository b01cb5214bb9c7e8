/**
 * Send volume and campaigns in the contract: per-sender hourly series with the baseline the
 * send-volume rule used (median / MAD, the sender's own or its peer group's), spikes marked, the
 * messages behind any hour, and the campaigns the analysis found. All read from aggregates the
 * analysis stores, never from a GROUP BY over every message per request.
 */
import { z } from 'zod';
import type { Severity } from '../domain.js';
import { returns } from './returns.js';

export interface SenderSummary {
  sender: string;
  /** Distinct messages (each once across trace files and tracking events; audited sends the trace lacks included). */
  messages: number;
  activeHours: number;
  /** The busiest hour (ISO start of the hour), its message count and its ratio to the baseline median. */
  peakHour: string | null;
  peakMessages: number;
  peakRatio: number;
  /** The baseline the rule judged this sender by, in messages per active hour. */
  median: number;
  mad: number;
  baselineSource: 'sender' | 'peer';
  /** Periodic bulk sender (newsletter): its own bursts are its baseline. */
  bulk: boolean;
  /** Send-volume and campaign findings naming this sender, worst first. */
  findings: Array<{ id: string; severity: Severity; rule: string }>;
}

export interface SenderSeries {
  sender: string;
  /**
   * Every active hour of the sender in the range asked (hours with no mail are absent: zero), in
   * time order. `hour` is the ISO start of the UTC hour (`2024-03-05T14:00:00.000Z`); `messages`
   * counts each message once, `recipients` its recipient deliveries.
   */
  hours: Array<{ hour: string; messages: number; recipients: number }>;
  baseline: { median: number; mad: number; source: 'sender' | 'peer'; hours: number };
  /** The peer group's (all ordinary internal senders') hourly median and MAD, for comparison. */
  peer: { median: number; mad: number };
  /**
   * The spike threshold: the fewest messages in one hour the send-volume rule calls a spike against
   * this baseline (at least 10, 5x the median and robust z 6; computed by the rule's own test).
   */
  spikeThreshold: number;
  /** Hours the rule reported (`hour` as in `hours`), with their findings. */
  spikes: Array<{ hour: string; messages: number; findingId: string | null; severity: Severity | null }>;
}

/** One message (each once, however many trace rows, files or tracking events carry it). */
export interface SentMessage {
  /** Where the row behind it lives: its first trace row, or the audit record of a send the trace lacks. */
  source: 'message' | 'audit';
  /** Row id in that source (timeline.record opens it). */
  id: number;
  time: string;
  /** Its distinct recipients, at most the first 50 by address (an audited send the trace lacks has none). */
  recipients: string[];
  /** How many distinct recipients it has. */
  recipientCount: number;
  subject: string | null;
  /** The delivery statuses of its recipients joined (`Delivered, Failed`); the operation for an audited send. */
  status: string | null;
  messageId: string | null;
}

/** A delegation grant on a campaign sender's mailbox that the campaign finding cites. */
export interface CampaignGrant {
  mailbox: string;
  /** Who was given the access. */
  trustee: string;
  kind: string;
  rights: string[];
  folder: string | null;
  time: string | null;
  grantedBy: string | null;
  /** The group through which the trustee holds it, if the grant was to a group. */
  viaGroup: string | null;
}

export interface CampaignView {
  findingId: string;
  severity: Severity;
  title: string;
  normalizedSubject: string;
  sampleSubjects: string[];
  senders: Array<{ sender: string; messages: number; recipients: number }>;
  recipients: number;
  messages: number;
  first: string;
  last: string;
  /** Messages per minute from first to last, for a mini timeline. */
  perMinute: Array<{ minute: string; messages: number }>;
  /** Delegation grants on the senders' mailboxes made shortly before (as the finding cites them), oldest first. */
  grants: CampaignGrant[];
}

const iso = z.iso.datetime({ offset: true });
const address = z.string().min(1).max(320);

export const volumeRequests = {
  'volume.senders': {
    args: z
      .object({
        /** Part of an address to look for. */
        q: z.string().max(320).optional(),
        /** `ratio`: the most unusual peak first; `messages`: the busiest senders first. */
        sort: z.enum(['ratio', 'messages']).default('ratio'),
        limit: z.number().int().min(1).max(5000).default(200),
      })
      .strict(),
    result: returns<{ senders: SenderSummary[]; total: number }>(),
  },
  'volume.series': {
    args: z.object({ sender: address, from: iso.optional(), to: iso.optional() }).strict(),
    result: returns<SenderSeries>(),
  },
  'volume.messages': {
    args: z
      .object({
        sender: address,
        from: iso,
        to: iso,
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(1000).default(200),
      })
      .strict(),
    result: returns<{ rows: SentMessage[]; total: number }>(),
  },
  'campaigns.list': {
    args: z.object({}).strict(),
    result: returns<CampaignView[]>(),
  },
} as const;
