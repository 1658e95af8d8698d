import type { MonitorCheck, MonitorResult, PerformanceMetricName } from '../../api/monitoring-client.js';
import { formatNumber, formatTime, seriesColors } from '../../lib/format.js';
import { baselineOf } from './baseline-names.js';
import './monitoring.css';

const width = 600;
const height = 170;
const pad = { left: 48, right: 10, top: 10, bottom: 20 };

type PerformanceCheck = Extract<MonitorCheck, { kind: 'performance' }>;

/** One metric over its windows, with the training baseline (dashed) and the check's bounds (dotted red). */
function MetricChart({ metric, results, baseline, check }: { metric: string; results: MonitorResult[]; baseline: number | null; check: PerformanceCheck | undefined }) {
  const points = results.filter((r) => r.value !== null && Number.isFinite(r.value)).map((r) => [r.windowEnd, r.value as number] as const);
  const refs = [baseline ?? undefined, check?.min, check?.max].filter((v): v is number => v !== undefined);
  const values = [...points.map(([, v]) => v), ...refs];
  const lo = Math.min(...values, Infinity);
  const hi = Math.max(...values, -Infinity);
  const margin = hi > lo ? (hi - lo) * 0.08 : Math.max(Math.abs(hi) * 0.1, 0.05);
  const y0 = lo - margin;
  const y1 = hi + margin;
  // A check with no results yet still draws its baseline and bounds, over "now".
  const times = results.length > 0 ? results.map((r) => r.windowEnd) : [Date.now()];
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  const x = (t: number) => pad.left + (t1 > t0 ? (t - t0) / (t1 - t0) : 0.5) * (width - pad.left - pad.right);
  const y = (v: number) => height - pad.bottom - ((v - y0) / (y1 - y0)) * (height - pad.top - pad.bottom);
  const color = seriesColors[0] ?? '#2f6fb0';
  const unjudged = results.length - points.length;

  return (
    <div className="card chart-card" data-testid={`performance-${metric}`}>
      <div className="chart-title">
        <strong>{metric}</strong>
        <span className="legend">
          <span className="legend-item">
            <span className="swatch" style={{ background: color }} /> per window
          </span>
          {baseline !== null ? (
            <span className="legend-item" data-testid="baseline-legend">
              <span className="swatch" style={{ background: seriesColors[2] }} /> training baseline {formatNumber(baseline)}
            </span>
          ) : (
            <span className="legend-item muted">no training baseline</span>
          )}
        </span>
      </div>
      {points.length === 0 && refs.length === 0 ? (
        <div className="muted small">No window had enough labels to score yet.</div>
      ) : (
        <svg className="perf-chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${metric} over time`}>
          <line className="axis" x1={pad.left} y1={height - pad.bottom} x2={width - pad.right} y2={height - pad.bottom} />
          <line className="axis" x1={pad.left} y1={pad.top} x2={pad.left} y2={height - pad.bottom} />
          <text className="tick" x={pad.left - 4} y={pad.top + 8} textAnchor="end">
            {formatNumber(Number(y1.toPrecision(3)))}
          </text>
          <text className="tick" x={pad.left - 4} y={height - pad.bottom} textAnchor="end">
            {formatNumber(Number(y0.toPrecision(3)))}
          </text>
          <text className="tick" x={pad.left} y={height - 4}>
            {formatTime(t0)}
          </text>
          <text className="tick" x={width - pad.right} y={height - 4} textAnchor="end">
            {formatTime(t1)}
          </text>
          {baseline !== null ? <line className="baseline" data-testid="baseline-line" x1={pad.left} x2={width - pad.right} y1={y(baseline)} y2={y(baseline)} stroke={seriesColors[2]} strokeWidth={1.4} /> : null}
          {[check?.min, check?.max].map((b, i) => (b === undefined ? null : <line key={i} className="bound" x1={pad.left} x2={width - pad.right} y1={y(b)} y2={y(b)} />))}
          {points.length > 1 ? <path d={points.map(([t, v], i) => `${i === 0 ? 'M' : 'L'}${x(t).toFixed(1)} ${y(v).toFixed(1)}`).join(' ')} fill="none" stroke={color} strokeWidth={1.6} /> : null}
          {points.map(([t, v]) => (
            <circle key={t} data-testid="performance-point" cx={x(t)} cy={y(v)} r={3} fill={color}>
              <title>{`${formatTime(t)}: ${formatNumber(v)}`}</title>
            </circle>
          ))}
        </svg>
      )}
      {unjudged > 0 ? <div className="muted small">{unjudged} window(s) not scored (too few labels).</div> : null}
    </div>
  );
}

/** One chart per performance check of the monitor, from its stored results. */
export function PerformanceCharts({ results, checks, training }: { results: MonitorResult[]; checks: MonitorCheck[]; training: Map<string, number> | null }) {
  const perfChecks = checks.filter((c): c is PerformanceCheck => c.kind === 'performance');
  const byMetric = new Map<string, MonitorResult[]>();
  for (const c of perfChecks) byMetric.set(c.metric, []);
  for (const r of results) if (r.kind === 'performance') byMetric.set(r.method, [...(byMetric.get(r.method) ?? []), r]);
  if (byMetric.size === 0) return <div className="empty small">No performance checks: give the monitor a task and a performance check, then label predictions.</div>;
  return (
    <div className="chart-grid">
      {[...byMetric].map(([metric, rs]) => (
        <MetricChart
          key={metric}
          metric={metric}
          results={rs}
          baseline={training ? baselineOf(training, metric as PerformanceMetricName) : null}
          check={perfChecks.find((c) => c.metric === metric)}
        />
      ))}
    </div>
  );
}
