import type { Column, DataTable } from '../columns.js';

/**
 * The grid a window sketch counts on, fixed once from the reference data so every window (and the
 * reference itself) is summarised on the same bins and sketches merge by adding arrays.
 */
export type SketchColumnLayout =
  | {
      name: string;
      type: 'numerical';
      /**
       * Ascending bin edges: bin i is [edges[i], edges[i+1]), the last one closed. Values below the
       * first edge and above the last one fall in an underflow and an overflow bin.
       */
      edges: number[];
      /** The reference mean: squares are summed around it, so the variance keeps its precision for large values. */
      shift: number;
      /** True when each bin holds exactly one distinct reference value (few distinct values). */
      discrete: boolean;
    }
  | {
      name: string;
      type: 'categorical';
      /** The reference's values, most frequent first (at most `sketchLimits.categories`). */
      categories: string[];
    };

export interface SketchLayout {
  version: 1;
  columns: SketchColumnLayout[];
}

export const sketchLimits = {
  /** Columns with at most this many distinct reference values get one bin per value (exact for seen values). */
  discreteValues: 64,
  /** Quantile bins: each holds at most 1/this of the reference. */
  quantileBins: 100,
  /** Equal-width bins over the reference range: each spans at most 1/this of it. */
  widthBins: 100,
  /** Distinct values a categorical column keeps per sketch; the rest are counted under `otherCategory`. */
  categories: 1000,
} as const;

/** The value under which a sketch counts categories past its limit. */
export const otherCategory = '(other)';

/** The layout for a reference table: one entry per column, in the table's order. */
export function sketchLayout(reference: DataTable): SketchLayout {
  return { version: 1, columns: reference.columns.map(columnLayout) };
}

function columnLayout(column: Column): SketchColumnLayout {
  if (column.type === 'categorical') {
    const counts = new Float64Array(column.categories.length);
    for (const code of column.codes) if (code >= 0) counts[code] = (counts[code] ?? 0) + 1;
    const order = column.categories.map((_, i) => i).filter((i) => (counts[i] ?? 0) > 0);
    // Most frequent first, ties by text, so a layout is the same whatever order the file had.
    order.sort((a, b) => (counts[b] ?? 0) - (counts[a] ?? 0) || compareText(column.categories[a] ?? '', column.categories[b] ?? ''));
    return { name: column.name, type: 'categorical', categories: order.slice(0, sketchLimits.categories).map((i) => column.categories[i] ?? '') };
  }
  const finite = finiteSorted(column.values);
  const n = finite.length;
  if (n === 0) return { name: column.name, type: 'numerical', edges: [], shift: 0, discrete: true };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += finite[i] as number;
  const shift = sum / n;
  const distinct = distinctValues(finite, sketchLimits.discreteValues + 1);
  if (distinct.length <= sketchLimits.discreteValues) {
    // Edges halfway between neighbours: every reference value sits alone in its bin, so the bin mean is the value itself.
    const edges = [distinct[0] as number];
    for (let i = 1; i < distinct.length; i++) edges.push(midpoint(distinct[i - 1] as number, distinct[i] as number));
    edges.push(distinct[distinct.length - 1] as number);
    return { name: column.name, type: 'numerical', edges, shift, discrete: true };
  }
  const min = finite[0] as number;
  const max = finite[n - 1] as number;
  const edges = new Set<number>([min, max]);
  for (let q = 1; q < sketchLimits.quantileBins; q++) edges.add(finite[Math.floor((q * (n - 1)) / sketchLimits.quantileBins)] as number);
  const width = (max - min) / sketchLimits.widthBins;
  for (let i = 1; i < sketchLimits.widthBins; i++) edges.add(min + i * width);
  const sorted = Float64Array.from(edges).sort();
  return { name: column.name, type: 'numerical', edges: Array.from(sorted).filter((e) => e >= min && e <= max), shift, discrete: false };
}

function finiteSorted(values: Float64Array): Float64Array {
  const out = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isFinite(v)) out[n++] = v;
  }
  return out.subarray(0, n).sort();
}

/** Up to `limit` distinct values of a sorted array (stops early: a large column needs only to prove it has many). */
function distinctValues(sorted: Float64Array, limit: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < sorted.length && out.length < limit; i++) {
    const v = sorted[i] as number;
    if (out.length === 0 || v !== out[out.length - 1]) out.push(v);
  }
  return out;
}

function midpoint(a: number, b: number): number {
  const m = a / 2 + b / 2;
  // Guards neighbours one ulp apart: the edge must stay above a so a keeps its own bin.
  return m > a ? m : b;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
