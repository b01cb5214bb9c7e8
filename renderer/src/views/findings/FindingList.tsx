/**
 * The findings list as an ARIA grid, virtualized (only the rows in view are in the DOM, so thousands
 * of findings scroll smoothly), with group headers when grouped. The chosen row is kept in view.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { ListItem } from './filter';
import { Severity } from '../../ui/Severity';
import { Time, useZoneLabel } from '../../ui/Time';
import { EvidenceText } from '../../ui/EvidenceText';
import { TriageBadge } from './TriageControls';

const ROW = 46;
const HEADER = 30;

export function FindingList({
  items,
  selected,
  onSelect,
  checked,
  onCheck,
}: {
  items: ListItem[];
  selected: string | null;
  onSelect: (id: string) => void;
  /** Findings ticked for a bulk triage. */
  checked: Set<string>;
  onCheck: (id: string, on: boolean) => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const zone = useZoneLabel();
  // The app is not built with the React Compiler; the virtualizer re-renders as it documents.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtual = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: (i) => (items[i]?.kind === 'group' ? HEADER : ROW),
    overscan: 12,
  });
  const selectedIndex = items.findIndex((i) => i.kind === 'finding' && i.finding.id === selected);
  useEffect(() => {
    if (selectedIndex >= 0) virtual.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtual]);

  return (
    <div className="pane list-pane" ref={scroller} data-testid="findings-table">
      <div role="grid" aria-label="Findings" aria-rowcount={items.length + 1} className="vgrid findings-grid">
        <div role="row" aria-rowindex={1} className="vrow vhead">
          <span role="columnheader" aria-label="Selected" />
          <span role="columnheader">Severity</span>
          <span role="columnheader">Time ({zone})</span>
          <span role="columnheader">Finding</span>
        </div>
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {virtual.getVirtualItems().map((v) => {
            const item = items[v.index]!;
            const style = {
              position: 'absolute' as const,
              top: 0,
              left: 0,
              right: 0,
              transform: `translateY(${v.start}px)`,
            };
            if (item.kind === 'group')
              return (
                <div
                  key={`g:${item.label}:${v.index}`}
                  role="row"
                  aria-rowindex={v.index + 2}
                  className="vrow group"
                  style={style}
                >
                  <span role="gridcell" className="group-label">
                    <EvidenceText text={item.label} /> <span className="count">{item.count}</span>
                  </span>
                </div>
              );
            const f = item.finding;
            const isSelected = f.id === selected;
            return (
              <div
                key={`${f.id}:${v.index}`}
                role="row"
                aria-rowindex={v.index + 2}
                aria-selected={isSelected}
                tabIndex={isSelected ? 0 : -1}
                className={isSelected ? 'vrow finding selected' : 'vrow finding'}
                style={style}
                onClick={() => onSelect(f.id)}
                data-testid="finding-row"
              >
                <span role="gridcell" onClick={(e) => e.stopPropagation()}>
                  <input
                    type="checkbox"
                    checked={checked.has(f.id)}
                    onChange={(e) => onCheck(f.id, e.target.checked)}
                    aria-label="Select for bulk triage"
                    data-testid="finding-check"
                  />
                </span>
                <span role="gridcell">
                  <Severity level={f.severity} />
                </span>
                <span role="gridcell" className="muted">
                  <Time iso={f.time} />
                </span>
                <span role="gridcell" className="title" title={f.title}>
                  <EvidenceText text={f.title} />
                  <span className="rule-name">
                    {f.rule} <TriageBadge triage={f.triage} />
                  </span>
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
