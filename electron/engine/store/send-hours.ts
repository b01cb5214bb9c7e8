/**
 * Exact messages per sender and hour where the trace's instants are not messages, for the stored
 * send-volume aggregates. The hourly analysis counts (sender, instant) groups from the (sender,
 * time) index alone: one per message in a cloud trace export. They stop being messages where one
 * message has rows at several instants: tracking logs (RECEIVE, DELIVER, SEND at different times)
 * and the same mail in two exports of different precision (a Get-MessageTrace CSV and the admin
 * center's report). Only those hours are recounted by message identity, in time order through the
 * time index; a case with one cloud trace export recounts nothing.
 */
import { sqlite, type ReadDb } from './db.js';
import { placeholders } from './sql-lists.js';
import { SECONDARY_EVENTS, TRACE_KEY } from './send-reads.js';

/**
 * Trace formats with one row per recipient of a message, every row at the message's instant
 * (evidence.format ids of the importers): one such file alone gives instants that are messages.
 */
const ONE_INSTANT_FORMATS = new Set([
  'message-trace-csv',
  'message-trace-v2-csv',
  'message-trace-json',
  'eac-trace-enhanced-summary-csv',
]);
/** Formats logging several events per message at different instants. */
const EVENT_FORMATS = new Set([
  'message-trace-detail-csv',
  'eac-trace-extended-csv',
  'msgtrk-log',
  'message-tracking-log-csv',
]);

/** Is this evidence format a message trace or tracking log (the importers' format ids)? */
export const isTraceFormat = (format: string): boolean => ONE_INSTANT_FORMATS.has(format) || EVENT_FORMATS.has(format);

const HOUR_MS = 3_600_000;
const hourOf = (iso: string): number => Math.floor(Date.parse(iso) / HOUR_MS);

/**
 * Hour ranges [from, to) (hours since the epoch, UTC) in which instants may not be messages: the
 * span of every tracking-event file, and hours inside the spans of two or more trace files.
 */
export function ambiguousTraceHours(db: ReadDb): Array<[from: number, to: number]> {
  const evidence = sqlite(db)
    .prepare(
      'SELECT format, first_time, last_time FROM evidence WHERE first_time IS NOT NULL AND last_time IS NOT NULL',
    )
    .all() as Array<{ format: string; first_time: string; last_time: string }>;
  const spans = evidence
    .filter((f) => isTraceFormat(f.format))
    .map((f) => ({ from: hourOf(f.first_time), to: hourOf(f.last_time) + 1, events: EVENT_FORMATS.has(f.format) }));
  // Sweep the span edges: an hour is ambiguous under an event file or under two files at once.
  const edges: Array<[hour: number, files: number, events: number]> = [];
  for (const s of spans) edges.push([s.from, 1, s.events ? 1 : 0], [s.to, -1, s.events ? -1 : 0]);
  edges.sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  let open = 0;
  let events = 0;
  let openAt: number | null = null;
  for (let i = 0; i < edges.length; i++) {
    const [hour, df, de] = edges[i]!;
    open += df;
    events += de;
    // Apply every edge at this hour before deciding.
    if (i + 1 < edges.length && edges[i + 1]![0] === hour) continue;
    const ambiguous = open >= 2 || events > 0;
    if (ambiguous && openAt === null) openAt = hour;
    if (!ambiguous && openAt !== null) {
      out.push([openAt, hour]);
      openAt = null;
    }
  }
  return out;
}

/**
 * Distinct messages and recipient deliveries per sender in each hour of [from, to) (hours since
 * the epoch), by message identity (TRACE_KEY) with the later tracking events left out, as
 * `exactMessageCount` counts one hour. Rows are read in time order, so memory holds one hour.
 */
export function exactTraceHours(
  db: ReadDb,
  from: number,
  to: number,
  visit: (sender: string, hour: number, messages: number, recipients: number) => void,
): void {
  const rows = sqlite(db)
    .prepare(
      `SELECT time, sender, ${TRACE_KEY} AS k, recipient FROM message
       WHERE time >= ? AND time < ? AND sender IS NOT NULL
         AND (status IS NULL OR status NOT IN (${placeholders(SECONDARY_EVENTS.length)}))
       ORDER BY time`,
    )
    .raw()
    .iterate(
      new Date(from * HOUR_MS).toISOString(),
      new Date(to * HOUR_MS).toISOString(),
      ...SECONDARY_EVENTS,
    ) as Iterable<[string, string, string, string | null]>;
  let hourKey = '';
  let hour = 0;
  let bySender = new Map<string, { keys: Set<string>; deliveries: Set<string> }>();
  const flush = () => {
    for (const [sender, s] of bySender) visit(sender, hour, s.keys.size, s.deliveries.size);
    bySender = new Map();
  };
  for (const [time, sender, k, recipient] of rows) {
    const h = time.slice(0, 13);
    if (h !== hourKey) {
      flush();
      hourKey = h;
      hour = hourOf(`${h}:00:00.000Z`);
    }
    let s = bySender.get(sender);
    if (!s) bySender.set(sender, (s = { keys: new Set(), deliveries: new Set() }));
    s.keys.add(k);
    s.deliveries.add(`${k}\u0000${recipient ?? ''}`);
  }
  flush();
}
