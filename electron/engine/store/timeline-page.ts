/**
 * One page of the timeline by keyset, never OFFSET: each source is read from its (time, id) index
 * strictly after (or before) a position, `limit + 1` rows at most, and the sources are merged in
 * (time, source, id) order. A position 1M events deep costs what the first page costs.
 *
 * A search no index serves (free text, wildcards, NOT …) tests rows one by one; a page then tests
 * at most SCAN_BUDGET rows per source and, when that ends the page early, says so (`partial`): its
 * cursor continues from the last row tested, so no request holds the engine for long and the
 * renderer can show how far the search has got.
 */
import { TIMELINE_SOURCES, type TimelineSource } from '../../../shared/requests/timeline.js';
import { sqlite, type ReadDb } from './db.js';
import type { Condition, SourceFilter } from './timeline-search.js';
import { compareRows, SOURCE_RANK, SOURCES, type RawRow, type SourcedRow } from './timeline-rows.js';

/** A place in the merged stream: a row's key, or a point between rows (id 0 sits before every row of its instant). */
export interface Position {
  time: string;
  source: TimelineSource;
  id: number;
}

export interface StreamQuery {
  /** Inclusive lower and exclusive upper bound on time (ISO UTC), or null. */
  from: string | null;
  to: string | null;
  /** The search compiled per source; `false` leaves the source out. */
  filter: Record<TimelineSource, SourceFilter>;
  /** Rows a search no index serves may test per source (default SCAN_BUDGET; tests lower it). */
  scanBudget?: number | undefined;
}

export interface PageRequest extends StreamQuery {
  after?: Position | undefined;
  before?: Position | undefined;
  /** Rows from this instant on (ISO UTC), when no cursor is given. */
  at?: string | undefined;
  limit: number;
}

export interface PageResult {
  rows: SourcedRow[];
  before: Position | null;
  after: Position | null;
  /** The page stopped at the scan budget: fewer rows than asked, and the cursor continues the search. */
  partial: boolean;
}

/** Rows a search that no index serves may test per source and request (~50-100 ms of work each). */
export const SCAN_BUDGET = 25_000;

const posOf = (r: SourcedRow): Position => ({ time: r.time, source: r.source, id: r.id });

/** The point just before every row at `time`. */
export const instant = (time: string): Position => ({ time, source: 'audit', id: 0 });

export function timelinePage(db: ReadDb, req: PageRequest): PageResult {
  if (req.before) return backward(db, req, req.before);
  const start = req.after ?? (req.at !== undefined ? instant(req.at) : null);
  const read = readAll(db, req, 'asc', start, req.limit + 1);
  const rows = read.rows.slice(0, req.limit);
  const more = read.rows.length > req.limit;
  const after = more ? posOf(rows[rows.length - 1]!) : read.stop;
  let before: Position | null = null;
  if (req.after) {
    // Rows before this page: up to and including the cursor (no id lies between id and id + 1).
    before = rows.length > 0 ? posOf(rows[0]!) : { ...req.after, id: req.after.id + 1 };
  } else if (start) {
    const behind = readAll(db, req, 'desc', start, 1);
    if (behind.rows.length > 0 || behind.stop) before = rows.length > 0 ? posOf(rows[0]!) : start;
  }
  return { rows, before, after, partial: !more && read.stop !== null };
}

function backward(db: ReadDb, req: PageRequest, from: Position): PageResult {
  const read = readAll(db, req, 'desc', from, req.limit + 1);
  const rows = read.rows.slice(0, req.limit).reverse();
  const more = read.rows.length > req.limit;
  return {
    rows,
    before: more ? posOf(rows[0]!) : read.stop,
    // Rows after this page: from the cursor on (no id lies between id - 1 and id).
    after: rows.length > 0 ? posOf(rows[rows.length - 1]!) : { ...from, id: from.id - 1 },
    partial: !more && read.stop !== null,
  };
}

/**
 * Up to `limit` rows strictly after (asc) or before (desc) `bound`, merged in that direction. When a
 * source stopped at its scan budget, only rows up to the nearest such stop are known: `stop` is that
 * position when fewer than `limit` rows are known (the rows beyond it are still to be searched).
 */
function readAll(
  db: ReadDb,
  q: StreamQuery,
  dir: 'asc' | 'desc',
  bound: Position | null,
  limit: number,
): { rows: SourcedRow[]; stop: Position | null } {
  const order = dir === 'asc' ? compareRows : (a: Position, b: Position) => compareRows(b, a);
  const out: SourcedRow[] = [];
  let stop: Position | null = null;
  for (const source of TIMELINE_SOURCES) {
    const filter = q.filter[source];
    if (filter === false) continue;
    const read = readSource(db, source, filter, q, dir, bound, limit);
    for (const r of read.rows) out.push({ ...r, source });
    if (read.horizon && (stop === null || order(read.horizon, stop) < 0)) stop = read.horizon;
  }
  out.sort(order);
  const known = stop === null ? out : out.filter((r) => order(r, stop) <= 0);
  return known.length >= limit ? { rows: known.slice(0, limit), stop: null } : { rows: known, stop };
}

function readSource(
  db: ReadDb,
  source: TimelineSource,
  filter: true | Condition,
  q: StreamQuery,
  dir: 'asc' | 'desc',
  bound: Position | null,
  limit: number,
): { rows: RawRow[]; horizon: Position | null } {
  const s = SOURCES[source];
  const where: string[] = [];
  const params: unknown[] = [];
  if (s.base) where.push(s.base);
  if (bound) {
    const rel = SOURCE_RANK[source] - SOURCE_RANK[bound.source];
    const [lt, gt] = dir === 'asc' ? ['>', '>='] : ['<', '<='];
    // Same instant: earlier sources come first, so going forward they start after it, going back they include it.
    if (rel === 0) {
      where.push(`(${s.time}, ${s.id}) ${lt} (?, ?)`);
      params.push(bound.time, bound.id);
    } else {
      where.push(`${s.time} ${rel < 0 === (dir === 'asc') ? lt : gt} ?`);
      params.push(bound.time);
    }
  }
  if (q.from !== null) {
    where.push(`${s.time} >= ?`);
    params.push(q.from);
  }
  if (q.to !== null) {
    where.push(`${s.time} < ?`);
    params.push(q.to);
  }
  const order = dir === 'asc' ? 'ASC' : 'DESC';
  const tail = `ORDER BY ${s.time} ${order}, ${s.id} ${order}`;
  let horizon: Position | null = null;
  if (filter !== true && !filter.indexed && source !== 'dump') {
    // How far the budget's rows reach from the bound, on the (time, id) index alone (a scan horizon, not a page).
    const h = sqlite(db)
      .prepare(
        `SELECT ${s.time} AS time, ${s.id} AS id FROM ${s.from} WHERE ${where.join(' AND ') || '1'} ${tail} LIMIT 1 OFFSET ?`,
      )
      .get(...params, (q.scanBudget ?? SCAN_BUDGET) - 1) as { time: string; id: number } | undefined;
    if (h) {
      horizon = { time: h.time, source, id: h.id };
      where.push(`(${s.time}, ${s.id}) ${dir === 'asc' ? '<=' : '>='} (?, ?)`);
      params.push(h.time, h.id);
    }
  }
  if (filter !== true) {
    where.push(`(${filter.sql})`);
    params.push(...filter.params);
  }
  const rows = sqlite(db)
    .prepare(
      `SELECT ${s.columns} FROM ${s.from} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ${tail} LIMIT ?`,
    )
    .all(...params, limit) as RawRow[];
  // A source that filled its `limit` is known up to its last row, whatever its horizon.
  return { rows, horizon: rows.length >= limit ? null : horizon };
}
