import type { FeatureDrift } from '../../../../src/domain/monitoring/drift/drift-types.js';

/**
 * How far a score is past its threshold, as one number: 1 at the threshold, above 1 drifted.
 * P-values drift when small, distances when large, so the ratio is turned accordingly.
 */
export function driftRatio(f: Pick<FeatureDrift, 'kind' | 'score' | 'threshold'>): number | null {
  if (f.score === null || !Number.isFinite(f.score)) return null;
  if (f.kind === 'p_value') return f.threshold / Math.max(f.score, 1e-12);
  return f.threshold > 0 ? f.score / f.threshold : f.score > 0 ? 2 : 0;
}

/** Green well inside the threshold, amber near it, red past it (log scale: 10x past is full red). */
export function cellColor(ratio: number | null): string {
  if (ratio === null) return '#e1e4e8';
  const t = Math.max(-1, Math.min(1, Math.log10(Math.max(ratio, 1e-9))));
  if (t < 0) return mix([58, 157, 93], [240, 200, 80], 1 + t);
  return mix([240, 200, 80], [196, 65, 75], t);
}

function mix(a: number[], b: number[], t: number): string {
  const c = a.map((v, i) => Math.round(v + ((b[i] ?? v) - v) * t));
  return `rgb(${c.join(',')})`;
}
