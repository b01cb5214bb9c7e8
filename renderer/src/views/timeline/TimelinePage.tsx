/**
 * The case timeline: every event of every source in one stream. Search and source toggles on top,
 * the histogram (brush to zoom) below them, then the event grid and, beside it, the record of the
 * chosen row. The URL holds it all (#/timeline?from=…&to=…&q=…&sources=…&at=…&row=…).
 */
import { useNavigate } from '@tanstack/react-router';
import { useCallback, useRef } from 'react';
import { EventGrid } from './EventGrid';
import { Histogram } from './Histogram';
import { RecordPanel } from './RecordPanel';
import { TimelineToolbar } from './TimelineToolbar';
import type { TimelineSearch } from './query';

export type { TimelineSearch } from './query';

export function TimelinePage({ search }: { search: TimelineSearch }) {
  const navigate = useNavigate();
  const searchBox = useRef<HTMLInputElement>(null);
  const update = useCallback(
    (change: Partial<TimelineSearch>, replace = false) =>
      void navigate({ to: '/timeline', search: (s: TimelineSearch) => ({ ...s, ...change }), replace }),
    [navigate],
  );
  return (
    <section className="timeline-page">
      <TimelineToolbar search={search} onChange={update} searchBox={searchBox} />
      <Histogram search={search} onZoom={(from, to) => update({ from, to, at: from })} />
      <div className={search.row ? 'split' : 'split single'}>
        <EventGrid search={search} onChange={update} searchBox={searchBox} />
        {search.row && <RecordPanel rowKey={search.row} onChange={update} />}
      </div>
    </section>
  );
}
