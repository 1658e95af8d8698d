import type { Aligned } from './aligned.js';
import { ksAsymptotic, ksExactTwoSample } from './ks-distribution.js';
import { distanceResult, pValueResult, type MethodResult } from './method-result.js';

/** SciPy's `auto` mode is exact up to this sample size. */
const exactKsUpTo = 10000;

/** Two-sample Kolmogorov–Smirnov: D = max |F_r − F_c|; exact p-value for samples up to 10,000, else asymptotic. */
export function ks(a: Aligned): MethodResult {
  const d = ksStatistic(a);
  const m = Math.round(a.nRef);
  const n = Math.round(a.nCur);
  const p = Math.max(m, n) <= exactKsUpTo ? ksExactTwoSample(m, n, d) : ksAsymptotic(m, n, d);
  return pValueResult(d, p);
}

export function ksStatistic(a: Aligned): number {
  let fr = 0;
  let fc = 0;
  let d = 0;
  for (let i = 0; i < a.values.length; i++) {
    fr += (a.ref[i] as number) / a.nRef;
    fc += (a.cur[i] as number) / a.nCur;
    d = Math.max(d, Math.abs(fr - fc));
  }
  return Math.min(1, d);
}

/** ∫|F_r − F_c|^p dx over the merged values (p = 1: Wasserstein W₁; p = 2: the energy distance's integral). */
function cdfDistance(a: Aligned, p: 1 | 2): number {
  let fr = 0;
  let fc = 0;
  let sum = 0;
  for (let i = 0; i < a.values.length - 1; i++) {
    fr += (a.ref[i] as number) / a.nRef;
    fc += (a.cur[i] as number) / a.nCur;
    const gap = (a.values[i + 1] as number) - (a.values[i] as number);
    const diff = Math.abs(fr - fc);
    sum += (p === 1 ? diff : diff * diff) * gap;
  }
  return sum;
}

/** Population standard deviation (ddof 0) of the reference. */
export function referenceStd(a: Aligned): number {
  let mean = 0;
  for (let i = 0; i < a.values.length; i++) mean += (a.values[i] as number) * (a.ref[i] as number);
  mean /= a.nRef;
  let ss = 0;
  for (let i = 0; i < a.values.length; i++) {
    const dev = (a.values[i] as number) - mean;
    ss += dev * dev * (a.ref[i] as number);
  }
  return Math.sqrt(ss / a.nRef);
}

/** Wasserstein W₁ divided by the reference's standard deviation (at least 0.001), so the threshold is in standard deviations. */
export function wasserstein(a: Aligned): MethodResult {
  const w = cdfDistance(a, 1);
  return distanceResult(w / Math.max(referenceStd(a), 0.001), w);
}

/** Energy distance √2·√∫(F_r − F_c)² dx, in the column's own units. */
export function energy(a: Aligned): MethodResult {
  return distanceResult(Math.SQRT2 * Math.sqrt(cdfDistance(a, 2)));
}

// Scholz & Stephens (1987) Table 2 interpolation coefficients and significance levels, as SciPy uses them.
const b0 = [0.675, 1.281, 1.645, 1.96, 2.326, 2.573, 3.085];
const b1 = [-0.245, 0.25, 0.678, 1.149, 1.822, 2.364, 3.615];
const b2 = [-0.105, -0.305, -0.362, -0.391, -0.396, -0.345, -0.154];
const levels = [0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001];

/** k-sample Anderson–Darling (k = 2, midrank variant): the standardized statistic and its interpolated p-value, capped to [0.001, 0.25]. */
export function anderson(a: Aligned): MethodResult {
  const N = a.nRef + a.nCur;
  // The statistic's variance divides by (N − 1)(N − 2)(N − 3).
  if (N < 4) return { skipped: 'anderson needs at least 4 values in the two samples together' };
  const n = [a.nRef, a.nCur];
  const samples = [a.ref, a.cur];
  let a2 = 0;
  for (let s = 0; s < 2; s++) {
    const counts = samples[s] as Float64Array;
    const ni = n[s] as number;
    let below = 0; // pooled values below z_j
    let belowSample = 0;
    let inner = 0;
    for (let j = 0; j < a.values.length; j++) {
      const f = counts[j] as number;
      const lj = (a.ref[j] as number) + (a.cur[j] as number);
      const bj = below + lj / 2;
      const mij = belowSample + f / 2;
      const denominator = bj * (N - bj) - (N * lj) / 4;
      if (denominator > 0) inner += ((lj / N) * (N * mij - bj * ni) ** 2) / denominator;
      below += lj;
      belowSample += f;
    }
    a2 += inner / ni;
  }
  a2 *= (N - 1) / N;
  // Variance of the statistic under H0 (Scholz & Stephens eq. 4), with k = 2.
  const k = 2;
  const H = 1 / a.nRef + 1 / a.nCur;
  let hsum = 0; // Σ_{j=1}^{N-1} 1/j, built while summing g
  let g = 0;
  // g = Σ_{i=1}^{N-2} Σ_{j=i+1}^{N-1} 1/((N−i)·j): walk i downwards keeping the inner tail sum.
  let tail = 0;
  for (let i = N - 2; i >= 1; i--) {
    tail += 1 / (i + 1);
    g += tail / (N - i);
  }
  for (let j = 1; j <= N - 1; j++) hsum += 1 / j;
  const h = hsum;
  const ca = (4 * g - 6) * (k - 1) + (10 - 6 * g) * H;
  const cb = (2 * g - 4) * k * k + 8 * h * k + (2 * g - 14 * h - 4) * H - 8 * h + 4 * g - 6;
  const cc = (6 * h + 2 * g - 2) * k * k + (4 * h - 4 * g + 6) * k + (2 * h - 6) * H + 4 * h;
  const cd = (2 * h + 6) * k * k - 4 * h * k;
  const sigma2 = (ca * N ** 3 + cb * N ** 2 + cc * N + cd) / ((N - 1) * (N - 2) * (N - 3));
  const m = k - 1;
  const statistic = (a2 - m) / Math.sqrt(sigma2);
  const critical = b0.map((v, i) => v + (b1[i] as number) / Math.sqrt(m) + (b2[i] as number) / m);
  let p: number;
  if (statistic < Math.min(...critical)) p = 0.25;
  else if (statistic > Math.max(...critical)) p = 0.001;
  else {
    const [c0, c1, c2] = quadraticFit(critical, levels.map(Math.log));
    p = Math.exp(c0 + c1 * statistic + c2 * statistic * statistic);
  }
  return pValueResult(statistic, p);
}

/** Least-squares y ≈ c0 + c1·x + c2·x² (NumPy polyfit of degree 2), by the centred normal equations. */
export function quadraticFit(x: number[], y: number[]): [number, number, number] {
  const n = x.length;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const u = x.map((v) => v - mx);
  const s = [0, 0, 0, 0, 0];
  const t = [0, 0, 0];
  u.forEach((v, i) => {
    for (let p = 0; p < 5; p++) s[p] = (s[p] as number) + v ** p;
    for (let p = 0; p < 3; p++) t[p] = (t[p] as number) + v ** p * (y[i] as number);
  });
  const M = [
    [s[0], s[1], s[2]],
    [s[1], s[2], s[3]],
    [s[2], s[3], s[4]],
  ] as number[][];
  const [d0, d1, d2] = solve3(M, t);
  // Back from u = x − mx to x.
  return [d0 - d1 * mx + d2 * mx * mx, d1 - 2 * d2 * mx, d2];
}

function solve3(M: number[][], b: number[]): [number, number, number] {
  const det = (m: number[][]): number =>
    m[0]![0]! * (m[1]![1]! * m[2]![2]! - m[1]![2]! * m[2]![1]!) -
    m[0]![1]! * (m[1]![0]! * m[2]![2]! - m[1]![2]! * m[2]![0]!) +
    m[0]![2]! * (m[1]![0]! * m[2]![1]! - m[1]![1]! * m[2]![0]!);
  const d = det(M);
  const col = (c: number): number => det(M.map((row, i) => row.map((v, j) => (j === c ? (b[i] as number) : v))));
  return [col(0) / d, col(1) / d, col(2) / d];
}
