/** Timeline search (the query language), the sources shown, the range in force and how to widen it. */
import { type RefObject } from 'react';
import { useDraft } from '../../ui/use-draft';
import { TIMELINE_SOURCES, type TimelineSource } from '../../../../shared/requests/timeline';
import { Time } from '../../ui/Time';
import { sourcesOf, type TimelineSearch } from './query';

const SOURCE_LABEL: Record<TimelineSource, string> = { audit: 'Audit log', message: 'Message trace', dump: 'Dumps' };

export function TimelineToolbar({
  search,
  onChange,
  searchBox,
}: {
  search: TimelineSearch;
  onChange: (change: Partial<TimelineSearch>, replace?: boolean) => void;
  searchBox: RefObject<HTMLInputElement | null>;
}) {
  const [q, setQ] = useDraft(search.q ?? '');
  const shown = new Set(sourcesOf(search) ?? TIMELINE_SOURCES);
  const toggle = (s: TimelineSource) => {
    const next = new Set(shown);
    if (next.has(s)) next.delete(s);
    else next.add(s);
    if (next.size === 0) return;
    onChange({ sources: next.size === TIMELINE_SOURCES.length ? undefined : [...next].join(',') });
  };
  return (
    <div className="toolbar" role="search">
      <form
        className="query"
        onSubmit={(e) => {
          e.preventDefault();
          onChange({ q: q.trim() || undefined, at: search.from });
        }}
      >
        <input
          ref={searchBox}
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder='Search ( / ): ip:203.0.113.7 AND NOT op:UserLoggedIn, actor:"*@contoso.com", "phrase"'
          aria-label="Search the timeline"
          data-testid="timeline-search"
          spellCheck={false}
        />
        <button type="submit">Search</button>
      </form>
      <div className="chips" role="group" aria-label="Sources">
        {TIMELINE_SOURCES.map((s) => (
          <button
            key={s}
            className={`chip source-${s}${shown.has(s) ? ' on' : ''}`}
            aria-pressed={shown.has(s)}
            onClick={() => toggle(s)}
            data-testid={`source-${s}`}
          >
            {SOURCE_LABEL[s]}
          </button>
        ))}
      </div>
      {(search.from ?? search.to) && (
        <span className="range-shown" data-testid="timeline-range">
          <Time iso={search.from ?? null} unknown="start" /> – <Time iso={search.to ?? null} unknown="end" />
          <button
            className="link"
            onClick={() => onChange({ from: undefined, to: undefined })}
            data-testid="zoom-reset"
          >
            Whole case
          </button>
        </span>
      )}
    </div>
  );
}
