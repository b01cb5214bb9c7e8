/**
 * A searched histogram: the matching rows per bin, counted from the rows (a search narrows the
 * buckets). Each bin is one range count on the source's (time, id) index or the search's own index
 * (`count(*)` walks index entries, several times cheaper than computing a bin for every row); a
 * source the search leaves whole is summed from its buckets.
 *
 * Bounded: when a search no index serves would test more than HISTOGRAM_SCAN_BUDGET rows of a
 * source (or an indexed one would count more than HISTOGRAM_INDEX_BUDGET index entries), every
 * source is counted up to the start of the bin where that budget runs out (`countedTo`): the bins
 * before it are exact, the later ones not counted.
 */
import type { TimelineSource } from '../../../shared/requests/timeline.js';
import { sqlite, type ReadDb } from './db.js';
import type { StreamQuery } from './timeline-page.js';
import { SOURCES } from './timeline-rows.js';
import { epochMinute } from './timeline-tally.js';

/** Rows a searched histogram tests per source when no index serves the search (~0.5 s of work at most). */
export const HISTOGRAM_SCAN_BUDGET = 200_000;
/** Matching index entries a searched histogram counts per source when an index serves it (~0.3 s at most). */
export const HISTOGRAM_INDEX_BUDGET = 2_000_000;

export interface BinCount {
  source: TimelineSource;
  /** Bin start, epoch minutes. */
  b: number;
  n: number;
}

const floorTo = (v: number, w: number) => v - (((v % w) + w) % w);
const iso = (minute: number) => new Date(minute * 60_000).toISOString();

export function countSearched(
  db: ReadDb,
  q: StreamQuery,
  sources: TimelineSource[],
  bins: { start: number; end: number; width: number },
  sumBuckets: (source: TimelineSource, start: number, end: number) => BinCount[],
): { counts: BinCount[]; countedTo: number | null } {
  const c = sqlite(db);
  const { start, end, width } = bins;
  let until = end;
  for (const source of sources) {
    const filter = q.filter[source];
    if (typeof filter === 'boolean' || source === 'dump') continue;
    const s = SOURCES[source];
    // Where the budget runs out: the budget-th row tested (a scan) or matched (an index walk).
    const budget = filter.indexed ? HISTOGRAM_INDEX_BUDGET : (q.scanBudget ?? HISTOGRAM_SCAN_BUDGET);
    const h = c
      .prepare(
        `SELECT ${s.time} FROM ${s.from} WHERE ${s.time} >= ? AND ${s.time} < ? ${filter.indexed ? `AND (${filter.sql})` : ''}
         ORDER BY ${s.time}, ${s.id} LIMIT 1 OFFSET ?`,
      )
      .pluck()
      .get(iso(start), iso(end), ...(filter.indexed ? filter.params : []), budget) as string | undefined;
    const minute = h === undefined ? null : epochMinute(h);
    if (minute !== null) until = Math.min(until, floorTo(minute, width));
  }
  const counts: BinCount[] = [];
  for (const source of sources) {
    const filter = q.filter[source];
    if (filter === false || until <= start) continue;
    if (filter === true) {
      counts.push(...sumBuckets(source, start, until));
      continue;
    }
    const s = SOURCES[source];
    const count = c
      .prepare(
        `SELECT count(*) FROM ${s.from} WHERE ${s.time} >= ? AND ${s.time} < ? ${s.base ? `AND ${s.base}` : ''}
         AND (${filter.sql})`,
      )
      .pluck();
    for (let b = start; b < until; b += width) {
      const n = count.get(iso(b), iso(b + width), ...filter.params) as number;
      if (n > 0) counts.push({ source, b, n });
    }
  }
  return { counts, countedTo: until < end ? until : null };
}
