/**
 * The case timeline: every event in one time-ordered stream, paged by keyset cursors, searched in
 * the timeline's language (shared/search-query.ts), with a histogram from precomputed buckets.
 */
import { ApiError, type Args } from '../../../shared/contract.js';
import { TIMELINE_SOURCES, type TimelineSource } from '../../../shared/requests/timeline.js';
import { parseSearchQuery, SearchSyntaxError, type SearchNode } from '../../../shared/search-query.js';
import type { ReadDb } from '../store/db.js';
import { timelineHistogram } from '../store/timeline-histogram.js';
import { timelinePage, type Position, type StreamQuery } from '../store/timeline-page.js';
import { timelineRecord } from '../store/timeline-record.js';
import { toTimelineRows } from '../store/timeline-rows.js';
import { compileFilter } from '../store/timeline-search.js';
import type { HandlerContext, Handlers } from './context.js';

type TimelineRequest = 'timeline.histogram' | 'timeline.page' | 'timeline.record';

export const timelineHandlers = (ctx: HandlerContext): Pick<Handlers, TimelineRequest> => ({
  'timeline.histogram': async (args) => {
    const db = await ctx.db.read();
    const { query, node } = streamQuery(db, 'timeline.histogram', args);
    return timelineHistogram(db, {
      ...query,
      sources: args.sources ?? [...TIMELINE_SOURCES],
      bins: args.bins,
      searched: node !== null,
    });
  },
  'timeline.page': async (args) => {
    if (args.after !== undefined && args.before !== undefined)
      throw new ApiError('invalid_args', 'timeline.page: give after or before, not both');
    const db = await ctx.db.read();
    const { query } = streamQuery(db, 'timeline.page', args);
    const page = timelinePage(db, {
      ...query,
      after: args.after === undefined ? undefined : decodeCursor('after', args.after),
      before: args.before === undefined ? undefined : decodeCursor('before', args.before),
      at: args.at === undefined ? undefined : new Date(args.at).toISOString(),
      limit: args.limit,
    });
    return {
      rows: toTimelineRows(db, page.rows),
      before: encodeCursor(page.before),
      after: encodeCursor(page.after),
      partial: page.partial,
    };
  },
  'timeline.record': async ({ source, id }) => {
    const record = timelineRecord(await ctx.db.read(), source, id);
    if (!record) throw new ApiError('not_found', `no timeline event ${source}:${id}`);
    return record;
  },
});

/** The range, sources and search of a request, compiled per source; every error names where it is. */
function streamQuery(
  db: ReadDb,
  request: TimelineRequest,
  args: Pick<Args<'timeline.page'>, 'from' | 'to' | 'q' | 'sources'>,
): { query: StreamQuery; node: SearchNode | null } {
  const from = args.from === undefined ? null : new Date(args.from).toISOString();
  const to = args.to === undefined ? null : new Date(args.to).toISOString();
  if (from !== null && to !== null && from >= to)
    throw new ApiError('invalid_args', `${request}: from must be before to`);
  let node: SearchNode | null;
  try {
    node = parseSearchQuery(args.q ?? '');
  } catch (err) {
    if (err instanceof SearchSyntaxError) throw new ApiError('invalid_args', `${request}: q: ${err.message}`);
    throw err;
  }
  const sources = new Set<TimelineSource>(args.sources ?? TIMELINE_SOURCES);
  const filter = Object.fromEntries(
    TIMELINE_SOURCES.map((s) => [s, sources.has(s) ? compileFilter(node, s, db) : false]),
  ) as StreamQuery['filter'];
  return { query: { from, to, filter }, node };
}

/** Cursors are opaque to callers: `<time>|<source>|<id>` of a place in the stream. */
function encodeCursor(p: Position | null): string | null {
  return p === null ? null : `${p.time}|${p.source}|${p.id}`;
}

function decodeCursor(name: string, cursor: string): Position {
  const [time, source, id, ...rest] = cursor.split('|');
  if (
    rest.length > 0 ||
    time === undefined ||
    Number.isNaN(Date.parse(time)) ||
    !TIMELINE_SOURCES.includes(source as TimelineSource) ||
    !/^-?\d{1,15}$/.test(id ?? '')
  )
    throw new ApiError('invalid_args', `timeline.page: ${name}: not a timeline cursor`);
  return { time, source: source as TimelineSource, id: Number(id) };
}
