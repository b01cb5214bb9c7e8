/**
 * The record behind a timeline row, pinned beside the grid: provenance (file, SHA-256, row, line,
 * record id), the findings citing it, pivots (same address, same actor, same session, the minutes
 * around it) and the raw record; a dump snapshot lists its first entries.
 */
import { Link } from '@tanstack/react-router';
import type { TimelineSource } from '../../../../shared/requests/timeline';
import { useCall } from '../../app/backend-context';
import { Copyable } from '../../ui/Copy';
import { EvidenceText } from '../../ui/EvidenceText';
import { RawRecord } from '../../ui/RawRecord';
import { Severity } from '../../ui/Severity';
import { Time } from '../../ui/Time';
import { AnnotationEditor } from '../../ui/AnnotationEditor';
import { around, term, type TimelineSearch } from './query';

/** The session an audit record belongs to, when its AuditData names one. */
function sessionOf(raw: string): string | null {
  try {
    const d = JSON.parse(raw) as { SessionId?: unknown; AppAccessContext?: { AADSessionId?: unknown } };
    const s = d.SessionId ?? d.AppAccessContext?.AADSessionId;
    return typeof s === 'string' && s ? s : null;
  } catch {
    return null;
  }
}

export function RecordPanel({
  rowKey,
  onChange,
}: {
  rowKey: string;
  onChange: (change: Partial<TimelineSearch>, replace?: boolean) => void;
}) {
  const [source, id] = rowKey.split(':') as [TimelineSource, string];
  const record = useCall('timeline.record', { source, id: Number(id) });
  if (record.error) return <aside className="pane detail banner error">{record.error.message}</aside>;
  if (!record.data) return <aside className="pane detail muted">Loading record…</aside>;
  const { row, evidence, entries } = record.data;
  const first = evidence[0];
  const session = first && row.source === 'audit' ? sessionOf(first.raw) : null;
  const pivot = (change: Partial<TimelineSearch>) => onChange({ ...change, row: undefined });
  return (
    <aside className="pane detail" data-testid="record-panel" aria-label="Record">
      <button className="close" onClick={() => onChange({ row: undefined }, true)} aria-label="Close (Esc)">
        ×
      </button>
      <h2>
        <EvidenceText text={row.operation} />
      </h2>
      <dl className="facts compact">
        <dt>Time</dt>
        <dd>
          <Time iso={row.time} />
        </dd>
        <dt>File</dt>
        <dd className="wrap">
          <EvidenceText text={row.file} />
        </dd>
        {first && (
          <>
            <dt>SHA-256</dt>
            <dd>
              <Copyable value={first.sha256} label="SHA-256" />
            </dd>
            <dt>Row · line</dt>
            <dd>
              {row.source === 'dump'
                ? `snapshot of ${entries.toLocaleString('en-US')} entries`
                : `${first.row} · ${first.line}`}
            </dd>
            {first.recordId && (
              <>
                <dt>Record id</dt>
                <dd className="mono wrap">{first.recordId}</dd>
              </>
            )}
          </>
        )}
      </dl>
      {row.source !== 'dump' && <AnnotationEditor kind="event" target={row.key} />}
      {row.findings.length > 0 && (
        <section>
          <h3>Cited by</h3>
          <ul className="plain">
            {row.findings.map((f) => (
              <li key={f.id}>
                <Severity level={f.severity} />{' '}
                <Link to="/finding/$id" params={{ id: f.id }}>
                  {f.id}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      <nav className="jumps" aria-label="Pivots">
        {row.clientIp && (
          <button
            className="link"
            onClick={() => pivot({ q: term('ip', row.clientIp!), from: undefined, to: undefined, at: row.time })}
          >
            Same IP address
          </button>
        )}
        {row.actor && (
          <button
            className="link"
            onClick={() => pivot({ q: term('actor', row.actor!), from: undefined, to: undefined, at: row.time })}
          >
            Same actor
          </button>
        )}
        {session && (
          <button
            className="link"
            onClick={() => pivot({ q: term('session', session), from: undefined, to: undefined, at: row.time })}
            data-testid="pivot-session"
          >
            Same session
          </button>
        )}
        <button className="link" onClick={() => pivot({ ...around(row.time, 10), at: around(row.time, 10).from })}>
          ±10 minutes
        </button>
        {row.actor?.includes('@') && (
          <Link to="/principal/$address" params={{ address: row.actor }}>
            Actor's page
          </Link>
        )}
      </nav>
      {evidence.map((e) => (
        <div key={`${e.source}:${e.id}`} className="record-entry">
          {row.source === 'dump' && (
            <div className="muted small">
              row {e.row}: <EvidenceText text={e.what} /> · <EvidenceText text={e.who} /> →{' '}
              <EvidenceText text={e.target} />
            </div>
          )}
          <RawRecord raw={e.raw} />
        </div>
      ))}
      {row.source === 'dump' && entries > evidence.length && (
        <p className="muted">
          First {evidence.length} of {entries.toLocaleString('en-US')} entries shown.
        </p>
      )}
    </aside>
  );
}
