/**
 * The timeline's histogram. Without a search it sums the buckets the importer keeps
 * (timeline_bucket: events per source per minute and per hour); with one it counts the matching
 * rows in the range (timeline-counts.ts: a live count, bounded).
 *
 * Bins are whole minutes, 5 or 15 minutes, hours, 6 hours or days (then whole days), aligned to
 * multiples of their width from the Unix epoch (UTC), the smallest width giving at most `bins`
 * bins; the range is widened to whole bins, so each bin counts all of its events.
 *
 * Gaps (timeline-gaps.ts): per source (audit, message), a stretch of at least max(6 h, one bin)
 * with no event inside the source's covered span. Six hours because a tenant with people in it logs
 * something every few hours even at night (service, sync and sign-in records), while a small
 * tenant's quiet weekend can still show; narrower than a bin would not be visible in the chart.
 * Dumps are snapshots, not a stream: they have no gaps.
 */
import type { HistogramBin, TimelineHistogram, TimelineSource } from '../../../shared/requests/timeline.js';
import { sqlite, type ReadDb } from './db.js';
import { countSearched, type BinCount } from './timeline-counts.js';
import { findGaps } from './timeline-gaps.js';
import type { StreamQuery } from './timeline-page.js';
import { HOUR_GRAIN, MINUTE_GRAIN } from './timeline-tally.js';

const MINUTE = 60_000;
/** Bin widths in minutes, smallest first; beyond a day, whole days. */
const WIDTHS = [1, 5, 15, 60, 360, 1440];
export const GAP_MIN_MS = 6 * 3_600_000;

export interface HistogramRequest extends StreamQuery {
  sources: TimelineSource[];
  bins: number;
  /** Whether a search narrows the counts (then rows are counted, not buckets). */
  searched: boolean;
}

const floorTo = (v: number, w: number) => v - (((v % w) + w) % w);
const iso = (minute: number) => new Date(minute * MINUTE).toISOString();

export function timelineHistogram(db: ReadDb, req: HistogramRequest): TimelineHistogram {
  const span = coveredSpan(db, req);
  if (!span)
    return {
      from: null,
      to: null,
      binMs: MINUTE,
      bins: [],
      total: 0,
      gaps: [],
      gapMinMs: GAP_MIN_MS,
      precomputed: !req.searched,
      countedTo: null,
    };
  const width = binWidth(span.end - span.start, span.start, req.bins);
  const start = floorTo(span.start, width);
  const end = floorTo(span.end - 1, width) + width;
  const bins: HistogramBin[] = Array.from({ length: (end - start) / width }, (_, i) => ({
    start: iso(start + i * width),
    audit: 0,
    message: 0,
    dump: 0,
  }));
  const sums = (source: TimelineSource, from: number, to: number) => sumBuckets(db, source, from, to, width);
  const { counts, countedTo } = req.searched
    ? countSearched(db, req, req.sources, { start, end, width }, sums)
    : { counts: req.sources.flatMap((s) => sums(s, start, end)), countedTo: null };
  let total = 0;
  for (const r of counts) {
    const bin = bins[(r.b - start) / width];
    if (!bin) continue;
    bin[r.source] += r.n;
    total += r.n;
  }
  const gapMinMs = Math.max(GAP_MIN_MS, width * MINUTE);
  const gaps = req.sources.filter((s) => s !== 'dump').flatMap((s) => findGaps(db, s, start, end, gapMinMs / MINUTE));
  return {
    from: iso(start),
    to: iso(end),
    binMs: width * MINUTE,
    bins,
    total,
    gaps,
    gapMinMs,
    precomputed: !req.searched,
    countedTo: countedTo === null ? null : iso(countedTo),
  };
}

/** The range in epoch minutes [start, end): the one asked for, else first to last event of the sources. */
function coveredSpan(db: ReadDb, req: HistogramRequest): { start: number; end: number } | null {
  const asked = (t: string | null) => (t === null ? null : Date.parse(t) / MINUTE);
  let start = asked(req.from);
  let end = asked(req.to);
  // min / max per source: each one seek on the bucket key (an IN list would scan them).
  const edge = (fn: 'min' | 'max') => {
    const each = req.sources.map(
      (s) =>
        sqlite(db)
          .prepare(`SELECT ${fn}(start) FROM timeline_bucket WHERE grain = ? AND source = ?`)
          .pluck()
          .get(MINUTE_GRAIN, s) as number | null,
    );
    const found = each.filter((v): v is number => v !== null);
    return found.length === 0 ? null : fn === 'min' ? Math.min(...found) : Math.max(...found);
  };
  start ??= edge('min');
  if (end === null) {
    const last = edge('max');
    end = last === null ? null : last + 1;
  }
  if (start === null || end === null) return null;
  start = Math.floor(start);
  end = Math.ceil(end);
  return end > start ? { start, end } : null;
}

/** The smallest width (minutes) giving at most `bins` aligned bins over [start, start + span). */
function binWidth(span: number, start: number, bins: number): number {
  const fits = (w: number) => (floorTo(start + span - 1, w) + w - floorTo(start, w)) / w <= bins;
  for (const w of WIDTHS) if (fits(w)) return w;
  let days = Math.max(1, Math.ceil(span / 1440 / bins));
  while (!fits(days * 1440)) days++;
  return days * 1440;
}

/** Bucket sums per bin: hour buckets when the width is whole hours (a long case sums ~60x fewer rows). */
function sumBuckets(db: ReadDb, source: TimelineSource, start: number, end: number, width: number): BinCount[] {
  const grain = width % 60 === 0 ? HOUR_GRAIN : MINUTE_GRAIN;
  return (
    sqlite(db)
      .prepare(
        `SELECT start - (((start - ?) % ?) + ?) % ? AS b, sum(n) AS n FROM timeline_bucket
         WHERE grain = ? AND source = ? AND start >= ? AND start < ? GROUP BY b`,
      )
      .all(start, width, width, width, grain, source, start, end) as Array<{ b: number; n: number }>
  ).map((r) => ({ source, b: r.b, n: r.n }));
}
