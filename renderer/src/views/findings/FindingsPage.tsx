/**
 * Findings: filters and counts on top, the list (virtualized, an ARIA grid, keyboard driven) on the
 * left and the chosen finding pinned on the right; both panes scroll on their own. The URL holds the
 * filters and the chosen finding (#/finding/<id>?severity=high…), so reload and Back keep them.
 */
import { useNavigate } from '@tanstack/react-router';
import { useCallback, useMemo, useRef, useState } from 'react';
import { useCall } from '../../app/backend-context';
import { FindingDetail } from './FindingDetail';
import { FindingFilters } from './FindingFilters';
import { FindingList } from './FindingList';
import { filterFindings, groupFindings, sortFindings, type FindingsSearch } from './filter';
import { useListKeys } from '../../ui/keyboard';
import { TriageControls } from './TriageControls';

export type { FindingsSearch } from './filter';

export function FindingsPage({ search, selected }: { search: FindingsSearch; selected: string | null }) {
  const navigate = useNavigate();
  const all = useCall('findings.list', { evidenceLimit: 0 });
  const searchBox = useRef<HTMLInputElement>(null);
  const findings = useMemo(() => all.data ?? [], [all.data]);
  const shown = useMemo(() => sortFindings(filterFindings(findings, search), search.sort), [findings, search]);
  const items = useMemo(() => groupFindings(shown, search.group), [shown, search.group]);
  const order = useMemo(() => items.flatMap((i) => (i.kind === 'finding' ? [i.finding.id] : [])), [items]);
  const current = findings.find((f) => f.id === selected) ?? null;
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const check = useCallback((id: string, on: boolean) => {
    setChecked((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }, []);

  const select = useCallback(
    (id: string) => void navigate({ to: '/finding/$id', params: { id }, search: (s) => s, replace: selected !== null }),
    [navigate, selected],
  );
  const close = useCallback(() => void navigate({ to: '/findings', search: (s) => s }), [navigate]);
  useListKeys({
    count: order.length,
    index: selected ? order.indexOf(selected) : -1,
    onMove: (i) => select(order[i]!),
    onOpen: (i) => select(order[i]!),
    onClose: close,
    search: searchBox,
  });

  if (all.isPending) return <p className="muted empty">Loading findings…</p>;
  if (findings.length === 0) return <p className="muted empty">No findings. Import evidence to analyse it.</p>;
  return (
    <section className="findings-page">
      <FindingFilters findings={findings} shown={shown.length} search={search} searchBox={searchBox} />
      <div className="bulk-bar" data-testid="bulk-bar">
        <button onClick={() => setChecked(new Set(order))} data-testid="select-shown">
          Select the {order.length} shown
        </button>
        {checked.size > 0 && (
          <>
            <span>{checked.size} selected</span>
            <button className="link" onClick={() => setChecked(new Set())}>
              clear
            </button>
            <TriageControls key={[...checked].join()} findingIds={[...checked]} onDone={() => setChecked(new Set())} />
          </>
        )}
      </div>
      <div className={current ? 'split' : 'split single'}>
        <FindingList items={items} selected={selected} onSelect={select} checked={checked} onCheck={check} />
        {current ? (
          <FindingDetail key={current.id} finding={current} onClose={close} />
        ) : selected ? (
          <div className="pane detail muted" data-testid="finding-missing">
            Finding {selected} is not in this case any more (the evidence or settings changed since the link was made).
          </div>
        ) : null}
      </div>
    </section>
  );
}
