import type { CategoricalProfile, ColumnProfile, FeatureDrift, NumericalProfile } from '../../api/monitoring-client.js';
import { formatNumber } from '../../lib/format.js';
import './monitoring.css';

const width = 560;
const height = 180;
const pad = { left: 40, right: 8, top: 8, bottom: 30 };
const colors = { reference: '#2f6fb0', current: '#e07b39' };

interface Bar {
  x0: number;
  x1: number;
  density: number;
}

/** Bins as densities (share of the column per unit of x), so histograms with different edges share one axis. */
function densities(p: NumericalProfile): Bar[] {
  const { edges, counts } = p.histogram;
  const total = counts.reduce((s, c) => s + c, 0);
  if (total === 0) return [];
  const span = (edges[edges.length - 1] ?? 0) - (edges[0] ?? 0);
  return counts.map((c, i) => {
    const x0 = edges[i] ?? 0;
    let x1 = edges[i + 1] ?? x0;
    // A constant column has one zero-width bin: give it a visible width.
    if (x1 <= x0) x1 = x0 + (span > 0 ? span / 50 : Math.max(Math.abs(x0) * 0.02, 0.5));
    return { x0, x1, density: c / total / (x1 - x0) };
  });
}

function NumericChart({ reference, current }: { reference: NumericalProfile; current: NumericalProfile | null }) {
  const sets = [{ key: 'reference' as const, bars: densities(reference) }, ...(current ? [{ key: 'current' as const, bars: densities(current) }] : [])];
  const all = sets.flatMap((s) => s.bars);
  if (all.length === 0) return <div className="muted small">No finite values to draw.</div>;
  const lo = Math.min(...all.map((b) => b.x0));
  const hi = Math.max(...all.map((b) => b.x1));
  const top = Math.max(...all.map((b) => b.density), 1e-12);
  const x = (v: number) => pad.left + ((v - lo) / Math.max(hi - lo, 1e-12)) * (width - pad.left - pad.right);
  const y = (d: number) => height - pad.bottom - (d / top) * (height - pad.top - pad.bottom);
  return (
    <svg className="dist-chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label="numerical distribution">
      {sets.map((s) =>
        s.bars.map((b, i) => (
          <rect key={`${s.key}-${i}`} data-series={s.key} x={x(b.x0)} y={y(b.density)} width={Math.max(1, x(b.x1) - x(b.x0))} height={height - pad.bottom - y(b.density)} fill={colors[s.key]} fillOpacity={0.45} stroke={colors[s.key]} strokeWidth={0.6} />
        )),
      )}
      <line className="axis" x1={pad.left} y1={height - pad.bottom} x2={width - pad.right} y2={height - pad.bottom} />
      <text className="tick" x={pad.left} y={height - pad.bottom + 14}>
        {formatNumber(lo)}
      </text>
      <text className="tick" x={width - pad.right} y={height - pad.bottom + 14} textAnchor="end">
        {formatNumber(hi)}
      </text>
      <text className="tick" x={pad.left - 4} y={pad.top + 8} textAnchor="end">
        density
      </text>
    </svg>
  );
}

function CategoricalChart({ reference, current }: { reference: CategoricalProfile; current: CategoricalProfile | null }) {
  // Reference values first (most frequent first), then values only the current window has.
  const values = [...reference.values.map((v) => v.value)];
  for (const v of current?.values ?? []) if (!values.includes(v.value)) values.push(v.value);
  const shown = values.slice(0, 24);
  const share = (p: CategoricalProfile | null, value: string) => (p && p.count > 0 ? (p.values.find((v) => v.value === value)?.count ?? 0) / p.count : 0);
  const top = Math.max(1e-12, ...shown.flatMap((v) => [share(reference, v), share(current, v)]));
  const slot = (width - pad.left - pad.right) / Math.max(1, shown.length);
  const y = (s: number) => height - pad.bottom - (s / top) * (height - pad.top - pad.bottom);
  return (
    <svg className="dist-chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label="categorical distribution">
      {shown.map((v, i) => {
        const x0 = pad.left + i * slot;
        const bar = Math.max(1, slot / 2 - 2);
        return (
          <g key={v}>
            <rect data-series="reference" x={x0 + 1} y={y(share(reference, v))} width={bar} height={height - pad.bottom - y(share(reference, v))} fill={colors.reference} />
            {current ? <rect data-series="current" x={x0 + 1 + bar} y={y(share(current, v))} width={bar} height={height - pad.bottom - y(share(current, v))} fill={colors.current} /> : null}
            <text className="tick" x={x0 + slot / 2} y={height - pad.bottom + 12} textAnchor="middle">
              {v.length > 8 ? `${v.slice(0, 7)}…` : v}
            </text>
          </g>
        );
      })}
      <line className="axis" x1={pad.left} y1={height - pad.bottom} x2={width - pad.right} y2={height - pad.bottom} />
      <text className="tick" x={pad.left - 4} y={pad.top + 8} textAnchor="end">
        {Math.round(top * 100)}%
      </text>
    </svg>
  );
}

function stats(p: ColumnProfile | null): string {
  if (!p) return 'absent';
  if (p.type === 'categorical') return `${p.count} values, ${p.distinct} distinct, ${p.missing} missing${p.newShare ? `, ${Math.round(p.newShare * 1000) / 10}% new` : ''}`;
  return `${p.count} values, mean ${formatNumber(p.mean ?? undefined)}, std ${formatNumber(p.std ?? undefined)}, ${p.missing} missing${p.infinite ? `, ${p.infinite} infinite` : ''}`;
}

/** Reference vs current distribution of one feature in one window, with the drift verdict. */
export function DistributionPanel({ feature, reference, current, drift, windowText }: { feature: string; reference: ColumnProfile | null; current: ColumnProfile | null; drift: FeatureDrift | null; windowText: string }) {
  return (
    <div className="card top-gap" data-testid="distribution-panel">
      <div className="chart-title">
        <strong>
          {feature} <span className="muted">{windowText}</span>
        </strong>
        <span className="legend">
          <span className="legend-item">
            <span className="swatch" style={{ background: colors.reference }} /> reference
          </span>
          <span className="legend-item">
            <span className="swatch" style={{ background: colors.current }} /> current
          </span>
        </span>
      </div>
      <div className="small" data-testid="distribution-verdict">
        {drift
          ? drift.skipped
            ? `Not tested: ${drift.skipped}`
            : `${drift.method}: ${drift.kind === 'p_value' ? 'p-value' : 'distance'} ${formatNumber(drift.score ?? undefined)}, threshold ${formatNumber(drift.threshold)} — ${drift.drift ? 'drift' : 'no drift'}`
          : 'Not judged in this window.'}
      </div>
      {reference?.type === 'numerical' ? <NumericChart reference={reference} current={current?.type === 'numerical' ? current : null} /> : null}
      {reference?.type === 'categorical' ? <CategoricalChart reference={reference} current={current?.type === 'categorical' ? current : null} /> : null}
      {reference === null ? <div className="muted small">The reference has no column {feature}.</div> : null}
      <div className="muted small">
        Reference: {stats(reference)}. Current: {stats(current)}.
      </div>
    </div>
  );
}
