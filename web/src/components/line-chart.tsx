import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export type XAxisKind = 'step' | 'time' | 'relative';

export interface ChartSeries {
  label: string;
  color: string;
  /** Steps, or milliseconds (epoch for 'time', since the first point for 'relative'). */
  xs: number[];
  ys: number[];
}

const xLabels: Record<XAxisKind, string> = { step: 'Step', time: 'Time', relative: 'Seconds' };

/** Sorts by x and keeps the last y per x: uPlot needs strictly ordered, aligned x values. */
function table(series: ChartSeries, xScale: number): [number[], (number | null)[]] {
  const byX = new Map<number, number | null>();
  series.xs.forEach((x, i) => {
    const y = series.ys[i];
    byX.set(x * xScale, y !== undefined && Number.isFinite(y) ? y : null);
  });
  const xs = [...byX.keys()].sort((a, b) => a - b);
  return [xs, xs.map((x) => byX.get(x) ?? null)];
}

function alignedData(series: ChartSeries[], xKind: XAxisKind): uPlot.AlignedData {
  // uPlot's time axis counts seconds.
  const xScale = xKind === 'step' ? 1 : 1 / 1000;
  const tables = series.map((s) => table(s, xScale));
  if (tables.length === 1) return tables[0] as uPlot.AlignedData;
  return uPlot.join(tables as uPlot.AlignedData[]);
}

/**
 * A metric plot over step or time. Drag across the plot to zoom into a range;
 * double-click to zoom back out (uPlot's built-in cursor behaviour).
 */
export function LineChart({ series, xKind, height = 220 }: { series: ChartSeries[]; xKind: XAxisKind; height?: number }) {
  const containerRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const pointCount = Math.max(0, ...series.map((s) => s.xs.length));
    const options: uPlot.Options = {
      width: Math.max(200, container.clientWidth),
      height,
      scales: { x: { time: xKind === 'time' } },
      cursor: { drag: { x: true, y: false }, points: { size: 6 } },
      legend: { show: true, live: true },
      axes: [
        { stroke: '#5b6470', grid: { stroke: '#eef0f3' }, ticks: { stroke: '#d8dce2' }, label: xLabels[xKind], labelSize: 18, labelFont: '12px system-ui' },
        { stroke: '#5b6470', grid: { stroke: '#eef0f3' }, ticks: { stroke: '#d8dce2' }, size: 60 },
      ],
      series: [
        { label: xLabels[xKind] },
        ...series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: 1.6,
          spanGaps: true,
          points: { show: pointCount <= 60, size: 5, fill: s.color },
        })),
      ],
    };
    const plot = new uPlot(options, alignedData(series, xKind), container);
    const observer = new ResizeObserver(() => {
      const width = Math.max(200, container.clientWidth);
      if (width !== plot.width) plot.setSize({ width, height });
    });
    observer.observe(container);
    return () => {
      observer.disconnect();
      plot.destroy();
    };
  }, [series, xKind, height]);

  return <div className="line-chart" ref={containerRef} title="Drag to zoom, double-click to reset" />;
}
