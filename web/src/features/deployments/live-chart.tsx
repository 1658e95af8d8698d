import { formatNumber } from '../../lib/format.js';
import './deployments.css';

export interface LiveSeries {
  label: string;
  color: string;
  /** [epoch ms, value] pairs, oldest first. */
  points: [number, number][];
  /** One point per second of the window (a rate with zeros filled in): a line, no dots. */
  dense?: boolean;
}

const width = 600;
const height = 160;
const pad = { left: 44, right: 8, top: 8, bottom: 18 };

/**
 * A small SVG line chart over a fixed time window ending now. Redrawn on every poll, so it stays a
 * plain component rather than the zoomable uPlot chart, which rebuilds its canvas on each change.
 */
export function LiveChart({ title, series, from, to, unit }: { title: string; series: LiveSeries[]; from: number; to: number; unit: string }) {
  const max = Math.max(1e-9, ...series.flatMap((s) => s.points.map(([, y]) => y)));
  const x = (t: number) => pad.left + ((t - from) / Math.max(1, to - from)) * (width - pad.left - pad.right);
  const y = (v: number) => height - pad.bottom - (v / max) * (height - pad.top - pad.bottom);
  const pathOf = (points: [number, number][]) => points.map(([t, v], i) => `${i === 0 ? 'M' : 'L'}${x(t).toFixed(1)} ${y(v).toFixed(1)}`).join(' ');
  const hasData = series.some((s) => s.points.length > 0);

  return (
    <div className="card chart-card">
      <div className="chart-title">
        <strong>{title}</strong>
        <span className="legend">
          {series.map((s) => (
            <span key={s.label} className="legend-item">
              <span className="swatch" style={{ background: s.color }} /> {s.label}
            </span>
          ))}
        </span>
      </div>
      <svg className="live-chart" viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" role="img" aria-label={title}>
        <line className="axis" x1={pad.left} y1={height - pad.bottom} x2={width - pad.right} y2={height - pad.bottom} />
        <line className="axis" x1={pad.left} y1={pad.top} x2={pad.left} y2={height - pad.bottom} />
        <text className="tick" x={pad.left - 4} y={pad.top + 8} textAnchor="end">
          {hasData ? formatNumber(Number(max.toPrecision(3))) : ''}
        </text>
        <text className="tick" x={pad.left - 4} y={height - pad.bottom} textAnchor="end">
          0
        </text>
        <text className="tick" x={pad.left} y={height - 4}>
          −{Math.round((to - from) / 1000)} s
        </text>
        <text className="tick" x={width - pad.right} y={height - 4} textAnchor="end">
          now · {unit}
        </text>
        {series.map((s) =>
          s.points.length > 0 ? <path key={s.label} d={pathOf(s.points)} fill="none" stroke={s.color} strokeWidth={1.6} vectorEffect="non-scaling-stroke" data-testid="live-series" /> : null,
        )}
        {/* Dots where a series has sparse points: a lone second of traffic would otherwise draw nothing. */}
        {series.map((s) =>
          s.points.length > 0 && s.points.length <= 60 && !s.dense
            ? s.points.map(([t, v]) => <circle key={`${s.label}-${t}`} cx={x(t)} cy={y(v)} r={2.5} fill={s.color} />)
            : null,
        )}
      </svg>
      {hasData ? null : <div className="muted small">No requests in this window.</div>}
    </div>
  );
}
