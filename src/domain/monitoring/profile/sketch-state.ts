import type { Column } from '../columns.js';
import { otherCategory, sketchLimits, type SketchColumnLayout } from './sketch-layout.js';

/** One numerical column of a sketch. Slot 0 is underflow, slots 1..bins the layout's bins, the last one overflow. */
export interface NumericalState {
  type: 'numerical';
  edges: Float64Array;
  counts: Float64Array;
  sums: Float64Array;
  missing: number;
  infinite: number;
  min: number;
  max: number;
  /** Σ (x − shift)² over finite values. */
  squares: number;
  shift: number;
  /** For cell g of an even grid over [first edge, last edge], the slot of the cell's start: a lookup starts there. */
  grid: Int32Array;
  /** Grid cells per unit of the column's value. */
  scale: number;
}

export interface CategoricalState {
  type: 'categorical';
  counts: Map<string, number>;
  missing: number;
}

export type SketchState = NumericalState | CategoricalState;

export function emptyState(layout: SketchColumnLayout): SketchState {
  if (layout.type === 'categorical') return { type: 'categorical', counts: new Map(), missing: 0 };
  const slots = Math.max(layout.edges.length - 1, 0) + 2;
  const edges = Float64Array.from(layout.edges);
  const { grid, scale } = lookupGrid(edges);
  return {
    type: 'numerical',
    edges,
    grid,
    scale,
    counts: new Float64Array(slots),
    sums: new Float64Array(slots),
    missing: 0,
    infinite: 0,
    min: Infinity,
    max: -Infinity,
    squares: 0,
    shift: layout.shift,
  };
}

/**
 * Four grid cells per bin: a value's cell gives a slot at most a few bins short of its own, so a
 * lookup is one multiply and a short forward scan rather than a binary search.
 */
function lookupGrid(edges: Float64Array): { grid: Int32Array; scale: number } {
  const n = edges.length;
  const first = edges[0] ?? 0;
  const span = n > 0 ? edges[n - 1]! - first : 0;
  if (n < 2 || !(span > 0) || !Number.isFinite(span)) return { grid: new Int32Array(0), scale: 0 };
  const cells = 4 * (n - 1);
  const scale = cells / span;
  const grid = new Int32Array(cells);
  // One slot back: the cell start is computed in floating point and may round past an edge.
  for (let g = 0; g < cells; g++) grid[g] = Math.max(1, slotOf(edges, first + g / scale) - 1);
  return { grid, scale };
}

/** The slot of a finite value through the grid; the same answer as slotOf. */
export function gridSlotOf(state: Pick<NumericalState, 'edges' | 'grid' | 'scale'>, x: number): number {
  const { edges, grid } = state;
  const n = edges.length;
  if (grid.length === 0) return slotOf(edges, x);
  if (x < edges[0]!) return 0;
  if (x > edges[n - 1]!) return n;
  let g = Math.floor((x - edges[0]!) * state.scale);
  if (g >= grid.length) g = grid.length - 1;
  let s = grid[g]!;
  // Slot s holds [edges[s-1], edges[s]); the last one is closed.
  while (s < n - 1 && edges[s]! <= x) s++;
  return s;
}

/** The slot of a finite value: binary search over the edges (the last bin is closed). */
export function slotOf(edges: Float64Array, x: number): number {
  const n = edges.length;
  if (n === 0 || x < edges[0]!) return 0;
  if (x > edges[n - 1]!) return Math.max(n - 1, 0) + 1;
  if (n === 1) return 1;
  let lo = 0;
  let hi = n - 2;
  // Largest i in [0, n-2] with edges[i] <= x.
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (edges[mid]! <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/** Counts a column into a numerical state; a categorical column is read as numbers (text that is no number counts as missing). */
export function addNumerical(state: NumericalState, column: Column): void {
  const values = column.type === 'numerical' ? column.values : categoricalAsNumbers(column.codes, column.categories);
  const { counts, sums, shift } = state;
  let { missing, infinite, min, max, squares } = state;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (x !== x) {
      missing++;
      continue;
    }
    if (x === Infinity || x === -Infinity) {
      infinite++;
      continue;
    }
    const slot = gridSlotOf(state, x);
    counts[slot]! += 1;
    sums[slot]! += x;
    if (x < min) min = x;
    if (x > max) max = x;
    squares += (x - shift) * (x - shift);
  }
  state.missing = missing;
  state.infinite = infinite;
  state.min = min;
  state.max = max;
  state.squares = squares;
}

function categoricalAsNumbers(codes: Int32Array, categories: readonly string[]): Float64Array {
  const asNumber = categories.map((c) => (c.trim() === '' ? NaN : Number(c)));
  const out = new Float64Array(codes.length);
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i]!;
    out[i] = code < 0 ? NaN : (asNumber[code] ?? NaN);
  }
  return out;
}

/** Counts a column into a categorical state; numbers count as their text (`1`, `2.5`). */
export function addCategorical(state: CategoricalState, column: Column): void {
  if (column.type === 'numerical') {
    const local = new Map<number, number>();
    for (let i = 0; i < column.values.length; i++) {
      const x = column.values[i]!;
      if (x !== x) state.missing++;
      else local.set(x, (local.get(x) ?? 0) + 1);
    }
    for (const [x, c] of local) addCategoryCount(state, String(x), c);
    return;
  }
  // Codes are tallied in a typed array first: one map update per distinct value, not per row.
  const tally = new Float64Array(column.categories.length);
  let missing = 0;
  for (let i = 0; i < column.codes.length; i++) {
    const code = column.codes[i]!;
    if (code < 0 || code >= tally.length) missing++;
    else tally[code]! += 1;
  }
  state.missing += missing;
  for (let k = 0; k < tally.length; k++) if (tally[k]! > 0) addCategoryCount(state, column.categories[k]!, tally[k]!);
}

export function addCategoryCount(state: CategoricalState, value: string, c: number): void {
  const had = state.counts.get(value);
  if (had !== undefined) state.counts.set(value, had + c);
  else if (state.counts.size < sketchLimits.categories || value === otherCategory) state.counts.set(value, c);
  // Past the limit new values share one bucket, so a high-cardinality column cannot grow the sketch without bound.
  else state.counts.set(otherCategory, (state.counts.get(otherCategory) ?? 0) + c);
}
