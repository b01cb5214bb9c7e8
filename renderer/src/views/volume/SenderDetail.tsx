/**
 * One sender's hourly messages against the baseline the send-volume rule used (median and the spike
 * threshold, the band between them shaded) and its peer group's median; reported spikes in the
 * alert colour. Clicking an hour lists its messages.
 */
import { Link } from '@tanstack/react-router';
import { useMemo } from 'react';
import uPlot from 'uplot';
import type { SenderSeries } from '../../../../shared/requests/volume';
import { useCall } from '../../app/backend-context';
import { usePreferences } from '../../app/preferences';
import { EvidenceText } from '../../ui/EvidenceText';
import { Severity } from '../../ui/Severity';
import { Time } from '../../ui/Time';
import { UPlotChart } from '../../ui/UPlotChart';
import { HourMessages } from './HourMessages';

const css = (name: string, fallback: string) =>
  getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;

export function SenderDetail({
  sender,
  hour,
  onHour,
}: {
  sender: string;
  hour: string | undefined;
  onHour: (hour: string) => void;
}) {
  const series = useCall('volume.series', { sender });
  const { timeZone, theme } = usePreferences();
  const data = useMemo(() => toData(series.data), [series.data]);
  const options = useMemo(
    () => chartOptions(series.data, timeZone, onHour),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [series.data, timeZone, theme],
  );
  if (series.error) return <aside className="pane detail banner error">{series.error.message}</aside>;
  if (!series.data) return <aside className="pane detail muted">Loading the series…</aside>;
  const s = series.data;
  return (
    <aside className="pane detail" data-testid="sender-detail" aria-label="Sender">
      <h2>
        <EvidenceText text={sender} />
      </h2>
      <p className="muted">
        Baseline: median {s.baseline.median} messages an hour (MAD {s.baseline.mad}) from{' '}
        {s.baseline.source === 'sender'
          ? `its own ${s.baseline.hours} active hours`
          : 'its peer group (too little history of its own)'}
        ; spike threshold {s.spikeThreshold}; peer group median {s.peer.median}.{' '}
        <Link to="/timeline" search={{ q: `sender:${sender}` }}>
          Its messages in the timeline
        </Link>
        {' · '}
        <Link to="/principal/$address" params={{ address: sender }}>
          Principal page
        </Link>
      </p>
      <UPlotChart
        options={options}
        data={data}
        height={240}
        mark="dlens:volume-chart"
        className="volume-chart"
        label={`Hourly messages of ${sender}: ${s.hours.length} active hours, ${s.spikes.length} spikes`}
      />
      {s.spikes.length > 0 && (
        <ul className="plain spikes" data-testid="spikes">
          {s.spikes.map((sp) => (
            <li key={sp.hour}>
              {sp.severity && <Severity level={sp.severity} />} <Time iso={sp.hour} /> — {sp.messages} messages{' '}
              {sp.findingId && (
                <Link to="/finding/$id" params={{ id: sp.findingId }}>
                  finding
                </Link>
              )}{' '}
              <button className="link" onClick={() => onHour(sp.hour)}>
                messages
              </button>
            </li>
          ))}
        </ul>
      )}
      {hour && <HourMessages sender={sender} hour={hour} />}
    </aside>
  );
}

function toData(s: SenderSeries | undefined): uPlot.AlignedData {
  if (!s) return [[], [], [], [], [], []];
  const spikes = new Set(s.spikes.map((x) => x.hour));
  const xs = s.hours.map((h) => Date.parse(h.hour) / 1000);
  return [
    xs,
    s.hours.map((h) => (spikes.has(h.hour) ? null : h.messages)),
    s.hours.map((h) => (spikes.has(h.hour) ? h.messages : null)),
    xs.map(() => s.spikeThreshold),
    xs.map(() => s.baseline.median),
    xs.map(() => s.peer.median),
  ];
}

function chartOptions(
  s: SenderSeries | undefined,
  timeZone: string,
  onHour: (hour: string) => void,
): Omit<uPlot.Options, 'width' | 'height'> {
  const bars = uPlot.paths.bars!({ size: [0.8, 24] });
  const ink = css('--ink', '#1d2433');
  return {
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), timeZone),
    scales: { x: { time: true } },
    axes: [
      { stroke: ink, grid: { stroke: css('--line', '#e2e5ea') }, label: `Hour (${timeZone})`, labelSize: 18 },
      { stroke: ink, grid: { stroke: css('--line', '#e2e5ea') }, label: 'Messages', labelSize: 18 },
    ],
    bands: [{ series: [3, 4], fill: css('--band', 'rgba(0, 114, 178, 0.12)') }],
    series: [
      { label: `Hour (${timeZone})` },
      { label: 'Messages', fill: css('--src-audit', '#0072b2'), stroke: css('--src-audit', '#0072b2'), paths: bars },
      { label: 'Spike', fill: css('--critical', '#b91c1c'), stroke: css('--critical', '#b91c1c'), paths: bars },
      {
        label: 'Spike threshold',
        stroke: css('--critical', '#b91c1c'),
        dash: [6, 4],
        width: 1,
        points: { show: false },
      },
      { label: 'Baseline median', stroke: css('--ink', '#1d2433'), width: 1, points: { show: false } },
      {
        label: 'Peer median',
        stroke: css('--src-message', '#e69f00'),
        dash: [2, 3],
        width: 1,
        points: { show: false },
      },
    ],
    hooks: {
      ready: [
        (u) =>
          u.over.addEventListener('click', () => {
            const i = u.cursor.idx;
            const x = i === null || i === undefined ? undefined : u.data[0][i];
            if (x !== undefined && s) onHour(new Date(x * 1000).toISOString());
          }),
      ],
    },
  };
}
