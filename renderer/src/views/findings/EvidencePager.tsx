/**
 * Every row a finding cites, a page at a time: "rows 1–50 of 140", never a silent sample. A row
 * opens its raw record with file, SHA-256, row, line and record id, and a link to the timeline there.
 */
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import type { EvidenceRowView } from '../../../../shared/domain';
import { useCall } from '../../app/backend-context';
import { Copyable } from '../../ui/Copy';
import { EvidenceText } from '../../ui/EvidenceText';
import { RawRecord } from '../../ui/RawRecord';
import { Time, useZoneLabel } from '../../ui/Time';

const PAGE = 50;

export function EvidencePager({ findingId, total }: { findingId: string; total: number }) {
  const [offset, setOffset] = useState(0);
  const [open, setOpen] = useState<string | null>(null);
  const page = useCall('findings.evidence', { findingId, offset, limit: PAGE }, { placeholderData: (p) => p });
  const zone = useZoneLabel();
  const rows = page.data?.rows ?? [];
  const count = page.data?.total ?? total;
  const last = Math.min(offset + rows.length, count);
  return (
    <section className="evidence" aria-label="Evidence">
      <header className="evidence-head">
        <h3>Evidence</h3>
        <span data-testid="evidence-count">
          {count === 0 ? 'no rows' : `rows ${offset + 1}–${last} of ${count.toLocaleString('en-US')}`}
        </span>
        <button
          disabled={offset === 0}
          onClick={() => setOffset(Math.max(0, offset - PAGE))}
          aria-label="Previous rows"
        >
          ‹ Previous
        </button>
        <button disabled={last >= count} onClick={() => setOffset(offset + PAGE)} data-testid="evidence-next">
          Next ›
        </button>
      </header>
      {page.error && <div className="banner error">{page.error.message}</div>}
      <div role="grid" aria-label="Cited rows" className="vgrid evidence-grid" data-testid="evidence-rows">
        <div role="row" className="vrow vhead">
          <span role="columnheader">Time ({zone})</span>
          <span role="columnheader">Record</span>
          <span role="columnheader">Who</span>
          <span role="columnheader">File · row</span>
        </div>
        {rows.map((r) => {
          const key = `${r.source}:${r.id}`;
          return (
            <div key={key} role="rowgroup">
              <div
                role="row"
                aria-expanded={open === key}
                className={open === key ? 'vrow evidence-row open' : 'vrow evidence-row'}
                onClick={() => setOpen(open === key ? null : key)}
                data-testid="evidence-row"
              >
                <span role="gridcell">
                  <Time iso={r.time} unknown="—" />
                </span>
                <span role="gridcell" className="wrap">
                  <EvidenceText text={r.what} />
                </span>
                <span role="gridcell" className="wrap">
                  <EvidenceText text={r.who} />
                </span>
                <span role="gridcell" className="wrap">
                  <EvidenceText text={r.file} /> · {r.row}
                </span>
              </div>
              {open === key && <RowProvenance row={r} />}
            </div>
          );
        })}
      </div>
    </section>
  );
}

function RowProvenance({ row }: { row: EvidenceRowView }) {
  return (
    <div className="provenance-block">
      <dl className="facts compact">
        <dt>File</dt>
        <dd className="wrap">
          <EvidenceText text={row.file} />
        </dd>
        <dt>SHA-256</dt>
        <dd>
          <Copyable value={row.sha256} label="SHA-256" />
        </dd>
        <dt>Row · line</dt>
        <dd>
          {row.row} · {row.line}
        </dd>
        {row.recordId && (
          <>
            <dt>Record id</dt>
            <dd className="mono wrap">{row.recordId}</dd>
          </>
        )}
        {row.clientIp && (
          <>
            <dt>Client IP address</dt>
            <dd className="mono">{row.clientIp}</dd>
          </>
        )}
      </dl>
      {row.time && (
        <Link
          to="/timeline"
          search={{ at: row.time, row: `${row.source}:${row.id}` }}
          className="jump"
          data-testid="evidence-timeline"
        >
          Open in the timeline
        </Link>
      )}
      <RawRecord raw={row.raw} />
    </div>
  );
}
