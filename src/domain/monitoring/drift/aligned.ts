import type { ColumnSample, NumericSample } from './drift-types.js';

/**
 * Both samples' counts over the distinct values of reference ∪ current, in ascending order (numbers
 * by value, categories by text): the common ground of every method.
 */
export interface Aligned {
  numeric: boolean;
  /** Numerical columns: the distinct values. */
  values: Float64Array;
  /** Categorical columns: the distinct categories. */
  keys: string[];
  ref: Float64Array;
  cur: Float64Array;
  nRef: number;
  nCur: number;
  /** Distinct values in the reference alone. */
  refDistinct: number;
}

export function alignNumeric(r: NumericSample, c: NumericSample): Aligned {
  const rv = r.values;
  const cv = c.values;
  const rc = r.counts;
  const cc = c.counts;
  const nr = rv.length;
  const nc = cv.length;
  // Sized for no shared values; the result views the used part (no second pass, no copy).
  const values = new Float64Array(nr + nc);
  const ref = new Float64Array(nr + nc);
  const cur = new Float64Array(nr + nc);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < nr && j < nc) {
    const a = rv[i] as number;
    const b = cv[j] as number;
    if (a < b) {
      values[k] = a;
      ref[k] = rc[i++] as number;
    } else if (b < a) {
      values[k] = b;
      cur[k] = cc[j++] as number;
    } else {
      values[k] = a;
      ref[k] = rc[i++] as number;
      cur[k] = cc[j++] as number;
    }
    k++;
  }
  for (; i < nr; i++, k++) {
    values[k] = rv[i] as number;
    ref[k] = rc[i] as number;
  }
  for (; j < nc; j++, k++) {
    values[k] = cv[j] as number;
    cur[k] = cc[j] as number;
  }
  return {
    numeric: true,
    values: values.subarray(0, k),
    keys: [],
    ref: ref.subarray(0, k),
    cur: cur.subarray(0, k),
    nRef: r.total,
    nCur: c.total,
    refDistinct: nr,
  };
}

export function alignCategorical(r: Map<string, number>, c: Map<string, number>): Aligned {
  const keys = [...new Set([...r.keys(), ...c.keys()])].filter((k) => (r.get(k) ?? 0) > 0 || (c.get(k) ?? 0) > 0);
  keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const ref = new Float64Array(keys.length);
  const cur = new Float64Array(keys.length);
  let nRef = 0;
  let nCur = 0;
  keys.forEach((key, i) => {
    ref[i] = r.get(key) ?? 0;
    cur[i] = c.get(key) ?? 0;
    nRef += ref[i] as number;
    nCur += cur[i] as number;
  });
  let refDistinct = 0;
  for (const v of ref) if (v > 0) refDistinct++;
  return { numeric: false, values: new Float64Array(0), keys, ref, cur, nRef, nCur, refDistinct };
}

/** Aligns two samples of the same column type; null when the types differ. */
export function align(reference: ColumnSample, current: ColumnSample): Aligned | null {
  if (reference.type === 'numerical' && current.type === 'numerical') return alignNumeric(reference.sample, current.sample);
  if (reference.type === 'categorical' && current.type === 'categorical') return alignCategorical(reference.counts, current.counts);
  return null;
}
