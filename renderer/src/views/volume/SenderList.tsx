/** Senders ranked by how far their busiest hour stands above their baseline (or by volume), searchable. */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, useState } from 'react';
import { useCall } from '../../app/backend-context';
import { EvidenceText } from '../../ui/EvidenceText';
import { useListKeys } from '../../ui/keyboard';
import { Severity } from '../../ui/Severity';

const ROW = 40;

export function SenderList({
  selected,
  onSelect,
}: {
  selected: string | undefined;
  onSelect: (sender: string) => void;
}) {
  const [q, setQ] = useState('');
  const [sort, setSort] = useState<'ratio' | 'messages'>('ratio');
  const box = useRef<HTMLInputElement>(null);
  const senders = useCall('volume.senders', { q: q || undefined, sort, limit: 2000 }, { placeholderData: (p) => p });
  const list = senders.data?.senders ?? [];
  const scroller = useRef<HTMLDivElement>(null);
  // The app is not built with the React Compiler; the virtualizer re-renders as it documents.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtual = useVirtualizer({
    count: list.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW,
  });
  const index = list.findIndex((s) => s.sender === selected);
  useListKeys({ count: list.length, index, onMove: (i) => onSelect(list[i]!.sender), search: box });
  return (
    <div className="pane list-pane" ref={scroller}>
      <div className="toolbar sticky">
        <input
          ref={box}
          type="search"
          placeholder="Find a sender ( / )"
          aria-label="Find a sender"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          data-testid="sender-search"
        />
        <select
          value={sort}
          onChange={(e) => setSort(e.target.value as 'ratio' | 'messages')}
          aria-label="Sort senders"
        >
          <option value="ratio">Most unusual peak</option>
          <option value="messages">Most messages</option>
        </select>
        <span className="muted">
          {list.length} of {senders.data?.total ?? '…'}
        </span>
      </div>
      {senders.error && <div className="banner error">{senders.error.message}</div>}
      <div role="grid" aria-label="Senders" className="vgrid senders-grid" data-testid="sender-list">
        <div role="row" className="vrow vhead">
          <span role="columnheader">Sender</span>
          <span role="columnheader" className="num">
            Messages
          </span>
          <span role="columnheader" className="num">
            Peak / baseline
          </span>
          <span role="columnheader">Findings</span>
        </div>
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {virtual.getVirtualItems().map((v) => {
            const s = list[v.index]!;
            return (
              <div
                key={s.sender}
                role="row"
                aria-selected={s.sender === selected}
                className={s.sender === selected ? 'vrow selected' : 'vrow'}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${v.start}px)` }}
                onClick={() => onSelect(s.sender)}
                data-testid="sender-row"
              >
                <span role="gridcell" className="cell">
                  <EvidenceText text={s.sender} />
                  {s.bulk && <span className="tag">periodic bulk</span>}
                </span>
                <span role="gridcell" className="num">
                  {s.messages.toLocaleString('en-US')}
                </span>
                <span role="gridcell" className="num">
                  {s.peakMessages} / {s.median} ({s.peakRatio.toFixed(1)}×)
                </span>
                <span role="gridcell">{s.findings[0] && <Severity level={s.findings[0].severity} />}</span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
