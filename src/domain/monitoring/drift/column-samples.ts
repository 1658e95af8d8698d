import type { Column } from '../columns.js';
import type { ColumnSample, NumericSample } from './drift-types.js';
import { sortFinite } from './sort-floats.js';

/** Collapses ascending values into distinct values with their counts. */
export function distinctSorted(sorted: Float64Array): NumericSample {
  const n = sorted.length;
  // Count first so the result arrays are allocated once at their final size.
  let distinct = 0;
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
  const values = new Float64Array(distinct);
  const counts = new Float64Array(distinct);
  let k = -1;
  let last = Number.NaN;
  for (let i = 0; i < n; i++) {
    const v = sorted[i] as number;
    if (v === last) counts[k] = (counts[k] as number) + 1;
    else {
      k++;
      values[k] = v;
      counts[k] = 1;
      last = v;
    }
  }
  return { values, counts, total: n, exact: true };
}

/** The exact sample of one column: every finite value (numerical) or every category (categorical) with its count. */
export function sampleColumn(column: Column): ColumnSample {
  if (column.type === 'numerical') {
    const { sorted, missing, infinite } = sortFinite(column.values);
    return { name: column.name, type: 'numerical', sample: distinctSorted(sorted), missing, infinite };
  }
  const tally = new Float64Array(column.categories.length);
  let missing = 0;
  for (let i = 0; i < column.codes.length; i++) {
    const code = column.codes[i] as number;
    if (code >= 0 && code < tally.length) tally[code] = (tally[code] as number) + 1;
    else missing++;
  }
  const counts = new Map<string, number>();
  let total = 0;
  for (let c = 0; c < tally.length; c++) {
    const count = tally[c] as number;
    if (count === 0) continue;
    const key = column.categories[c] as string;
    counts.set(key, (counts.get(key) ?? 0) + count);
    total += count;
  }
  return { name: column.name, type: 'categorical', counts, total, missing };
}
