import { useState } from 'react';
import { formatNumber } from '../lib/format.js';

export interface ScatterPoint {
  id: string;
  label: string;
  color: string;
  /** A number when the x variable is numeric, else a category. */
  x: number | string;
  y: number;
}

const width = 640;
const height = 320;
const margin = { top: 16, right: 24, bottom: 48, left: 64 };
const plotW = width - margin.left - margin.right;
const plotH = height - margin.top - margin.bottom;

/** Five or so round tick values covering [min, max]. */
function ticks(min: number, max: number): number[] {
  if (min === max) return [min];
  const raw = (max - min) / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * magnitude >= raw) ?? 10) * magnitude;
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

function linear(min: number, max: number, from: number, to: number): (v: number) => number {
  if (min === max) return () => (from + to) / 2;
  return (v) => from + ((v - min) / (max - min)) * (to - from);
}

function padded(values: number[]): [number, number] {
  const min = Math.min(...values);
  const max = Math.max(...values);
  const pad = min === max ? Math.abs(min) * 0.1 || 1 : (max - min) * 0.08;
  return [min - pad, max + pad];
}

/** Ticks for a log10 axis: whole powers of ten when the range spans them, else round values. */
function logTicks(min: number, max: number): number[] {
  const powers: number[] = [];
  for (let k = Math.ceil(min); k <= Math.floor(max); k++) powers.push(k);
  return powers.length >= 2 ? powers : ticks(10 ** min, 10 ** max).filter((v) => v > 0).map(Math.log10);
}

interface ScatterProps {
  points: ScatterPoint[];
  xLabel: string;
  yLabel: string;
  /** Plot a numeric, positive x on a log10 scale (learning rates, regularisation strengths). */
  logX?: boolean;
}

/** One dot per run: small enough as SVG, and every dot can carry its own tooltip. */
export function ScatterPlot({ points, xLabel, yLabel, logX = false }: ScatterProps) {
  const [hover, setHover] = useState<ScatterPoint | null>(null);
  const usable = points.filter((p) => Number.isFinite(p.y));
  if (usable.length === 0) return <div className="empty">No run has both values.</div>;

  const numericX = usable.every((p) => typeof p.x === 'number' && Number.isFinite(p.x));
  const log = logX && numericX && usable.every((p) => (p.x as number) > 0);
  const xValue = (p: ScatterPoint) => (log ? Math.log10(p.x as number) : (p.x as number));
  const categories = numericX ? [] : [...new Set(usable.map((p) => String(p.x)))].sort();
  const [xMin, xMax] = numericX ? padded(usable.map(xValue)) : [-0.5, categories.length - 0.5];
  const [yMin, yMax] = padded(usable.map((p) => p.y));
  const sx = linear(xMin, xMax, 0, plotW);
  const sy = linear(yMin, yMax, plotH, 0);
  const xOf = (p: ScatterPoint) => sx(numericX ? xValue(p) : categories.indexOf(String(p.x)));
  const xTicks = numericX
    ? (log ? logTicks(xMin, xMax) : ticks(xMin, xMax)).map((v) => ({ at: sx(v), text: formatNumber(log ? Number((10 ** v).toPrecision(6)) : v) }))
    : categories.map((c, i) => ({ at: sx(i), text: c.length > 14 ? `${c.slice(0, 13)}…` : c }));

  return (
    <div className="scatter">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${yLabel} against ${xLabel}`}>
        <g transform={`translate(${margin.left},${margin.top})`}>
          {ticks(yMin, yMax).map((v) => (
            <g key={v} transform={`translate(0,${sy(v)})`}>
              <line x2={plotW} className="grid" />
              <text x={-8} dy="0.32em" textAnchor="end">
                {formatNumber(v)}
              </text>
            </g>
          ))}
          {xTicks.map((t) => (
            <g key={`${t.at}-${t.text}`} transform={`translate(${t.at},0)`}>
              <line y2={plotH} className="grid" />
              <text y={plotH + 16} textAnchor="middle">
                {t.text}
              </text>
            </g>
          ))}
          <rect width={plotW} height={plotH} className="frame" />
          {usable.map((p) => (
            <circle
              key={p.id}
              cx={xOf(p)}
              cy={sy(p.y)}
              r={hover?.id === p.id ? 8 : 6}
              fill={p.color}
              onMouseEnter={() => setHover(p)}
              onMouseLeave={() => setHover(null)}
            >
              <title>{`${p.label}\n${xLabel}: ${String(p.x)}\n${yLabel}: ${formatNumber(p.y)}`}</title>
            </circle>
          ))}
          {usable.length <= 12
            ? usable.map((p) => (
                <text key={`label-${p.id}`} x={xOf(p) + 10} y={sy(p.y)} dy="0.32em" className="point-label">
                  {p.label}
                </text>
              ))
            : null}
          <text x={plotW / 2} y={plotH + 38} textAnchor="middle" className="axis-label">
            {xLabel}
          </text>
          <text transform={`translate(${-48},${plotH / 2}) rotate(-90)`} textAnchor="middle" className="axis-label">
            {yLabel}
          </text>
        </g>
      </svg>
      <div className="scatter-hover">
        {hover ? `${hover.label}: ${xLabel} = ${String(hover.x)}, ${yLabel} = ${formatNumber(hover.y)}` : 'Hover a dot for its run.'}
      </div>
    </div>
  );
}
