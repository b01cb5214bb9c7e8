/**
 * One identity: who it is (aliases, kind), the access it holds and the access others hold to its
 * mailbox, where it signed in from, how much mail it sends, the findings naming it, and its events
 * in the timeline.
 */
import { Link } from '@tanstack/react-router';
import type { PrincipalGrant } from '../../../../shared/requests/principal';
import { useCall } from '../../app/backend-context';
import { EvidenceText } from '../../ui/EvidenceText';
import { Severity } from '../../ui/Severity';
import { Time } from '../../ui/Time';
import { term } from '../timeline/query';
import { AnnotationEditor } from '../../ui/AnnotationEditor';

export function PrincipalPage({ address }: { address: string }) {
  const p = useCall('principal.get', { address });
  if (p.error) return <p className="banner error">{p.error.message}</p>;
  if (!p.data) return <p className="muted empty">Loading…</p>;
  const v = p.data;
  const isAddress = v.address.includes('@');
  return (
    <section className="principal-page scroll-page" data-testid="principal-page">
      <header className="principal-head">
        <h1>
          <EvidenceText text={v.address} />
        </h1>
        <span className="tag">{v.kind}</span>
        {v.displayName && (
          <span className="muted">
            <EvidenceText text={v.displayName} />
          </span>
        )}
        <p className="muted">
          Active <Time iso={v.first} unknown="—" /> – <Time iso={v.last} unknown="—" /> ·{' '}
          {v.counts.asActor.toLocaleString('en-US')} events as actor, {v.counts.asTarget.toLocaleString('en-US')} as
          target · {v.counts.sent.toLocaleString('en-US')} messages sent, {v.counts.received.toLocaleString('en-US')}{' '}
          received
        </p>
        <nav className="jumps">
          <Link
            to="/timeline"
            search={{ q: `${term('actor', v.address)} OR ${term('target', v.address)}` }}
            data-testid="principal-timeline"
          >
            Its events in the timeline
          </Link>
          {isAddress && (
            <Link to="/graph" search={{ focus: v.address }}>
              In the delegation graph
            </Link>
          )}
          {v.send && (
            <Link to="/volume" search={{ sender: v.address }}>
              Its send volume
            </Link>
          )}
        </nav>
        <AnnotationEditor kind="principal" target={v.address} />
        {v.aliases.length > 0 && (
          <p className="aliases">
            Also written as:{' '}
            {v.aliases.map((a) => (
              <span key={a} className="alias">
                <EvidenceText text={a} />
              </span>
            ))}
          </p>
        )}
      </header>
      <div className="cards">
        <section className="card wide">
          <h2>Findings ({v.findings.length})</h2>
          {v.findings.length === 0 && <p className="muted">None names it.</p>}
          <ul className="plain">
            {v.findings.map((f) => (
              <li key={f.id}>
                <Severity level={f.severity} /> <Time iso={f.time} unknown="time unknown" />{' '}
                <Link to="/finding/$id" params={{ id: f.id }}>
                  <EvidenceText text={f.title} />
                </Link>
              </li>
            ))}
          </ul>
        </section>
        <Grants title="Access it holds" grants={v.held} testId="held" />
        <Grants title="Access others hold to it" grants={v.given} testId="given" />
        <section className="card">
          <h2>Sign-in and client addresses</h2>
          {v.signIns.length === 0 && <p className="muted">None in the audit log.</p>}
          <table className="grid compact">
            <thead>
              <tr>
                <th>Address</th>
                <th className="num">Events</th>
                <th>First – last</th>
              </tr>
            </thead>
            <tbody>
              {v.signIns.map((s) => (
                <tr key={s.ip}>
                  <td className="mono">
                    <Link to="/timeline" search={{ q: term('ip', s.ip) }}>
                      {s.ip}
                    </Link>
                  </td>
                  <td className="num">{s.count.toLocaleString('en-US')}</td>
                  <td className="small">
                    <Time iso={s.first} /> – <Time iso={s.last} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        {v.send && (
          <section className="card">
            <h2>Send volume</h2>
            <p>
              {v.send.messages.toLocaleString('en-US')} messages in {v.send.activeHours} active hours; median{' '}
              {v.send.median} an hour (MAD {v.send.mad}){v.send.bulk ? '; a periodic bulk sender' : ''}.
            </p>
          </section>
        )}
      </div>
    </section>
  );
}

function Grants({ title, grants, testId }: { title: string; grants: PrincipalGrant[]; testId: string }) {
  return (
    <section className="card" data-testid={`grants-${testId}`}>
      <h2>
        {title} ({grants.length})
      </h2>
      {grants.length === 0 && <p className="muted">None.</p>}
      <table className="grid compact">
        <tbody>
          {grants.map((g, i) => (
            <tr key={i} className={g.current ? '' : 'removed'}>
              <td className="wrap">
                {g.other.includes('@') ? (
                  <Link to="/principal/$address" params={{ address: g.other }}>
                    <EvidenceText text={g.other} />
                  </Link>
                ) : (
                  <EvidenceText text={g.other} />
                )}
              </td>
              <td className="wrap">
                {g.kind}: {g.rights.join(', ')}
                {g.folder ? ` on ${g.folder}` : ''}
                {!g.current && ' (removed)'}
              </td>
              <td className="small">
                <Time iso={g.since} unknown="standing (dump)" />
                {g.grantedBy && (
                  <>
                    {' '}
                    by <EvidenceText text={g.grantedBy} />
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
