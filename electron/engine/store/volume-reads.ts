/**
 * The send-volume views' reads: the aggregates the analysis stored (volume-writes.ts) and, for the
 * messages of one sender in a time range, the trace through its (sender, time) index plus the
 * audited sends the trace lacks. No request groups over every message.
 */
import { sqlite, type ReadDb } from './db.js';
import { placeholders } from './sql-lists.js';
import {
  AUDITED_KEY,
  AUDITED_SEND_FILTER,
  AUDITED_SENDER,
  SECONDARY_EVENTS,
  SEND_OPERATIONS,
  TRACE_KEY,
} from './send-reads.js';
import { rawJson } from './sql-json.js';
import type { StoredSenderVolume } from './volume-writes.js';

/** A stored sender as read back: what the analysis wrote (volume-writes.ts), with its row id. */
export type SenderVolumeRow = Omit<StoredSenderVolume, 'hours'> & { id: number };

const SENDER_COLUMNS = `id, sender, messages, recipients, active_hours AS activeHours, median, mad,
  baseline_hours AS baselineHours, baseline_source AS baselineSource, bulk, period_hours AS periodHours,
  peak_hour AS peakHour, peak_messages AS peakMessages, peak_ratio AS peakRatio`;

const toSender = (r: Omit<SenderVolumeRow, 'bulk'> & { bulk: number }): SenderVolumeRow => ({
  ...r,
  bulk: r.bulk === 1,
});

/**
 * Senders whose address contains `q` (lowercase), the most unusual peak or the most messages first.
 * Without `q` the order comes straight from an index; with it, the 50,000 rows of a large tenant
 * are filtered in one pass over the table.
 */
export function listSenderVolumes(
  db: ReadDb,
  q: string | null,
  sort: 'ratio' | 'messages',
  limit: number,
): { rows: SenderVolumeRow[]; total: number } {
  const c = sqlite(db);
  const order = sort === 'ratio' ? 'peak_ratio DESC, sender' : 'messages DESC, sender';
  const where = q ? 'WHERE instr(sender, ?) > 0' : '';
  const params = q ? [q] : [];
  const rows = c
    .prepare(`SELECT ${SENDER_COLUMNS} FROM volume_sender ${where} ORDER BY ${order} LIMIT ?`)
    .all(...params, limit) as Array<Parameters<typeof toSender>[0]>;
  const total = (c.prepare(`SELECT count(*) AS n FROM volume_sender ${where}`).get(...params) as { n: number }).n;
  return { rows: rows.map(toSender), total };
}

export function senderVolume(db: ReadDb, sender: string): SenderVolumeRow | null {
  const r = sqlite(db).prepare(`SELECT ${SENDER_COLUMNS} FROM volume_sender WHERE sender = ?`).get(sender) as
    Parameters<typeof toSender>[0] | undefined;
  return r ? toSender(r) : null;
}

/** A sender's stored hours in [fromHour, toHour) (hours since the epoch), in order. */
export function senderHours(
  db: ReadDb,
  senderId: number,
  fromHour: number,
  toHour: number,
): Array<[hour: number, messages: number, recipients: number]> {
  return sqlite(db)
    .prepare(
      'SELECT hour, messages, recipients FROM volume_hour WHERE sender_id = ? AND hour >= ? AND hour < ? ORDER BY hour',
    )
    .raw()
    .all(senderId, fromHour, toHour) as Array<[number, number, number]>;
}

export function peerVolume(db: ReadDb): { median: number; mad: number; hours: number } | null {
  return (
    (sqlite(db).prepare('SELECT median, mad, hours FROM volume_peer WHERE id = 1').get() as
      { median: number; mad: number; hours: number } | undefined) ?? null
  );
}

export interface SentMessageRow {
  source: 'message' | 'audit';
  /** First trace row of the message, or the audit record of an audited send the trace lacks. */
  id: number;
  time: string;
  /** JSON array of the distinct recipients (trace rows only). */
  recipients: string;
  subject: string | null;
  /** JSON array of the distinct statuses (trace) or the audited operation. */
  statuses: string;
  messageId: string | null;
  total: number;
}

/**
 * The messages of `sender` in [from, to), each once: trace rows grouped by message identity (the
 * same mail from two exports, or logged as several tracking events, is one message; later tracking
 * events left out as the hourly counts leave them out), then the audited sends no trace row of the
 * same sender within 10 minutes carries (the analysis's `traced` rule). Paged with OFFSET: the
 * range is one sender-hour in the views, a few hundred messages at most, all grouped anyway to be
 * counted, so a keyset cursor would save nothing.
 */
export function sentMessages(
  db: ReadDb,
  sender: string,
  from: string,
  to: string,
  offset: number,
  limit: number,
): SentMessageRow[] {
  return sqlite(db)
    .prepare(
      `WITH traced AS (
         SELECT id, time, ${TRACE_KEY} AS k, recipient, subject, status, message_id FROM message
         WHERE sender = ? AND time >= ? AND time < ?
           AND (status IS NULL OR status NOT IN (${placeholders(SECONDARY_EVENTS.length)}))
       ),
       audited AS (
         SELECT id, time, ${AUDITED_KEY} AS k, ${rawJson('$.Item.Subject')} AS subject, operation,
                ${rawJson('$.Item.InternetMessageId')} AS message_id
         FROM audit_event
         WHERE ${AUDITED_SEND_FILTER} AND time >= ? AND time < ? AND ${AUDITED_SENDER} IN (?, ?)
       ),
       messages AS (
         SELECT 'message' AS source, min(id) AS id, min(time) AS time, json_group_array(DISTINCT recipient) AS recipients,
                min(subject) AS subject, json_group_array(DISTINCT status) AS statuses, min(message_id) AS messageId
         FROM traced GROUP BY k
         UNION ALL
         SELECT 'audit', a.id, a.time, '[]', a.subject, json_array(a.operation), a.message_id FROM audited a
         -- TRACE_KEY's bare columns name the innermost table: the trace row m.
         WHERE NOT EXISTS (
           SELECT 1 FROM message m
           WHERE m.sender = ?
             AND m.time >= strftime('%Y-%m-%dT%H:%M:%fZ', a.time, '-10 minutes')
             AND m.time <= strftime('%Y-%m-%dT%H:%M:%fZ', a.time, '+10 minutes')
             AND ${TRACE_KEY} = a.k)
       )
       SELECT source, id, time, recipients, subject, statuses, messageId, count(*) OVER () AS total
       FROM messages ORDER BY time, source DESC, id LIMIT ? OFFSET ?`,
    )
    .all(
      sender,
      from,
      to,
      ...SECONDARY_EVENTS,
      ...SEND_OPERATIONS,
      from,
      to,
      sender,
      `smtp:${sender}`,
      sender,
      limit,
      offset,
    ) as SentMessageRow[];
}
