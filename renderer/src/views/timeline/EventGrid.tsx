/**
 * The event grid: an ARIA grid over the whole stream, virtualized (only visible rows are in the DOM)
 * and paged from the engine with keyset cursors in both directions as the analyst scrolls, so a
 * million events scroll smoothly. A row opens its record; a cell pivots the timeline on its value.
 */
import { useInfiniteQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useMemo, useRef, type RefObject } from 'react';
import type { TimelineRow } from '../../../../shared/requests/timeline';
import { useBackend } from '../../app/backend-context';
import { useListKeys } from '../../ui/keyboard';
import { Time, useZoneLabel } from '../../ui/Time';
import { PivotCell } from './PivotCell';
import { baseArgs, type TimelineSearch } from './query';

const ROW = 30;
const PAGE = 200;
type PageParam = { after?: string; before?: string; at?: string };

export function EventGrid({
  search,
  onChange,
  searchBox,
}: {
  search: TimelineSearch;
  onChange: (change: Partial<TimelineSearch>, replace?: boolean) => void;
  searchBox: RefObject<HTMLInputElement | null>;
}) {
  const backend = useBackend();
  const zone = useZoneLabel();
  const base = baseArgs(search);
  const start: PageParam = search.at ? { at: search.at } : search.from ? { at: search.from } : {};
  const pages = useInfiniteQuery({
    queryKey: ['timeline.page', base, start],
    initialPageParam: start,
    queryFn: ({ pageParam }) => backend.call('timeline.page', { ...base, ...pageParam, limit: PAGE }),
    getNextPageParam: (last): PageParam | undefined => (last.after ? { after: last.after } : undefined),
    getPreviousPageParam: (first): PageParam | undefined => (first.before ? { before: first.before } : undefined),
    maxPages: 25,
  });
  const rows = useMemo(() => pages.data?.pages.flatMap((p) => p.rows) ?? [], [pages.data]);
  const scroller = useRef<HTMLDivElement>(null);
  // The app is not built with the React Compiler; the virtualizer re-renders as it documents.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW,
    overscan: 20,
  });

  // Rows loaded above the view push it down: keep the same rows in view.
  const firstKey = useRef<string | null>(null);
  useLayoutEffect(() => {
    const previous = firstKey.current;
    firstKey.current = rows[0]?.key ?? null;
    if (!previous || rows[0]?.key === previous) return;
    const added = rows.findIndex((r) => r.key === previous);
    if (added > 0 && scroller.current) scroller.current.scrollTop += added * ROW;
  }, [rows]);

  // Load the next or previous page when the view nears either end.
  const items = virtual.getVirtualItems();
  const firstIndex = items[0]?.index ?? 0;
  const lastIndex = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    if (pages.isFetching) return;
    if (pages.hasNextPage && lastIndex >= rows.length - 40) void pages.fetchNextPage();
    else if (pages.hasPreviousPage && firstIndex < 20) void pages.fetchPreviousPage();
  }, [firstIndex, lastIndex, rows.length, pages]);

  useEffect(() => {
    if (rows.length > 0) performance.mark('dlens:timeline-rows');
  }, [rows.length]);

  const selected = search.row ? rows.findIndex((r) => r.key === search.row) : -1;
  useEffect(() => {
    if (selected >= 0) virtual.scrollToIndex(selected, { align: 'auto' });
  }, [selected, virtual]);
  useListKeys({
    count: rows.length,
    index: selected,
    onMove: (i) => onChange({ row: rows[i]!.key }, true),
    onOpen: (i) => onChange({ row: rows[i]!.key }, true),
    onClose: () => onChange({ row: undefined }, true),
    search: searchBox,
    page: 20,
  });

  if (pages.error) return <div className="banner error pane">{pages.error.message}</div>;
  return (
    <div className="pane list-pane" ref={scroller} data-testid="timeline-grid">
      <div role="grid" aria-label="Timeline events" aria-rowcount={-1} className="vgrid events-grid">
        <div role="row" aria-rowindex={1} className="vrow vhead">
          <span role="columnheader">Time ({zone})</span>
          <span role="columnheader">Source</span>
          <span role="columnheader">Operation</span>
          <span role="columnheader">Actor</span>
          <span role="columnheader">Target</span>
          <span role="columnheader">Client IP</span>
          <span role="columnheader">Result</span>
          <span role="columnheader">File · row</span>
        </div>
        {pages.isPending && <div className="muted pad">Loading events…</div>}
        {!pages.isPending && rows.length === 0 && (
          <div className="muted pad" data-testid="timeline-empty">
            No events match. Widen the time range or the search.
          </div>
        )}
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {items.map((v) => (
            <EventRow
              key={rows[v.index]!.key}
              row={rows[v.index]!}
              index={v.index}
              start={v.start}
              selected={v.index === selected}
              search={search}
              onChange={onChange}
            />
          ))}
        </div>
      </div>
    </div>
  );
}

function EventRow({
  row,
  index,
  start,
  selected,
  search,
  onChange,
}: {
  row: TimelineRow;
  index: number;
  start: number;
  selected: boolean;
  search: TimelineSearch;
  onChange: (change: Partial<TimelineSearch>, replace?: boolean) => void;
}) {
  const worst = row.findings[0];
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={`vrow event source-${row.source}${selected ? ' selected' : ''}${worst ? ` flagged sev-edge-${worst.severity}` : ''}`}
      style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${start}px)` }}
      onClick={() => onChange({ row: row.key }, true)}
      data-testid="timeline-row"
      data-key={row.key}
    >
      <span role="gridcell" className="mono">
        <Time iso={row.time} />
      </span>
      <span role="gridcell">
        <span className={`source-tag source-${row.source}`}>{row.source}</span>
        {row.findings.length > 0 && (
          <span
            className={`finding-mark sev-${worst!.severity}`}
            title={`${row.findings.length} finding(s) cite this row`}
          >
            ●
          </span>
        )}
      </span>
      <PivotCell field="op" value={row.operation} time={row.time} search={search} onChange={onChange} />
      <PivotCell field="actor" value={row.actor} time={row.time} search={search} onChange={onChange} />
      <PivotCell field="target" value={row.target} time={row.time} search={search} onChange={onChange} />
      <PivotCell field="ip" value={row.clientIp} time={row.time} search={search} onChange={onChange} mono />
      <PivotCell field="result" value={row.result} time={row.time} search={search} onChange={onChange} />
      <PivotCell
        field="file"
        value={row.file}
        time={row.time}
        search={search}
        onChange={onChange}
        suffix={row.row ? ` · ${row.row}` : ''}
      />
    </div>
  );
}
