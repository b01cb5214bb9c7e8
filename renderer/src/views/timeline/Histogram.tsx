/**
 * Events over time, stacked by source, from the engine's precomputed buckets (a search narrows it to
 * the matching rows). Drag across it to zoom the whole timeline to that stretch; collection gaps are
 * shaded. Drawn with uPlot (canvas), in the display time zone.
 */
import { useLayoutEffect, useMemo, useRef } from 'react';
import uPlot from 'uplot';
import type { TimelineHistogram } from '../../../../shared/requests/timeline';
import { useCall } from '../../app/backend-context';
import { usePreferences } from '../../app/preferences';
import { UPlotChart } from '../../ui/UPlotChart';
import { baseArgs, type TimelineSearch } from './query';

const colour = (name: string, fallback: string) =>
  getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;

const compactCount = (v: number): string =>
  v >= 1e6 ? `${+(v / 1e6).toFixed(1)}M` : v >= 1e3 ? `${+(v / 1e3).toFixed(1)}k` : String(v);

export function Histogram({ search, onZoom }: { search: TimelineSearch; onZoom: (from: string, to: string) => void }) {
  const hist = useCall('timeline.histogram', { ...baseArgs(search), bins: 300 }, { placeholderData: (p) => p });
  const { timeZone, theme } = usePreferences();
  const data = useMemo(() => toData(hist.data), [hist.data]);
  // The chart's hooks read the current histogram and zoom handler from here, so a new response or a
  // parent's render swaps data into the same chart (setData) instead of building a new one. Set in
  // a layout effect: it runs before the chart's own effect draws.
  const latest = useRef<Latest>({ h: hist.data, onZoom });
  useLayoutEffect(() => {
    latest.current = { h: hist.data, onZoom };
  });
  const options = useMemo(
    // chartOptions only reads the ref inside uPlot's callbacks (drawing, legend, selection), never here.
    // eslint-disable-next-line react-hooks/refs
    () => chartOptions(latest, timeZone),
    // Theme is a dependency so the colours are read again after a switch.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [timeZone, theme],
  );
  if (hist.error) return <div className="banner error">{hist.error.message}</div>;
  if (!hist.data) return <div className="histogram placeholder muted">Counting events…</div>;
  const total = hist.data.total.toLocaleString('en-US');
  return (
    <div
      className="histogram"
      data-testid="histogram"
      data-total={hist.data.total}
      data-from={hist.data.from ?? undefined}
      data-to={hist.data.to ?? undefined}
    >
      <div className="histogram-head muted">
        {total} events · bins of {binLabel(hist.data.binMs)} ·{' '}
        {hist.data.precomputed ? 'from precomputed buckets' : 'counted for this search'}
        {hist.data.gaps.length > 0 && ` · ${hist.data.gaps.length} gap${hist.data.gaps.length === 1 ? '' : 's'} shaded`}
        <span className="hint"> · drag across the chart to zoom</span>
      </div>
      <UPlotChart
        options={options}
        data={data}
        height={140}
        mark="dlens:histogram"
        label={`Histogram of ${total} events`}
      />
    </div>
  );
}

function binLabel(ms: number): string {
  if (ms >= 86_400_000) return `${ms / 86_400_000} d`;
  if (ms >= 3_600_000) return `${ms / 3_600_000} h`;
  return `${ms / 60_000} min`;
}

function toData(h: TimelineHistogram | undefined): uPlot.AlignedData {
  if (!h) return [[], [], [], []];
  const xs = h.bins.map((b) => Date.parse(b.start) / 1000);
  // Stacked by drawing cumulative heights, tallest first.
  return [
    xs,
    h.bins.map((b) => b.audit + b.message + b.dump),
    h.bins.map((b) => b.message + b.dump),
    h.bins.map((b) => b.dump),
  ];
}

interface Latest {
  h: TimelineHistogram | undefined;
  onZoom: (from: string, to: string) => void;
}

function chartOptions(latest: { readonly current: Latest }, timeZone: string): Omit<uPlot.Options, 'width' | 'height'> {
  const bars = uPlot.paths.bars!({ size: [0.9, 40], align: 1 });
  const counts = (key: 'audit' | 'message' | 'dump') => (_u: uPlot, _v: number | null, _s: number, i: number | null) =>
    i === null || !latest.current.h?.bins[i] ? '' : latest.current.h.bins[i][key].toLocaleString('en-US');
  const ink = colour('--ink', '#1d2433');
  const gapFill = colour('--gap', 'rgba(200, 120, 0, 0.15)');
  return {
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), timeZone),
    scales: { x: { time: true } },
    cursor: { drag: { x: true, y: false, setScale: false } },
    legend: { live: true },
    axes: [
      { stroke: ink, grid: { stroke: colour('--line', '#e2e5ea') }, label: `Time (${timeZone})`, labelSize: 18 },
      {
        stroke: ink,
        grid: { stroke: colour('--line', '#e2e5ea') },
        size: 50,
        // Counts per bin reach tens of thousands: short labels fit the axis (40k, 1.2M).
        values: (_u: uPlot, splits: number[]) => splits.map(compactCount),
      },
    ],
    series: [
      { label: `Time (${timeZone})` },
      {
        label: 'Audit log',
        fill: colour('--src-audit', '#0072b2'),
        stroke: colour('--src-audit', '#0072b2'),
        paths: bars,
        points: { show: false },
        value: counts('audit'),
      },
      {
        label: 'Message trace',
        fill: colour('--src-message', '#e69f00'),
        stroke: colour('--src-message', '#e69f00'),
        paths: bars,
        points: { show: false },
        value: counts('message'),
      },
      {
        label: 'Dumps',
        fill: colour('--src-dump', '#009e73'),
        stroke: colour('--src-dump', '#009e73'),
        paths: bars,
        points: { show: false },
        value: counts('dump'),
      },
    ],
    hooks: {
      setSelect: [
        (u) => {
          if (u.select.width < 4) return;
          const from = u.posToVal(u.select.left, 'x');
          const to = u.posToVal(u.select.left + u.select.width, 'x');
          u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
          latest.current.onZoom(new Date(from * 1000).toISOString(), new Date(to * 1000).toISOString());
        },
      ],
      drawClear: [
        (u) => {
          const ctx = u.ctx;
          ctx.save();
          ctx.fillStyle = gapFill;
          for (const g of latest.current.h?.gaps ?? []) {
            const x0 = u.valToPos(Date.parse(g.from) / 1000, 'x', true);
            const x1 = u.valToPos(Date.parse(g.to) / 1000, 'x', true);
            ctx.fillRect(x0, u.bbox.top, Math.max(1, x1 - x0), u.bbox.height);
          }
          ctx.restore();
        },
      ],
    },
  };
}
