/**
 * Send volume: the senders whose busiest hour stands out most from their baseline, the hourly series
 * of the chosen one against its baseline band and its peer group, spikes marked, and the messages
 * behind any hour; and the campaigns of near-identical mail the analysis found.
 */
import { Link, useNavigate } from '@tanstack/react-router';
import { CampaignList } from './CampaignList';
import { SenderList } from './SenderList';
import { SenderDetail } from './SenderDetail';

export interface VolumeSearch {
  sender?: string | undefined;
  /** The hour (ISO start) whose messages are listed. */
  hour?: string | undefined;
  tab?: 'senders' | 'campaigns' | undefined;
  campaign?: string | undefined;
}

export function VolumePage({ search }: { search: VolumeSearch }) {
  const navigate = useNavigate();
  const update = (change: Partial<VolumeSearch>, replace = false) =>
    void navigate({ to: '/volume', search: (s: VolumeSearch) => ({ ...s, ...change }), replace });
  const tab = search.tab ?? 'senders';
  return (
    <section className="volume-page">
      <nav className="subtabs" aria-label="Send volume views">
        <Link
          to="/volume"
          search={{ tab: 'senders' }}
          className={tab === 'senders' ? 'active' : ''}
          data-testid="volume-senders"
        >
          Senders
        </Link>
        <Link
          to="/volume"
          search={{ tab: 'campaigns' }}
          className={tab === 'campaigns' ? 'active' : ''}
          data-testid="volume-campaigns"
        >
          Campaigns
        </Link>
      </nav>
      {tab === 'campaigns' ? (
        <CampaignList selected={search.campaign} />
      ) : (
        <div className={search.sender ? 'split' : 'split single'}>
          <SenderList selected={search.sender} onSelect={(sender) => update({ sender, hour: undefined }, true)} />
          {search.sender && (
            <SenderDetail sender={search.sender} hour={search.hour} onHour={(hour) => update({ hour }, true)} />
          )}
        </div>
      )}
    </section>
  );
}
