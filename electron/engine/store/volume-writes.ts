/**
 * The send-volume aggregates an analysis run stores (migration 007): per sender its profile and
 * baseline, per sender-hour its messages and recipients, and the peer group's baseline. Derived
 * data like the findings, replaced whole inside the analysis transaction (analysis-writes.ts), so
 * the charts always match the findings beside them. Senders and hours arrive as iterables and are
 * written as they come: the aggregates are never held twice in memory.
 */
import { sqlite, type WriteDb } from './db.js';

export interface StoredSenderVolume {
  sender: string;
  messages: number;
  recipients: number;
  activeHours: number;
  median: number;
  mad: number;
  baselineHours: number;
  baselineSource: 'sender' | 'peer';
  bulk: boolean;
  periodHours: number | null;
  /** ISO start of the busiest hour. */
  peakHour: string | null;
  peakMessages: number;
  peakRatio: number;
  /** Active hours in time order: [hours since the epoch (UTC), messages, recipients]. */
  hours: Iterable<readonly [hour: number, messages: number, recipients: number]>;
}

export interface StoredVolume {
  peer: { median: number; mad: number; hours: number };
  senders: Iterable<StoredSenderVolume>;
}

/** Replace the stored aggregates (inside the caller's transaction); null leaves them empty. */
export function replaceVolume(db: WriteDb, volume: StoredVolume | null): void {
  const c = sqlite(db);
  // Unconditional DELETEs: SQLite drops the pages whole (truncate optimisation), no row-by-row work.
  c.exec('DELETE FROM volume_hour; DELETE FROM volume_sender; DELETE FROM volume_peer;');
  if (!volume) return;
  c.prepare('INSERT INTO volume_peer (id, median, mad, hours) VALUES (1, ?, ?, ?)').run(
    volume.peer.median,
    volume.peer.mad,
    volume.peer.hours,
  );
  const insertSender = c.prepare(
    `INSERT INTO volume_sender (sender, messages, recipients, active_hours, median, mad, baseline_hours,
                                baseline_source, bulk, period_hours, peak_hour, peak_messages, peak_ratio)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertHour = c.prepare('INSERT INTO volume_hour (sender_id, hour, messages, recipients) VALUES (?, ?, ?, ?)');
  for (const s of volume.senders) {
    const id = insertSender.run(
      s.sender,
      s.messages,
      s.recipients,
      s.activeHours,
      s.median,
      s.mad,
      s.baselineHours,
      s.baselineSource,
      s.bulk ? 1 : 0,
      s.periodHours,
      s.peakHour,
      s.peakMessages,
      s.peakRatio,
    ).lastInsertRowid;
    for (const [hour, messages, recipients] of s.hours) insertHour.run(id, hour, messages, recipients);
  }
}
