/**
 * Everything the analysts recorded in the case: stars, tags and comments on findings, events and
 * principals; triaged findings that the evidence no longer yields; saved views; and the append-only
 * history of every change.
 */
import { Link } from '@tanstack/react-router';
import { useMutation } from '@tanstack/react-query';
import type { Annotation } from '../../../../shared/requests/triage';
import { useBackend, useCall } from '../../app/backend-context';
import { EvidenceText } from '../../ui/EvidenceText';
import { Time } from '../../ui/Time';
import { TRIAGE_LABEL } from '../findings/TriageControls';

function TargetLink({ a }: { a: Pick<Annotation, 'kind' | 'target'> }) {
  if (a.kind === 'finding')
    return (
      <Link to="/finding/$id" params={{ id: a.target }}>
        finding {a.target}
      </Link>
    );
  if (a.kind === 'principal')
    return (
      <Link to="/principal/$address" params={{ address: a.target }}>
        <EvidenceText text={a.target} />
      </Link>
    );
  return (
    <Link to="/timeline" search={{ row: a.target }}>
      event {a.target}
    </Link>
  );
}

export function AnnotationsPage() {
  const backend = useBackend();
  const annotations = useCall('annotations.list', {});
  const triage = useCall('triage.list', {});
  const history = useCall('annotations.history', { limit: 500 });
  const views = useCall('views.list', {});
  const remove = useMutation({ mutationFn: (id: number) => backend.call('views.delete', { id }) });
  const error = annotations.error ?? triage.error ?? history.error ?? views.error;
  return (
    <section className="annotations-page scroll-page" data-testid="annotations-page">
      {error && <div className="banner error">{error.message}</div>}
      <section className="card wide">
        <h2>Notes ({annotations.data?.length ?? 0})</h2>
        <table className="grid compact" data-testid="annotations-table">
          <thead>
            <tr>
              <th>On</th>
              <th>★</th>
              <th>Tags</th>
              <th>Comment</th>
              <th>By, when</th>
            </tr>
          </thead>
          <tbody>
            {annotations.data?.map((a) => (
              <tr key={`${a.kind}:${a.target}`}>
                <td className="wrap">
                  <TargetLink a={a} />
                </td>
                <td>{a.starred ? '★' : ''}</td>
                <td>
                  {a.tags.map((t) => (
                    <span key={t} className="tag">
                      {t}
                    </span>
                  ))}
                </td>
                <td className="wrap">
                  <EvidenceText text={a.comment} />
                </td>
                <td className="small">
                  <EvidenceText text={a.by} />, <Time iso={a.updatedAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card wide">
        <h2>Triaged findings no longer in the case ({triage.data?.orphaned.length ?? 0})</h2>
        <p className="muted">
          The evidence or settings changed and these findings are not produced any more; their triage is kept here.
        </p>
        <ul className="plain" data-testid="orphaned-triage">
          {triage.data?.orphaned.map((t) => (
            <li key={t.findingId}>
              <span className="mono">{t.findingId}</span>: {TRIAGE_LABEL[t.state]} — <EvidenceText text={t.reason} /> (
              <EvidenceText text={t.by} />, <Time iso={t.at} />)
            </li>
          ))}
        </ul>
      </section>
      <section className="card wide">
        <h2>Saved views</h2>
        <ul className="plain" data-testid="saved-views">
          {views.data?.map((v) => (
            <li key={v.id}>
              <a href={v.url}>
                <EvidenceText text={v.name} />
              </a>{' '}
              <span className="muted small mono">{v.url}</span>{' '}
              <button className="link" onClick={() => remove.mutate(v.id)}>
                delete
              </button>
            </li>
          ))}
        </ul>
      </section>
      <section className="card wide">
        <h2>History</h2>
        <table className="grid compact" data-testid="annotation-history">
          <thead>
            <tr>
              <th>When</th>
              <th>Who</th>
              <th>On</th>
              <th>Change</th>
            </tr>
          </thead>
          <tbody>
            {history.data?.map((h, i) => (
              <tr key={i}>
                <td className="nowrap small">
                  <Time iso={h.at} />
                </td>
                <td>
                  <EvidenceText text={h.by} />
                </td>
                <td className="wrap">
                  {h.kind === 'triage' ? (
                    <TargetLink a={{ kind: 'finding', target: h.target }} />
                  ) : (
                    <TargetLink a={{ kind: h.kind, target: h.target }} />
                  )}
                </td>
                <td className="wrap">
                  {h.field}: <EvidenceText text={h.before || '—'} /> → <EvidenceText text={h.after || '—'} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </section>
  );
}
