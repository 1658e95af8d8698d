import type { CategoricalColumn, Column, NumericalColumn } from '../columns.js';

/** Reference and current shares over one set of bins, for plotting side by side. */
export interface NumericHistogram {
  kind: 'numerical';
  /** bins + 1 ascending edges; a constant column gets one bin [v, v]. */
  edges: number[];
  reference: number[];
  current: number[];
  /** Whether values lie below the first edge or above the last (counted in the end bins). */
  clipped: { below: boolean; above: boolean };
}

export interface CategoryBars {
  kind: 'categorical';
  /** The most frequent categories of both tables together, then `other` when more exist. */
  labels: string[];
  reference: number[];
  current: number[];
  /** How many categories were folded into the last label. */
  folded: number;
}

export type Distribution = NumericHistogram | CategoryBars;

const maxBins = 40;
const maxBars = 15;

function finiteRange(values: Float64Array, range: { min: number; max: number; n: number }): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    if (v < range.min) range.min = v;
    if (v > range.max) range.max = v;
    range.n++;
  }
}

function shares(values: Float64Array, min: number, width: number, bins: number): number[] {
  const counts = new Array<number>(bins).fill(0);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    // Values past the plotted range count in the end bins; the last bin is closed, like NumPy's.
    const bin = width === 0 ? 0 : Math.max(0, Math.min(bins - 1, Math.floor((v - min) / width)));
    counts[bin]! += 1;
    n++;
  }
  return counts.map((c) => (n === 0 ? 0 : c / n));
}

/** At most this many values per sample are looked at to place the plotted range. */
const rangeSample = 50_000;
/** Share of values cut from each tail when the range is placed, so one outlier does not flatten the plot. */
const tail = 0.005;

/** The finite values of both samples, every k-th one when there are many (the plot's range only needs quantiles). */
function thinnedFinite(a: Float64Array, b: Float64Array): Float64Array {
  const out: number[] = [];
  for (const values of [a, b]) {
    const step = Math.max(1, Math.floor(values.length / rangeSample));
    for (let i = 0; i < values.length; i += step) if (Number.isFinite(values[i]!)) out.push(values[i]!);
  }
  return Float64Array.from(out).sort();
}

/**
 * Equal-width bins (Sturges' count for the two samples together, at most 40) over the range that
 * holds all but the outer 0.5 % on each side of the values of both, with each sample's share per
 * bin; values beyond the range count in the end bins (`clipped` says so). The picture of what drift
 * compares, not its input.
 */
export function numericHistogram(reference: NumericalColumn, current: NumericalColumn): NumericHistogram | null {
  const range = { min: Infinity, max: -Infinity, n: 0 };
  finiteRange(reference.values, range);
  finiteRange(current.values, range);
  if (range.n === 0) return null;
  const sorted = thinnedFinite(reference.values, current.values);
  let lo = sorted[Math.floor(tail * (sorted.length - 1))] ?? range.min;
  let hi = sorted[Math.ceil((1 - tail) * (sorted.length - 1))] ?? range.max;
  if (!(hi > lo)) [lo, hi] = [range.min, range.max];
  const bins = hi === lo ? 1 : Math.min(maxBins, Math.ceil(Math.log2(range.n) + 1));
  const width = (hi - lo) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : lo + i * width));
  return {
    kind: 'numerical',
    edges,
    reference: shares(reference.values, lo, width, bins),
    current: shares(current.values, lo, width, bins),
    clipped: { below: lo > range.min, above: hi < range.max },
  };
}

function countsByCategory(column: CategoricalColumn): Map<string, number> {
  const byCode = new Float64Array(column.categories.length);
  let n = 0;
  for (let i = 0; i < column.codes.length; i++) {
    const code = column.codes[i]!;
    if (code < 0) continue;
    byCode[code]! += 1;
    n++;
  }
  return new Map(column.categories.map((c, i) => [c, n === 0 ? 0 : byCode[i]! / n]));
}

/** Shares of each sample per category, the 15 most frequent overall shown and the rest folded into `other`. */
export function categoryBars(reference: CategoricalColumn, current: CategoricalColumn): CategoryBars | null {
  const ref = countsByCategory(reference);
  const cur = countsByCategory(current);
  const all = [...new Set([...ref.keys(), ...cur.keys()])];
  if (all.length === 0) return null;
  all.sort((a, b) => (ref.get(b) ?? 0) + (cur.get(b) ?? 0) - ((ref.get(a) ?? 0) + (cur.get(a) ?? 0)) || (a < b ? -1 : 1));
  const shown = all.length > maxBars ? all.slice(0, maxBars - 1) : all;
  const rest = all.slice(shown.length);
  const sum = (m: Map<string, number>, keys: string[]) => keys.reduce((s, k) => s + (m.get(k) ?? 0), 0);
  const labels = [...shown, ...(rest.length > 0 ? [`other (${rest.length})`] : [])];
  const pick = (m: Map<string, number>) => [...shown.map((k) => m.get(k) ?? 0), ...(rest.length > 0 ? [sum(m, rest)] : [])];
  return { kind: 'categorical', labels, reference: pick(ref), current: pick(cur), folded: rest.length };
}

/** The picture for one column present in both tables with the same type; null when there is nothing to draw. */
export function distributionOf(reference: Column | undefined, current: Column | undefined): Distribution | null {
  if (!reference || !current) return null;
  if (reference.type === 'numerical' && current.type === 'numerical') return numericHistogram(reference, current);
  if (reference.type === 'categorical' && current.type === 'categorical') return categoryBars(reference, current);
  return null;
}
