/**
 * uPlot in React: one chart instance per mount, resized with its container, data swapped in place
 * (setData) rather than rebuilt, so zooming and paging stay cheap on large series. The chart is
 * drawn on a canvas: its numbers are also given as text by the caller for screen readers.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';

export interface ChartProps {
  /** Options without width/height (taken from the container). */
  options: Omit<uPlot.Options, 'width' | 'height'>;
  data: uPlot.AlignedData;
  height: number;
  /** A performance mark set after each draw (benchmarks read it). */
  mark?: string;
  className?: string;
  label: string;
}

export function UPlotChart({ options, data, height, mark, className, label }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);

  // Options change rarely (series, hooks): rebuild then; data changes are setData below.
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const width = Math.max(200, el.clientWidth);
    const drawHook = mark ? [() => performance.mark(mark)] : [];
    const u = new uPlot(
      { ...options, width, height, hooks: { ...options.hooks, draw: [...(options.hooks?.draw ?? []), ...drawHook] } },
      data,
      el,
    );
    chart.current = u;
    const resize = new ResizeObserver(() => u.setSize({ width: Math.max(200, el.clientWidth), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.destroy();
      chart.current = null;
    };
    // data is applied by the effect below; rebuilding on every data change would defeat setData.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [options, height, mark]);

  useEffect(() => {
    chart.current?.setData(data);
  }, [data]);

  return <div ref={box} className={className} role="img" aria-label={label} />;
}
