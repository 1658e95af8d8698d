import type { Aligned } from './aligned.js';
import { binProportions, histogram, sturgesEdges, zeroFill } from './binning.js';
import { distanceResult, type MethodResult } from './method-result.js';

/** Population stability index Σ(r − c)·ln(r/c) over zero-filled bins (not re-normalised). */
export function psi(a: Aligned): MethodResult {
  const { ref, cur } = binProportions(a);
  const r = zeroFill(ref);
  const c = zeroFill(cur);
  let sum = 0;
  for (let i = 0; i < r.length; i++) sum += ((r[i] as number) - (c[i] as number)) * Math.log((r[i] as number) / (c[i] as number));
  return distanceResult(sum);
}

const normalise = (p: Float64Array): Float64Array => {
  const total = p.reduce((s, v) => s + v, 0);
  return p.map((v) => v / total);
};

/** KL(r‖c), natural log, over zero-filled bins re-normalised to sum to 1 (as SciPy's `entropy`). */
export function klDivergence(a: Aligned): MethodResult {
  const { ref, cur } = binProportions(a);
  const r = normalise(zeroFill(ref));
  const c = normalise(zeroFill(cur));
  let sum = 0;
  for (let i = 0; i < r.length; i++) if ((r[i] as number) > 0) sum += (r[i] as number) * Math.log((r[i] as number) / (c[i] as number));
  return distanceResult(sum);
}

/** Jensen–Shannon distance, natural log (at most √ln 2), over bins without zero-fill. */
export function jensenShannon(a: Aligned): MethodResult {
  const { ref, cur } = binProportions(a);
  const r = normalise(ref);
  const c = normalise(cur);
  let kr = 0;
  let kc = 0;
  for (let i = 0; i < r.length; i++) {
    const m = ((r[i] as number) + (c[i] as number)) / 2;
    if ((r[i] as number) > 0) kr += (r[i] as number) * Math.log((r[i] as number) / m);
    if ((c[i] as number) > 0) kc += (c[i] as number) * Math.log((c[i] as number) / m);
  }
  return distanceResult(Math.sqrt(Math.max(0, (kr + kc) / 2)));
}

/**
 * Hellinger distance √(1 − BC). Categorical: over value shares. Numerical: Sturges bins built from
 * the distinct values of reference ∪ current (their count sets the bin number), density histograms.
 */
export function hellinger(a: Aligned): MethodResult {
  let bc = 0;
  if (a.numeric) {
    const edges = sturgesEdges(a.values[0] as number, a.values[a.values.length - 1] as number, a.values.length);
    const r = histogram(a.values, a.ref, edges);
    const c = histogram(a.values, a.cur, edges);
    for (let i = 0; i < r.length; i++) bc += Math.sqrt(((r[i] as number) / a.nRef) * ((c[i] as number) / a.nCur));
  } else {
    for (let i = 0; i < a.ref.length; i++) bc += Math.sqrt(((a.ref[i] as number) / a.nRef) * ((a.cur[i] as number) / a.nCur));
  }
  bc = Math.min(1, Math.max(0, bc));
  return distanceResult(Math.sqrt(1 - bc));
}
