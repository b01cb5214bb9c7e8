/**
 * Time for the graph: step from change to change, play, type an instant, or slide across the audit
 * window (change instants and dump snapshot dates marked on the track). The state shown is named to
 * the second in the display zone, with its step number and what the step changed.
 */
import { memo, useEffect, useState } from 'react';
import type { GraphReplay } from '../../../../shared/requests/graph';
import { usePreferences } from '../../app/preferences';
import { formatTime } from '../../ui/Time';
import { beforeSteps, stepIndex, type StateDiff } from './replay';

const RESOLUTION = 1000;

export function TimeControls({
  replay,
  asOf,
  diff,
  onChange,
}: {
  replay: GraphReplay;
  asOf: string | null;
  diff: StateDiff | null;
  onChange: (asOf: string | null) => void;
}) {
  const { timeZone } = usePreferences();
  const [playing, setPlaying] = useState(false);
  const steps = replay.steps;
  const index = stepIndex(steps, asOf);
  const from = Date.parse(replay.window.from ?? steps[0] ?? new Date().toISOString());
  const to = Date.parse(replay.window.to ?? steps[steps.length - 1] ?? new Date().toISOString());
  const span = Math.max(1, to - from);
  const pos = (iso: string) => Math.round(((Date.parse(iso) - from) / span) * RESOLUTION);
  const go = (i: number) => onChange(i < 0 ? beforeSteps(steps) : (steps[Math.min(i, steps.length - 1)] ?? null));

  useEffect(() => {
    if (!playing || asOf === null || index >= steps.length - 1) return;
    const timer = setTimeout(() => {
      go(index + 1);
      if (index + 1 >= steps.length - 1) setPlaying(false);
    }, 900);
    return () => clearTimeout(timer);
    // go is recreated each render; index and asOf drive the loop.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [playing, index, asOf]);

  return (
    <div className="time-controls" data-testid="graph-time">
      <div className="step-buttons">
        <button onClick={() => go(-1)} aria-label="Before the first change" data-testid="graph-start">
          |◀
        </button>
        <button
          onClick={() => go(asOf === null ? steps.length - 2 : index - 1)}
          aria-label="Previous change"
          data-testid="graph-prev"
        >
          ◀
        </button>
        <button
          onClick={() => {
            // Play from the start when already at the end.
            if (!playing && (asOf === null || index >= steps.length - 1)) go(-1);
            setPlaying(!playing);
          }}
          aria-label={playing ? 'Pause' : 'Play the changes'}
          data-testid="graph-play"
        >
          {playing ? 'Pause' : 'Play'}
        </button>
        <button
          onClick={() => go(index + 1)}
          aria-label="Next change"
          disabled={asOf === null}
          data-testid="graph-next"
        >
          ▶
        </button>
        <button onClick={() => onChange(null)} aria-label="After all evidence" data-testid="graph-end">
          ▶|
        </button>
      </div>
      <div className="time-track">
        <input
          type="range"
          min={-1}
          max={RESOLUTION}
          value={asOf === null ? RESOLUTION : Math.max(-1, Math.min(RESOLUTION, pos(asOf)))}
          aria-label="Instant within the audit window"
          onChange={(e) => {
            const v = Number(e.target.value);
            onChange(v >= RESOLUTION ? null : new Date(from + (Math.max(0, v) / RESOLUTION) * span).toISOString());
          }}
          data-testid="graph-slider"
        />
        <Ticks steps={steps} snapshots={replay.snapshots} from={from} span={span} />
      </div>
      <label className="instant">
        <span className="sr-only">Instant (UTC)</span>
        <input
          type="datetime-local"
          step={1}
          value={asOf ? asOf.slice(0, 19) : ''}
          onChange={(e) => e.target.value && onChange(new Date(`${e.target.value}Z`).toISOString())}
          aria-label="Instant (UTC)"
          data-testid="graph-instant"
        />
        <span className="muted">UTC</span>
      </label>
      <div className="state-label" aria-live="polite">
        <strong data-testid="graph-as-of">{asOf ? formatTime(asOf, timeZone) : 'after all evidence'}</strong>
        <span className="muted">
          {' '}
          · change {Math.max(0, index + 1)} of {steps.length}
          {diff && (diff.added.length > 0 || diff.removed.length > 0 || diff.changed.length > 0)
            ? ` · this step: ${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed`
            : ''}
        </span>
      </div>
    </div>
  );
}

/**
 * The step and snapshot marks under the slider: hundreds of SVG lines on a large case, drawn once
 * per replay rather than on every step (memo: the props only change with the replay).
 */
const Ticks = memo(function Ticks({
  steps,
  snapshots,
  from,
  span,
}: {
  steps: readonly string[];
  snapshots: GraphReplay['snapshots'];
  from: number;
  span: number;
}) {
  const pos = (iso: string) => Math.round(((Date.parse(iso) - from) / span) * RESOLUTION);
  return (
    <svg className="ticks" viewBox={`0 0 ${RESOLUTION} 10`} preserveAspectRatio="none" aria-hidden="true">
      {steps.map((s) => (
        <line key={s} x1={pos(s)} x2={pos(s)} y1={0} y2={6} className="tick-step" />
      ))}
      {snapshots.map((s) => (
        <line key={`${s.time}${s.file}`} x1={pos(s.time)} x2={pos(s.time)} y1={0} y2={10} className="tick-snapshot">
          <title>{`${s.file}: collected ${s.time}`}</title>
        </line>
      ))}
    </svg>
  );
});
