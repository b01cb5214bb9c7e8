/**
 * The chosen edge, following the instant shown: its access then (or that it is not present then), its
 * whole history, and the records behind it up to that instant, each opening its raw text and the
 * timeline at that moment. A folded edge lists the grants it stands for.
 */
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import type { GraphReplay } from '../../../../shared/requests/graph';
import { useCall } from '../../app/backend-context';
import { EvidenceText } from '../../ui/EvidenceText';
import { RawRecord } from '../../ui/RawRecord';
import { Time } from '../../ui/Time';
import type { DisplayEdge } from './display';
import { segmentAt, type EdgeNow } from './replay';

export function EdgePanel({
  edge,
  replay,
  now,
  asOf,
  onClose,
}: {
  edge: DisplayEdge;
  replay: GraphReplay;
  now: Map<string, EdgeNow>;
  asOf: string | null;
  onClose: () => void;
}) {
  const members = edge.members.map((id) => replay.edges.find((e) => e.id === id)!).filter(Boolean);
  return (
    <aside className="pane detail edge-detail" data-testid="edge-detail" aria-label="Delegation edge">
      <button className="close" onClick={onClose} aria-label="Close">
        ×
      </button>
      {members.length === 1 ? (
        <OneEdge id={members[0]!.id} replay={replay} present={now.has(members[0]!.id)} asOf={asOf} />
      ) : (
        <>
          <h3>
            <EvidenceText text={members[0]?.from} /> → {members.length} mailboxes ({edge.kind})
          </h3>
          <ul className="plain">
            {members.slice(0, 200).map((m) => (
              <li key={m.id}>
                <EvidenceText text={m.to} /> {now.has(m.id) ? '' : <span className="muted">(not present now)</span>}
              </li>
            ))}
          </ul>
          {members.length > 200 && <p className="muted">First 200 of {members.length}; expand the node to see each.</p>}
        </>
      )}
    </aside>
  );
}

function OneEdge({
  id,
  replay,
  present,
  asOf,
}: {
  id: string;
  replay: GraphReplay;
  present: boolean;
  asOf: string | null;
}) {
  const edge = replay.edges.find((e) => e.id === id)!;
  const seg = segmentAt(edge, asOf);
  const evidence = useCall('graph.edgeEvidence', { id, asOf });
  const [open, setOpen] = useState<string | null>(null);
  return (
    <>
      <h3>
        <EvidenceText text={edge.from.replace(/^app:/, '')} /> →{' '}
        {edge.to === '*' ? 'all mailboxes' : <EvidenceText text={edge.to} />}
      </h3>
      {!present && (
        <p className="warn" data-testid="edge-absent">
          Not present at this instant{seg.present ? '' : ' (granted later or removed before it)'}.
        </p>
      )}
      <dl className="facts compact">
        <dt>Access</dt>
        <dd>
          {edge.kind}: {seg.rights.join(', ') || '—'}
          {edge.folder ? ` on ${edge.folder}` : ''}
        </dd>
        <dt>Since</dt>
        <dd>{seg.since ? <Time iso={seg.since} /> : present ? 'before the evidence (seen in a dump)' : '—'}</dd>
        <dt>Granted by</dt>
        <dd>
          {seg.grantedBy ? (
            <>
              <EvidenceText text={seg.grantedBy} />
              {seg.grantedFrom ? ` from ${seg.grantedFrom}` : ''}
            </>
          ) : (
            '—'
          )}
        </dd>
        <dt>Known from</dt>
        <dd>{edge.origin}</dd>
        {edge.viaGroup && (
          <>
            <dt>Through group</dt>
            <dd>
              <EvidenceText text={edge.viaGroup} />
            </dd>
          </>
        )}
      </dl>
      <h4>History</h4>
      <ol className="history">
        {edge.segments.map((s, i) => (
          <li key={i}>
            {s.at ? <Time iso={s.at} /> : 'before the evidence'}:{' '}
            {s.present ? s.rights.join(', ') || 'present' : 'not present'}
          </li>
        ))}
      </ol>
      <h4>Evidence {evidence.data ? `(${evidence.data.rows.length} of ${evidence.data.total})` : ''}</h4>
      {evidence.error && <div className="banner error">{evidence.error.message}</div>}
      <ul className="plain" data-testid="edge-evidence">
        {evidence.data?.rows.map((r) => {
          const key = `${r.source}:${r.id}`;
          return (
            <li key={key}>
              <button className="link" onClick={() => setOpen(open === key ? null : key)}>
                <EvidenceText text={r.file} /> row {r.row}
              </button>{' '}
              <Time iso={r.time} unknown="" /> <EvidenceText text={r.what} />
              {r.time && (
                <>
                  {' '}
                  <Link to="/timeline" search={{ at: r.time, row: r.source === 'audit' ? `audit:${r.id}` : undefined }}>
                    timeline
                  </Link>
                </>
              )}
              {open === key && <RawRecord raw={r.raw} />}
            </li>
          );
        })}
      </ul>
    </>
  );
}
