/**
 * Coverage gaps of the timeline: per source (audit, message), a stretch of at least `minMinutes`
 * between two events of that source with none between them, so inside its covered span (first to
 * last event). Found from the buckets: consecutive non-empty hours far enough apart are the only
 * candidates (a gap of L minutes leaves at least L - 118 minutes of whole empty hours), and each
 * candidate is measured exactly from its two edge minutes. A few hundred hour rows and two seeks per
 * candidate, where a pass over the minute buckets would read tens of thousands of rows.
 */
import type { TimelineHistogram, TimelineSource } from '../../../shared/requests/timeline.js';
import { sqlite, type ReadDb } from './db.js';
import { HOUR_GRAIN, MINUTE_GRAIN } from './timeline-tally.js';

const iso = (minute: number) => new Date(minute * 60_000).toISOString();

/** Gaps of `source` overlapping [start, end) (epoch minutes); one reaching past the range is given whole. */
export function findGaps(
  db: ReadDb,
  source: TimelineSource,
  start: number,
  end: number,
  minMinutes: number,
): TimelineHistogram['gaps'] {
  const c = sqlite(db);
  const edge = (sql: string, at: number) =>
    (c.prepare(sql).pluck().get(HOUR_GRAIN, source, at) as number | null | undefined) ?? null;
  // The hours with events from the last one before the range to the first one after it.
  const lo =
    edge('SELECT max(start) FROM timeline_bucket WHERE grain = ? AND source = ? AND start < ?', start) ?? start;
  const hi = edge('SELECT min(start) FROM timeline_bucket WHERE grain = ? AND source = ? AND start >= ?', end) ?? end;
  const hours = c
    .prepare(
      'SELECT start FROM timeline_bucket WHERE grain = ? AND source = ? AND start >= ? AND start <= ? ORDER BY start',
    )
    .pluck()
    .all(HOUR_GRAIN, source, lo, hi) as number[];
  const lastIn = c
    .prepare('SELECT max(start) FROM timeline_bucket WHERE grain = ? AND source = ? AND start >= ? AND start < ?')
    .pluck();
  const firstIn = c
    .prepare('SELECT min(start) FROM timeline_bucket WHERE grain = ? AND source = ? AND start >= ? AND start < ?')
    .pluck();
  const gaps: TimelineHistogram['gaps'] = [];
  for (let i = 1; i < hours.length; i++) {
    const [before, after] = [hours[i - 1]!, hours[i]!];
    if (after - before - 60 < minMinutes - 118) continue;
    const from = (lastIn.get(MINUTE_GRAIN, source, before, before + 60) as number) + 1;
    const to = firstIn.get(MINUTE_GRAIN, source, after, after + 60) as number;
    if (to - from >= minMinutes && to > start && from < end) gaps.push({ source, from: iso(from), to: iso(to) });
  }
  return gaps;
}
