/**
 * Campaigns of near-identical mail: for each, the senders, how many recipients, the normalised
 * subject with examples, a mini timeline of its messages and the delegation grants on its senders.
 */
import { Link } from '@tanstack/react-router';
import type { CampaignView } from '../../../../shared/requests/volume';
import { useCall } from '../../app/backend-context';
import { EvidenceText } from '../../ui/EvidenceText';
import { Severity } from '../../ui/Severity';
import { Time } from '../../ui/Time';

export function CampaignList({ selected }: { selected: string | undefined }) {
  const campaigns = useCall('campaigns.list', {});
  if (campaigns.error) return <div className="banner error">{campaigns.error.message}</div>;
  if (!campaigns.data) return <p className="muted empty">Loading campaigns…</p>;
  if (campaigns.data.length === 0)
    return <p className="muted empty">No campaign of near-identical mail from several internal senders was found.</p>;
  return (
    <div className="scroll-page campaigns" data-testid="campaign-list">
      {campaigns.data.map((c) => (
        <Campaign key={c.findingId} c={c} open={selected === c.findingId} />
      ))}
    </div>
  );
}

function Campaign({ c, open }: { c: CampaignView; open: boolean }) {
  return (
    <article className={open ? 'card campaign open' : 'card campaign'} data-testid="campaign">
      <header>
        <Severity level={c.severity} />{' '}
        <Link to="/finding/$id" params={{ id: c.findingId }}>
          <EvidenceText text={c.title} />
        </Link>
      </header>
      <p>
        {c.messages} messages from {c.senders.length} senders to {c.recipients} recipients, <Time iso={c.first} /> –{' '}
        <Time iso={c.last} />
      </p>
      <p>
        Normalised subject <code>{c.normalizedSubject}</code>; for example:{' '}
        {c.sampleSubjects.slice(0, 3).map((s, i) => (
          <span key={i} className="sample">
            “<EvidenceText text={s} />”{' '}
          </span>
        ))}
      </p>
      <MiniTimeline perMinute={c.perMinute} />
      <table className="grid compact">
        <thead>
          <tr>
            <th>Sender</th>
            <th className="num">Messages</th>
            <th className="num">Recipients</th>
          </tr>
        </thead>
        <tbody>
          {c.senders.map((s) => (
            <tr key={s.sender}>
              <td>
                <Link to="/volume" search={{ sender: s.sender }}>
                  <EvidenceText text={s.sender} />
                </Link>
              </td>
              <td className="num">{s.messages}</td>
              <td className="num">{s.recipients}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {c.grants.length > 0 && (
        <>
          <h4>Grants on the senders' mailboxes shortly before</h4>
          <ul className="plain">
            {c.grants.map((g, i) => (
              <li key={i}>
                <Time iso={g.time} unknown="time unknown" />: <EvidenceText text={g.trustee} /> given {g.kind}{' '}
                {g.rights.join(', ')}
                {g.folder ? ` on ${g.folder}` : ''} to <EvidenceText text={g.mailbox} />
                {g.grantedBy && (
                  <>
                    {' '}
                    by <EvidenceText text={g.grantedBy} />
                  </>
                )}
                {g.viaGroup && (
                  <>
                    {' '}
                    (through <EvidenceText text={g.viaGroup} />)
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </article>
  );
}

/** Messages per minute as SVG bars (a few dozen points: no chart library needed). */
function MiniTimeline({ perMinute }: { perMinute: CampaignView['perMinute'] }) {
  if (perMinute.length === 0) return null;
  const max = Math.max(...perMinute.map((p) => p.messages), 1);
  const w = 600;
  const h = 48;
  const step = w / perMinute.length;
  return (
    <svg
      className="mini-timeline"
      viewBox={`0 0 ${w} ${h}`}
      role="img"
      aria-label={`Messages per minute over ${perMinute.length} minutes`}
    >
      {perMinute.map((p, i) => {
        const bh = (p.messages / max) * (h - 4);
        return (
          <rect key={p.minute} x={i * step} y={h - bh} width={Math.max(1, step - 1)} height={bh}>
            <title>{`${p.minute}: ${p.messages}`}</title>
          </rect>
        );
      })}
    </svg>
  );
}
