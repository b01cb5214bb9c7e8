/**
 * Event counts per source and minute, kept as the evidence writer inserts rows (duplicates are not
 * rows, so they are not counted) and added to `timeline_bucket` when the file finishes, inside its
 * transaction. The timeline's histogram reads these buckets instead of counting raw rows.
 *
 * Two grains are stored: minutes (the finest bin the histogram draws) and hours (so a histogram of a
 * year-long case sums ~9k rows per source instead of ~500k). Bucket starts are epoch minutes (UTC).
 */
import type Database from 'better-sqlite3';
import { TIMELINE_SOURCES, type TimelineSource } from '../../../shared/requests/timeline.js';

export const MINUTE_GRAIN = 1;
export const HOUR_GRAIN = 60;

/** Epoch minute of an ISO-8601 UTC time (`YYYY-MM-DDTHH:MM…`), or null when it is not one. */
export function epochMinute(time: string): number | null {
  const ms = Date.parse(`${time.slice(0, 16)}:00Z`);
  return Number.isFinite(ms) ? ms / 60_000 : null;
}

/** Start of the hour holding an epoch minute (floor, also before 1970). */
export const hourOf = (minute: number): number => minute - (((minute % 60) + 60) % 60);

export class TimelineTally {
  /** Per source: `YYYY-MM-DDTHH:MM` -> events (the key is a slice of the stored time: cheap per row). */
  private readonly counts = new Map<TimelineSource, Map<string, number>>(TIMELINE_SOURCES.map((s) => [s, new Map()]));

  add(source: TimelineSource, time: string): void {
    const m = this.counts.get(source)!;
    const key = time.slice(0, 16);
    m.set(key, (m.get(key) ?? 0) + 1);
  }

  clear(): void {
    for (const m of this.counts.values()) m.clear();
  }

  /** Add the counts to the case's buckets (minute and hour grain) and start over. */
  flush(db: Database.Database): void {
    const upsert = db.prepare(
      `INSERT INTO timeline_bucket (grain, source, start, n) VALUES (?, ?, ?, ?)
       ON CONFLICT (grain, source, start) DO UPDATE SET n = n + excluded.n`,
    );
    for (const [source, byKey] of this.counts) {
      const hours = new Map<number, number>();
      for (const [key, n] of byKey) {
        const minute = epochMinute(key);
        if (minute === null) continue;
        upsert.run(MINUTE_GRAIN, source, minute, n);
        const hour = hourOf(minute);
        hours.set(hour, (hours.get(hour) ?? 0) + n);
      }
      for (const [hour, n] of hours) upsert.run(HOUR_GRAIN, source, hour, n);
    }
    this.clear();
  }
}
