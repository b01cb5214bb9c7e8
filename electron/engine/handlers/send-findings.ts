/**
 * The send-volume-spike and internal-phishing-campaign findings as the volume views need them: which
 * senders each names, the spikes by sender, and a campaign read back from its stored details and
 * citations (never recomputed).
 */
import type { Severity } from '../../../shared/domain.js';
import type { CampaignView } from '../../../shared/requests/volume.js';
import type { ReadDb } from '../store/db.js';
import { grantsOfAuditEvents } from '../store/graph-reads.js';
import { citedRows, findingsOfRules, type StoredFinding } from '../store/send-finding-reads.js';

/** The rules' ids (rules/send-volume.ts, rules/internal-campaign.ts; a test pins them). */
export const SPIKE_RULE = 'send-volume-spike';
export const CAMPAIGN_RULE = 'internal-phishing-campaign';

const SAMPLE_SUBJECTS = 5;
const MINUTE_MS = 60_000;

export interface SendFindingRef {
  id: string;
  severity: Severity;
  rule: string;
}

export interface SpikeRef extends SendFindingRef {
  /** ISO start of the hour. */
  hour: string;
  messages: number;
}

export interface SendFindings {
  /** Findings naming each sender (its spikes, the campaigns it sent in), worst first. */
  bySender: Map<string, SendFindingRef[]>;
  spikesBySender: Map<string, SpikeRef[]>;
}

/**
 * The senders of a campaign as its `senders` detail states them
 * ("a@x (12 messages, 30 recipients); b@y (1 message, 4 recipients)"). Senders are internal
 * identity keys (no spaces, no semicolons), so the list reads back unambiguously.
 */
export function campaignSenders(f: StoredFinding): Array<{ sender: string; messages: number; recipients: number }> {
  const out: Array<{ sender: string; messages: number; recipients: number }> = [];
  for (const part of (f.details.senders ?? '').split('; ')) {
    const m = /^(\S+) \((\d+) messages?, (\d+) recipients?\)$/.exec(part);
    if (m) out.push({ sender: m[1]!, messages: Number(m[2]), recipients: Number(m[3]) });
  }
  return out;
}

export function sendFindings(db: ReadDb): SendFindings {
  const bySender = new Map<string, SendFindingRef[]>();
  const spikesBySender = new Map<string, SpikeRef[]>();
  const add = <T>(map: Map<string, T[]>, key: string, value: T) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  // Worst first already (the store orders by severity): each sender's list keeps that order.
  for (const f of findingsOfRules(db, [SPIKE_RULE, CAMPAIGN_RULE])) {
    const ref: SendFindingRef = { id: f.id, severity: f.severity, rule: f.rule };
    if (f.rule === SPIKE_RULE) {
      const sender = f.details.sender;
      if (!sender) continue;
      add(bySender, sender, ref);
      const hour = (f.details.hour ?? '').split(' - ')[0] ?? '';
      if (hour) add(spikesBySender, sender, { ...ref, hour, messages: Number(f.details.messages ?? 0) });
    } else for (const s of campaignSenders(f)) add(bySender, s.sender, ref);
  }
  return { bySender, spikesBySender };
}

/** Every campaign finding as the campaign view shows it, worst first. */
export function campaignViews(db: ReadDb): CampaignView[] {
  return findingsOfRules(db, [CAMPAIGN_RULE]).map((f) => campaignView(db, f));
}

function campaignView(db: ReadDb, f: StoredFinding): CampaignView {
  const cited = citedRows(db, f.id);
  // One citation per message (its first trace row, or its audit record); the rest are the grants.
  const sent = cited.filter((r) => r.sent && r.time !== null);
  const subjects: string[] = [];
  for (const r of sent) {
    if (subjects.length >= SAMPLE_SUBJECTS) break;
    if (r.subject && !subjects.includes(r.subject)) subjects.push(r.subject);
  }
  let senders = campaignSenders(f);
  if (senders.length === 0) {
    // Details from another wording: count the cited messages per sender instead (recipients unknown).
    const counts = new Map<string, number>();
    for (const r of sent) if (r.sender) counts.set(r.sender, (counts.get(r.sender) ?? 0) + 1);
    senders = [...counts].map(([sender, messages]) => ({ sender, messages, recipients: 0 }));
  }
  const times = sent.map((r) => Date.parse(r.time!)).sort((a, b) => a - b);
  const first = f.details.first ?? (times.length > 0 ? new Date(times[0]!).toISOString() : (f.time ?? ''));
  const last = f.details.last ?? (times.length > 0 ? new Date(times[times.length - 1]!).toISOString() : first);
  const grantIds = cited.filter((r) => r.source === 'audit' && !r.sent).map((r) => r.id);
  return {
    findingId: f.id,
    severity: f.severity,
    title: f.title,
    normalizedSubject: f.details.normalizedSubject ?? '',
    sampleSubjects: subjects,
    senders,
    recipients: Number(f.details.recipients ?? 0),
    messages: Number(f.details.messages ?? sent.length),
    first,
    last,
    perMinute: perMinute(times),
    grants: grantsOfAuditEvents(db, grantIds).map((g) => ({
      mailbox: g.mailbox,
      trustee: g.trustee,
      kind: g.kind,
      rights: g.rights,
      folder: g.folder,
      time: g.time,
      grantedBy: g.actor,
      viaGroup: g.detail.viaGroup ?? null,
    })),
  };
}

/** Messages per minute from the first cited message's minute to the last's, empty minutes included. */
function perMinute(times: readonly number[]): CampaignView['perMinute'] {
  if (times.length === 0) return [];
  const start = Math.floor(times[0]! / MINUTE_MS);
  const end = Math.floor(times[times.length - 1]! / MINUTE_MS);
  // The rule keeps a campaign within hours; a stored finding spanning more than a day is not filled minute by minute.
  if (end - start > 1440) {
    const byMinute = new Map<number, number>();
    for (const t of times) byMinute.set(Math.floor(t / MINUTE_MS), (byMinute.get(Math.floor(t / MINUTE_MS)) ?? 0) + 1);
    return [...byMinute].map(([m, messages]) => ({ minute: new Date(m * MINUTE_MS).toISOString(), messages }));
  }
  const counts = new Array<number>(end - start + 1).fill(0);
  for (const t of times) counts[Math.floor(t / MINUTE_MS) - start]!++;
  return counts.map((messages, i) => ({ minute: new Date((start + i) * MINUTE_MS).toISOString(), messages }));
}
