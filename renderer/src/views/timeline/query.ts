/**
 * What the timeline asks the engine for, from the URL: the analyst's search, the column filters
 * (each a `field:"value"` term joined with AND) and the sources shown. Pivots write these.
 */
import { TIMELINE_SOURCES, type TimelineSource } from '../../../../shared/requests/timeline';

export interface TimelineSearch {
  from?: string | undefined;
  to?: string | undefined;
  q?: string | undefined;
  /** Comma-separated sources shown (all when absent). */
  sources?: string | undefined;
  /** Start the grid at this instant. */
  at?: string | undefined;
  /** The row whose record is open: `<source>:<id>`. */
  row?: string | undefined;
}

export function sourcesOf(search: TimelineSearch): TimelineSource[] | undefined {
  const list = (search.sources ?? '')
    .split(',')
    .filter((s): s is TimelineSource => (TIMELINE_SOURCES as readonly string[]).includes(s));
  return list.length > 0 && list.length < TIMELINE_SOURCES.length ? list : undefined;
}

/** A `field:value` term, quoted unless the value is one plain word. */
export function term(field: string, value: string): string {
  return /^[\w.@:-]+$/u.test(value) ? `${field}:${value}` : `${field}:"${value.replace(/"/g, '\\"')}"`;
}

/** The search with one more term ANDed to it. */
export function withTerm(q: string | undefined, extra: string): string {
  const base = (q ?? '').trim();
  return base ? `(${base}) AND ${extra}` : extra;
}

/** A window of ±minutes around an instant. */
export function around(iso: string, minutes: number): { from: string; to: string } {
  const t = Date.parse(iso);
  return {
    from: new Date(t - minutes * 60_000).toISOString(),
    to: new Date(t + minutes * 60_000).toISOString(),
  };
}

/** The request arguments every timeline query shares (histogram and pages). */
export function baseArgs(search: TimelineSearch) {
  const sources = sourcesOf(search);
  return {
    ...(search.from ? { from: search.from } : {}),
    ...(search.to ? { to: search.to } : {}),
    ...(search.q ? { q: search.q } : {}),
    ...(sources ? { sources } : {}),
  };
}
