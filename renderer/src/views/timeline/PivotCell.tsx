/**
 * A grid cell whose value can be pivoted on. Clicking the cell selects its row like any other; the
 * cell's ▾ button opens the pivots: only rows with this value, add it to the search, exclude it, or the
 * minutes around the row. The value is evidence text, shown inert.
 */
import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import { EvidenceText } from '../../ui/EvidenceText';
import { around, term, withTerm, type TimelineSearch } from './query';

export function PivotCell({
  field,
  value,
  time,
  search,
  onChange,
  mono,
  suffix = '',
}: {
  field: string;
  value: string | null;
  time: string;
  search: TimelineSearch;
  onChange: (change: Partial<TimelineSearch>, replace?: boolean) => void;
  mono?: boolean;
  suffix?: string;
}) {
  const [menu, setMenu] = useState<{ x: number; y: number } | null>(null);
  useEffect(() => {
    if (!menu) return;
    const close = () => setMenu(null);
    window.addEventListener('click', close);
    window.addEventListener('keydown', close);
    return () => {
      window.removeEventListener('click', close);
      window.removeEventListener('keydown', close);
    };
  }, [menu]);
  if (!value)
    return (
      <span role="gridcell" className="muted" data-field={field}>
        —
      </span>
    );
  const t = term(field, value);
  const pick = (change: Partial<TimelineSearch>) => {
    setMenu(null);
    onChange({ ...change, row: undefined });
  };
  return (
    <span role="gridcell" className={mono ? 'mono cell' : 'cell'} title={value} data-field={field}>
      <span className="cell-value">
        <EvidenceText text={value} />
        {suffix}
      </span>
      <button
        className="pivot-button"
        aria-haspopup="menu"
        aria-expanded={menu !== null}
        aria-label={`Pivot on ${field} ${value}`}
        onClick={(e) => {
          e.stopPropagation();
          const r = e.currentTarget.getBoundingClientRect();
          setMenu(menu ? null : { x: r.left, y: r.bottom + 2 });
        }}
        data-testid={`pivot-${field}`}
      >
        ▾
      </button>
      {/* In a portal: the virtual rows are positioned with transforms, which would pin a fixed menu
          to its row and let the rows below paint over it. */}
      {menu &&
        createPortal(
          <span
            role="menu"
            className="pivot-menu"
            style={{ left: menu.x, top: menu.y }}
            onClick={(e) => e.stopPropagation()}
          >
            <button role="menuitem" onClick={() => pick({ q: t, at: search.from })} data-testid="pivot-only">
              Only {field}: this value
            </button>
            <button role="menuitem" onClick={() => pick({ q: withTerm(search.q, t), at: search.from })}>
              Add to the search (AND)
            </button>
            <button role="menuitem" onClick={() => pick({ q: withTerm(search.q, `NOT ${t}`), at: search.from })}>
              Exclude this value
            </button>
            <button
              role="menuitem"
              onClick={() => pick({ ...around(time, 5), at: around(time, 5).from })}
              data-testid="pivot-around"
            >
              ±5 minutes around this row
            </button>
            <button role="menuitem" onClick={() => pick({ ...around(time, 60), at: around(time, 60).from })}>
              ±1 hour around this row
            </button>
          </span>,
          document.body,
        )}
    </span>
  );
}
