import { z } from 'zod';
import type { Column, DataTable } from '../columns.js';
import type { ColumnSample } from '../drift/drift-types.js';
import { invalidArgument, invalidState } from '../../errors.js';
import { categoricalProfile, emptyNumerical, histogramBin, histogramEdges, profileQuantiles, seenCategories } from './profile.js';
import type { ColumnProfile, DatasetProfile, NumericalProfile } from './profile-types.js';
import { type SketchColumnLayout, type SketchLayout } from './sketch-layout.js';
import { addCategorical, addCategoryCount, addNumerical, emptyState, type NumericalState, type SketchState } from './sketch-state.js';

export { sketchLayout, sketchLimits, otherCategory, type SketchLayout, type SketchColumnLayout } from './sketch-layout.js';

/**
 * A mergeable summary of the rows of a window (or of the reference): per numerical column the
 * count and sum of each bin of the layout's grid (with under- and overflow), per categorical column
 * the count of each value. Adding rows and merging sketches only add numbers, so a window grows
 * run by run without keeping its predictions, and drift reads it through `samples()` with each bin
 * standing for its mean (docs/monitoring.md, "Profiles and references", gives the error bound).
 */
export class WindowSketch {
  private constructor(
    readonly layout: SketchLayout,
    private total: number,
    private readonly states: SketchState[],
  ) {}

  static empty(layout: SketchLayout): WindowSketch {
    return new WindowSketch(layout, 0, layout.columns.map(emptyState));
  }

  /** Reads what `toJSON` wrote for the same layout; anything else is INVALID_ARGUMENT. */
  static fromJSON(layout: SketchLayout, json: unknown): WindowSketch {
    const parsed = sketchJson.safeParse(json);
    if (!parsed.success) throw invalidArgument(`sketch: not a window sketch (${parsed.error.issues[0]?.path.join('.') ?? ''}: ${parsed.error.issues[0]?.message ?? ''})`);
    const { rows, columns } = parsed.data;
    if (columns.length !== layout.columns.length) throw invalidArgument(`sketch: ${columns.length} columns, the layout has ${layout.columns.length}`);
    const states = layout.columns.map((col, i): SketchState => {
      const stored = columns[i]!;
      if (stored.name !== col.name || stored.type !== col.type) throw invalidArgument(`sketch: column ${i} is '${stored.name}' (${stored.type}), the layout says '${col.name}' (${col.type})`);
      if (stored.type === 'categorical') return { type: 'categorical', counts: new Map(stored.values), missing: stored.missing };
      const state = emptyState(col) as NumericalState;
      if (stored.counts.length !== state.counts.length || stored.sums.length !== state.sums.length) throw invalidArgument(`sketch: column '${col.name}' has ${stored.counts.length} bins, the layout ${state.counts.length}`);
      state.counts.set(stored.counts);
      state.sums.set(stored.sums);
      state.missing = stored.missing;
      state.infinite = stored.infinite;
      state.min = stored.min ?? Infinity;
      state.max = stored.max ?? -Infinity;
      state.squares = stored.squares;
      return state;
    });
    return new WindowSketch(layout, rows, states);
  }

  /** Rows added so far. */
  get rows(): number {
    return this.total;
  }

  /** Counts a table's rows. Columns match by name; a layout column the table lacks counts nothing, extra table columns are ignored. */
  add(table: DataTable): this {
    const byName = new Map<string, Column>();
    for (const column of table.columns) byName.set(column.name, column);
    this.layout.columns.forEach((layout, i) => {
      const column = byName.get(layout.name);
      if (!column) return;
      const state = this.states[i]!;
      if (state.type === 'numerical') addNumerical(state, column);
      else addCategorical(state, column);
    });
    this.total += table.rows;
    return this;
  }

  /** Adds another sketch of the same layout into this one. */
  merge(other: WindowSketch): this {
    if (other.layout !== this.layout && !sameLayout(other.layout, this.layout)) throw invalidState('Cannot merge window sketches of different layouts');
    this.states.forEach((state, i) => {
      const theirs = other.states[i]!;
      if (state.type === 'numerical' && theirs.type === 'numerical') {
        for (let j = 0; j < state.counts.length; j++) {
          state.counts[j]! += theirs.counts[j]!;
          state.sums[j]! += theirs.sums[j]!;
        }
        state.missing += theirs.missing;
        state.infinite += theirs.infinite;
        state.min = Math.min(state.min, theirs.min);
        state.max = Math.max(state.max, theirs.max);
        state.squares += theirs.squares;
      } else if (state.type === 'categorical' && theirs.type === 'categorical') {
        for (const [value, c] of theirs.counts) addCategoryCount(state, value, c);
        state.missing += theirs.missing;
      }
    });
    this.total += other.total;
    return this;
  }

  /** The columns as drift methods read them: numerical ones as bin means with counts (`exact: false`). */
  samples(): ColumnSample[] {
    return this.layout.columns.map((layout, i): ColumnSample => {
      const state = this.states[i]!;
      if (state.type === 'categorical') {
        let total = 0;
        for (const c of state.counts.values()) total += c;
        return { name: layout.name, type: 'categorical', counts: new Map(state.counts), total, missing: state.missing };
      }
      const { values, counts, total } = binMeans(layout as Extract<SketchColumnLayout, { type: 'numerical' }>, state);
      return { name: layout.name, type: 'numerical', sample: { values, counts, total, exact: false }, missing: state.missing, infinite: state.infinite };
    });
  }

  /** The profile of the sketched rows; quantiles and histogram are read off the bins (approximate). */
  profile(reference?: DatasetProfile): DatasetProfile {
    const seen = reference ? seenCategories(reference) : null;
    const columns = this.layout.columns.map((layout, i): ColumnProfile => {
      const state = this.states[i]!;
      if (state.type === 'numerical') return numericalProfile(layout as Extract<SketchColumnLayout, { type: 'numerical' }>, state);
      let known: Set<string> | null = null;
      if (seen && layout.type === 'categorical') {
        // The layout lists up to 1,000 reference values, the reference profile only 50: the union is the better "seen" set.
        known = new Set([...(seen.get(layout.name) ?? []), ...layout.categories]);
      }
      return categoricalProfile(layout.name, state.counts, state.missing, known);
    });
    return { rows: this.total, columns };
  }

  toJSON(): unknown {
    return {
      rows: this.total,
      columns: this.layout.columns.map((layout, i) => {
        const state = this.states[i]!;
        if (state.type === 'categorical') return { name: layout.name, type: 'categorical', values: [...state.counts], missing: state.missing };
        return {
          name: layout.name,
          type: 'numerical',
          counts: Array.from(state.counts),
          sums: Array.from(state.sums),
          missing: state.missing,
          infinite: state.infinite,
          // ±Infinity is not JSON: an empty column stores null.
          min: Number.isFinite(state.min) ? state.min : null,
          max: Number.isFinite(state.max) ? state.max : null,
          squares: state.squares,
        };
      }),
    };
  }
}

function sameLayout(a: SketchLayout, b: SketchLayout): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Non-empty slots as (mean, count), ascending; a mean is clamped into its bin so neighbours never swap. */
function binMeans(layout: Extract<SketchColumnLayout, { type: 'numerical' }>, state: NumericalState): { values: Float64Array; counts: Float64Array; total: number } {
  const values: number[] = [];
  const counts: number[] = [];
  let total = 0;
  for (let j = 0; j < state.counts.length; j++) {
    const c = state.counts[j]!;
    if (c <= 0) continue;
    const [lo, hi] = slotBounds(layout.edges, state, j);
    const mean = Math.min(hi, Math.max(lo, state.sums[j]! / c));
    total += c;
    const last = values.length - 1;
    if (last >= 0 && mean <= values[last]!) {
      // Rounding put two means on one point: they become one weighted value.
      values[last] = (values[last]! * counts[last]! + mean * c) / (counts[last]! + c);
      counts[last]! += c;
    } else {
      values.push(mean);
      counts.push(c);
    }
  }
  return { values: Float64Array.from(values), counts: Float64Array.from(counts), total };
}

/** What a slot can hold: under- and overflow reach out to the column's min and max. */
function slotBounds(edges: readonly number[], state: NumericalState, slot: number): [number, number] {
  const last = state.counts.length - 1;
  if (edges.length === 0) return [state.min, state.max];
  if (slot === 0) return [state.min, edges[0]!];
  if (slot === last) return [edges[edges.length - 1]!, state.max];
  return [Math.max(edges[slot - 1]!, state.min), Math.min(edges[slot]!, state.max)];
}

function numericalProfile(layout: Extract<SketchColumnLayout, { type: 'numerical' }>, state: NumericalState): NumericalProfile {
  const { values, counts, total } = binMeans(layout, state);
  if (total === 0) return emptyNumerical(layout.name, state.missing, state.infinite);
  let sum = 0;
  for (let j = 0; j < state.sums.length; j++) sum += state.sums[j]!;
  const mean = sum / total;
  // Squares were summed around the layout's shift; moving them to the mean is exact algebra.
  const variance = Math.max(0, state.squares / total - (mean - layout.shift) ** 2);
  const edges = histogramEdges(state.min, state.max);
  const histogram = new Array<number>(edges.length - 1).fill(0);
  for (let j = 0; j < values.length; j++) histogram[histogramBin(edges, values[j]!)]! += counts[j]!;
  return {
    name: layout.name,
    type: 'numerical',
    count: total,
    missing: state.missing,
    infinite: state.infinite,
    mean,
    std: Math.sqrt(variance),
    min: state.min,
    max: state.max,
    quantiles: profileQuantiles.map((q) => ({ q, value: slotQuantile(layout, state, q, total) })),
    histogram: { edges, counts: histogram },
  };
}

/** The q-quantile, interpolated linearly inside the slot that holds its rank (a discrete bin answers its mean). */
function slotQuantile(layout: Extract<SketchColumnLayout, { type: 'numerical' }>, state: NumericalState, q: number, total: number): number {
  const rank = q * (total - 1);
  let before = 0;
  for (let j = 0; j < state.counts.length; j++) {
    const c = state.counts[j]!;
    if (c <= 0) continue;
    if (rank < before + c) {
      const [lo, hi] = slotBounds(layout.edges, state, j);
      if (layout.discrete && j > 0 && j < state.counts.length - 1) return Math.min(hi, Math.max(lo, state.sums[j]! / c));
      const fraction = Math.min(1, Math.max(0, (rank - before + 0.5) / c));
      return lo + fraction * (hi - lo);
    }
    before += c;
  }
  return state.max;
}

const sketchJson = z.object({
  rows: z.number().nonnegative(),
  columns: z.array(
    z.discriminatedUnion('type', [
      z.object({
        name: z.string(),
        type: z.literal('numerical'),
        counts: z.array(z.number()),
        sums: z.array(z.number()),
        missing: z.number(),
        infinite: z.number(),
        min: z.number().nullable(),
        max: z.number().nullable(),
        squares: z.number(),
      }),
      z.object({ name: z.string(), type: z.literal('categorical'), values: z.array(z.tuple([z.string(), z.number()])), missing: z.number() }),
    ]),
  ),
});
