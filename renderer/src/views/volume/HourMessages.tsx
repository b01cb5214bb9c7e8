/** The messages a sender sent in one hour: time, recipient, subject, delivery status; paged. */
import { useState } from 'react';
import { useCall } from '../../app/backend-context';
import { EvidenceText } from '../../ui/EvidenceText';
import { Time, useZoneLabel } from '../../ui/Time';

const PAGE = 200;

export function HourMessages({ sender, hour }: { sender: string; hour: string }) {
  const [offset, setOffset] = useState(0);
  const to = new Date(Date.parse(hour) + 3_600_000).toISOString();
  const page = useCall(
    'volume.messages',
    { sender, from: hour, to, offset, limit: PAGE },
    { placeholderData: (p) => p },
  );
  const zone = useZoneLabel();
  const rows = page.data?.rows ?? [];
  const total = page.data?.total ?? 0;
  return (
    <section className="hour-messages" data-testid="hour-messages">
      <h3>
        Messages in the hour from <Time iso={hour} /> ({offset + 1}–{Math.min(offset + rows.length, total)} of {total})
      </h3>
      <div className="pager">
        <button disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
          ‹ Previous
        </button>
        <button disabled={offset + rows.length >= total} onClick={() => setOffset(offset + PAGE)}>
          Next ›
        </button>
      </div>
      {page.error && <div className="banner error">{page.error.message}</div>}
      <table className="grid compact">
        <thead>
          <tr>
            <th>Time ({zone})</th>
            <th>Recipients</th>
            <th>Subject</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((m) => (
            <tr key={`${m.source}:${m.id}`}>
              <td className="nowrap">
                <Time iso={m.time} />
              </td>
              <td className="wrap">
                <EvidenceText text={m.recipients.join(', ')} />
                {m.recipientCount > m.recipients.length && (
                  <span className="muted"> and {m.recipientCount - m.recipients.length} more</span>
                )}
              </td>
              <td className="wrap">
                <EvidenceText text={m.subject} />
              </td>
              <td>
                <EvidenceText text={m.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
