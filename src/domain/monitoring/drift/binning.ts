import type { Aligned } from './aligned.js';

/** Bin proportions of both samples, as Evidently's `get_binned_data` makes them (methods sheet §3). */
export interface Binned {
  ref: Float64Array;
  cur: Float64Array;
}

/**
 * NumPy's Sturges edges over [min, max]: width = range/(log₂N + 1), bins = ⌈range/width⌉, edges
 * spaced as `linspace` spaces them (start + i·step, the last edge exactly max).
 */
export function sturgesEdges(min: number, max: number, size: number): Float64Array {
  if (!(max > min)) return Float64Array.of(min - 0.5, max + 0.5);
  const range = max - min;
  const width = range / (Math.log2(size) + 1);
  const bins = Math.max(1, Math.ceil(range / width));
  const edges = new Float64Array(bins + 1);
  const step = range / bins;
  for (let i = 0; i < bins; i++) edges[i] = i * step + min;
  edges[bins] = max;
  return edges;
}

/** Counts of ascending `values` (weighted by `counts`) per bin: half-open bins, the last one closed. */
export function histogram(values: Float64Array, counts: Float64Array, edges: Float64Array): Float64Array {
  const bins = edges.length - 1;
  const out = new Float64Array(bins);
  let b = 0;
  const last = edges[bins] as number;
  for (let i = 0; i < values.length; i++) {
    const w = counts[i] as number;
    if (w === 0) continue;
    const v = values[i] as number;
    if (v < (edges[0] as number) || v > last) continue;
    while (b < bins - 1 && v >= (edges[b + 1] as number)) b++;
    out[b] = (out[b] as number) + w;
  }
  return out;
}

/** Proportions per bin: Sturges bins for numbers with more than 20 distinct reference values, else one bin per value. */
export function binProportions(a: Aligned): Binned {
  if (a.numeric && a.refDistinct > 20) {
    const edges = sturgesEdges(a.values[0] as number, a.values[a.values.length - 1] as number, a.nRef + a.nCur);
    const ref = histogram(a.values, a.ref, edges);
    const cur = histogram(a.values, a.cur, edges);
    return { ref: scale(ref, 1 / a.nRef), cur: scale(cur, 1 / a.nCur) };
  }
  return { ref: scale(a.ref.slice(), 1 / a.nRef), cur: scale(a.cur.slice(), 1 / a.nCur) };
}

const scale = (v: Float64Array, f: number): Float64Array => {
  for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) * f;
  return v;
};

/** Replaces zeros by ε: the smallest non-zero share / 10⁶ when that share is at most 0.0001, else 0.0001 (each vector on its own). */
export function zeroFill(p: Float64Array): Float64Array {
  let smallest = Infinity;
  for (const v of p) if (v > 0 && v < smallest) smallest = v;
  const eps = smallest <= 0.0001 ? smallest / 1e6 : 0.0001;
  return p.map((v) => (v === 0 ? eps : v));
}
