import type { CategoricalColumn, DataTable, NumericalColumn } from '../columns.js';
import type { CategoricalProfile, ColumnProfile, DatasetProfile, NumericalProfile } from './profile-types.js';

export const profileQuantiles = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99] as const;
export const profileLimits = { histogramBins: 20, categoryValues: 50 } as const;

/**
 * Summarises a table for people: counts, moments, quantiles and a histogram per numerical column,
 * value counts per categorical one. With a reference profile, categorical columns say which share
 * of their values the reference never listed.
 */
export function profileTable(table: DataTable, reference?: DatasetProfile): DatasetProfile {
  const seen = reference ? seenCategories(reference) : null;
  const columns: ColumnProfile[] = table.columns.map((column) =>
    column.type === 'numerical' ? numericalColumnProfile(column) : categoricalColumnProfile(column, seen?.get(column.name) ?? (seen ? new Set() : null)),
  );
  return { rows: table.rows, columns };
}

/** The values each categorical column of a reference profile lists. */
export function seenCategories(reference: DatasetProfile): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const column of reference.columns) if (column.type === 'categorical') out.set(column.name, new Set(column.values.map((v) => v.value)));
  return out;
}

function numericalColumnProfile(column: NumericalColumn): NumericalProfile {
  const finite = new Float64Array(column.values.length);
  let n = 0;
  let missing = 0;
  let infinite = 0;
  for (let i = 0; i < column.values.length; i++) {
    const v = column.values[i] as number;
    if (Number.isNaN(v)) missing++;
    else if (!Number.isFinite(v)) infinite++;
    else finite[n++] = v;
  }
  const sorted = finite.subarray(0, n).sort();
  if (n === 0) return emptyNumerical(column.name, missing, infinite);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i] as number;
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += ((sorted[i] as number) - mean) ** 2;
  const min = sorted[0] as number;
  const max = sorted[n - 1] as number;
  const edges = histogramEdges(min, max);
  const counts = new Array<number>(edges.length - 1).fill(0);
  for (let i = 0; i < n; i++) counts[histogramBin(edges, sorted[i] as number)]! += 1;
  return {
    name: column.name,
    type: 'numerical',
    count: n,
    missing,
    infinite,
    mean,
    std: Math.sqrt(squares / n),
    min,
    max,
    quantiles: profileQuantiles.map((q) => ({ q, value: sortedQuantile(sorted, q) })),
    histogram: { edges, counts },
  };
}

export function emptyNumerical(name: string, missing: number, infinite: number): NumericalProfile {
  return { name, type: 'numerical', count: 0, missing, infinite, mean: null, std: null, min: null, max: null, quantiles: [], histogram: { edges: [], counts: [] } };
}

/** NumPy's default (linear) quantile of sorted values. */
function sortedQuantile(sorted: Float64Array, q: number): number {
  const h = q * (sorted.length - 1);
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] as number;
  return a + (h - lo) * (b - a);
}

/** Equal-width edges over [min, max]; a constant column gets one bin. */
export function histogramEdges(min: number, max: number): number[] {
  if (!(max > min)) return [min, max];
  const bins = profileLimits.histogramBins;
  const edges: number[] = [];
  for (let i = 0; i < bins; i++) edges.push(min + ((max - min) * i) / bins);
  edges.push(max);
  return edges;
}

/** The bin holding v: half-open bins, the last one closed; values outside clamp to the ends. */
export function histogramBin(edges: readonly number[], v: number): number {
  const bins = edges.length - 1;
  if (bins <= 1) return 0;
  const min = edges[0] as number;
  const max = edges[bins] as number;
  const i = Math.floor(((v - min) / (max - min)) * bins);
  return i < 0 ? 0 : i >= bins ? bins - 1 : i;
}

function categoricalColumnProfile(column: CategoricalColumn, seen: Set<string> | null): CategoricalProfile {
  const counts = new Float64Array(column.categories.length);
  let missing = 0;
  for (let i = 0; i < column.codes.length; i++) {
    const code = column.codes[i] as number;
    if (code < 0 || code >= counts.length) missing++;
    else counts[code] = (counts[code] as number) + 1;
  }
  const byValue = new Map<string, number>();
  column.categories.forEach((value, i) => {
    const c = counts[i] as number;
    if (c > 0) byValue.set(value, (byValue.get(value) ?? 0) + c);
  });
  return categoricalProfile(column.name, byValue, missing, seen);
}

/** The profile of value counts: most frequent first (ties by text), the tail summed into otherCount. */
export function categoricalProfile(name: string, counts: ReadonlyMap<string, number>, missing: number, seen: ReadonlySet<string> | null): CategoricalProfile {
  const entries = [...counts].filter(([, c]) => c > 0);
  entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let count = 0;
  let unseen = 0;
  for (const [value, c] of entries) {
    count += c;
    if (seen && !seen.has(value)) unseen += c;
  }
  const kept = entries.slice(0, profileLimits.categoryValues);
  const otherCount = entries.slice(profileLimits.categoryValues).reduce((s, [, c]) => s + c, 0);
  return {
    name,
    type: 'categorical',
    count,
    missing,
    distinct: entries.length,
    values: kept.map(([value, c]) => ({ value, count: c })),
    otherCount,
    newShare: seen ? (count === 0 ? 0 : unseen / count) : null,
  };
}
