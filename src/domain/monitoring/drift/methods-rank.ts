import type { Aligned } from './aligned.js';
import { pValueResult, type MethodResult } from './method-result.js';
import { besselKScaled, logGamma, normalSf, studentTwoSided } from './special-functions.js';

/**
 * Mann–Whitney U, two-sided. Like SciPy's `auto`: the exact null distribution when there are no ties
 * and either sample has at most 8 values, else the normal approximation with tie and continuity corrections.
 */
export function mannWhitney(a: Aligned): MethodResult {
  const n1 = a.nRef;
  const n2 = a.nCur;
  const N = n1 + n2;
  let below = 0;
  let r1 = 0;
  let ties = 0;
  for (let j = 0; j < a.values.length; j++) {
    const t = (a.ref[j] as number) + (a.cur[j] as number);
    r1 += (a.ref[j] as number) * (below + (t + 1) / 2);
    ties += t * t * t - t;
    below += t;
  }
  const u1 = r1 - (n1 * (n1 + 1)) / 2;
  const u = Math.max(u1, n1 * n2 - u1);
  if (ties === 0 && (n1 <= 8 || n2 <= 8)) return pValueResult(u1, Math.min(1, 2 * exactUSf(u, Math.min(n1, n2), Math.max(n1, n2))));
  const sigma = Math.sqrt(((n1 * n2) / 12) * (N + 1 - ties / (N * (N - 1))));
  if (sigma === 0) return pValueResult(u1, 1);
  const z = (u - (n1 * n2) / 2 - 0.5) / sigma;
  return pValueResult(u1, Math.min(1, 2 * normalSf(z)));
}

/** P(U >= u) for sample sizes m <= n without ties, from the generating function Π (1 − q^{n+i})/(1 − q^i). */
function exactUSf(u: number, m: number, n: number): number {
  const size = m * n + 1;
  let poly = new Float64Array(size);
  poly[0] = 1;
  for (let i = 1; i <= m; i++) {
    // multiply by (1 − q^{n+i}), then divide by (1 − q^i)
    const next = poly.slice();
    for (let e = size - 1; e >= n + i; e--) next[e] = (next[e] as number) - (poly[e - n - i] as number);
    for (let e = i; e < size; e++) next[e] = (next[e] as number) + (next[e - i] as number);
    poly = next;
  }
  let total = 0;
  let tail = 0;
  for (let e = 0; e < size; e++) {
    total += poly[e] as number;
    if (e >= u) tail += poly[e] as number;
  }
  return tail / total;
}

/** Welch's t-test (unequal variances), two-sided. */
export function welchT(a: Aligned): MethodResult {
  if (a.nRef < 2 || a.nCur < 2) return { skipped: 't_test needs at least 2 values in each sample' };
  const moments = (counts: Float64Array, n: number): [number, number] => {
    let mean = 0;
    for (let i = 0; i < a.values.length; i++) mean += (a.values[i] as number) * (counts[i] as number);
    mean /= n;
    let ss = 0;
    for (let i = 0; i < a.values.length; i++) ss += ((a.values[i] as number) - mean) ** 2 * (counts[i] as number);
    return [mean, ss / (n - 1)];
  };
  const [m1, v1] = moments(a.ref, a.nRef);
  const [m2, v2] = moments(a.cur, a.nCur);
  const s1 = v1 / a.nRef;
  const s2 = v2 / a.nCur;
  const se = Math.sqrt(s1 + s2);
  // Two constant samples: equal means cannot differ, different ones differ for sure.
  if (se === 0) return pValueResult(m1 === m2 ? 0 : Math.sign(m1 - m2) * Infinity, m1 === m2 ? 1 : 0);
  const t = (m1 - m2) / se;
  const df = (s1 + s2) ** 2 / (s1 ** 2 / (a.nRef - 1) + s2 ** 2 / (a.nCur - 1));
  return pValueResult(t, studentTwoSided(t, df));
}

/**
 * Two-sample Cramér–von Mises with midranks. Like SciPy's `auto`: the exact null distribution when
 * neither sample has more than 20 values, else the limiting distribution of the standardized statistic.
 */
export function cramerVonMises(a: Aligned): MethodResult {
  const nx = a.nRef;
  const ny = a.nCur;
  const N = nx + ny;
  let below = 0;
  let bx = 0;
  let by = 0;
  let sx = 0;
  let sy = 0;
  // Σ_{i=p+1}^{p+c} (R − i)² with D = R − p − 1: c·D² − D·c(c−1) + (c−1)c(2c−1)/6.
  const block = (rank: number, p: number, c: number): number => {
    const d = rank - p - 1;
    return c * d * d - d * c * (c - 1) + ((c - 1) * c * (2 * c - 1)) / 6;
  };
  for (let j = 0; j < a.values.length; j++) {
    const cx = a.ref[j] as number;
    const cy = a.cur[j] as number;
    const rank = below + (cx + cy + 1) / 2;
    if (cx > 0) sx += block(rank, bx, cx);
    if (cy > 0) sy += block(rank, by, cy);
    bx += cx;
    by += cy;
    below += cx + cy;
  }
  const k = nx * ny;
  const u = nx * sx + ny * sy;
  const t = u / (k * N) - (4 * k - 1) / (6 * N);
  if (Math.max(nx, ny) <= exactCvmUpTo) return pValueResult(t, exactCvmSf(u, nx, ny));
  const et = (1 + 1 / N) / 6;
  const vt = ((N + 1) * (4 * k * N - 3 * (nx * nx + ny * ny) - 2 * k)) / (45 * N * N * 4 * k);
  const tn = 1 / 6 + (t - et) / Math.sqrt(45 * vt);
  const p = tn < 0.003 ? 1 : Math.max(0, 1 - cvmLimitCdf(tn));
  return pValueResult(t, Math.min(1, p));
}

/** CDF of the limiting Cramér–von Mises distribution (Csörgő & Faraway's series with K_{1/4}). */
export function cvmLimitCdf(x: number): number {
  let total = 0;
  for (let k = 0; k < 1000; k++) {
    const u = Math.exp(logGamma(k + 0.5) - logGamma(k + 1)) / (Math.PI ** 1.5 * Math.sqrt(x));
    const y = 4 * k + 1;
    const q = (y * y) / (16 * x);
    // e^{-q}·K(q) = e^{-2q}·(e^{q}K(q))
    const term = u * Math.sqrt(y) * Math.exp(-2 * q) * besselKScaled(0.25, q);
    total += term;
    if (Math.abs(term) < 1e-7) break;
  }
  return total;
}

const exactCvmUpTo = 20;

/**
 * P(U >= u) over all C(N, nx) equally likely placements of the samples' ranks, by walking ranks 1..N
 * and keeping, per count of x values placed, the distribution of the partial sum of U.
 */
function exactCvmSf(u: number, nx: number, ny: number): number {
  const N = nx + ny;
  let states: Array<Map<number, number>> = [new Map([[0, 1]])];
  for (let p = 1; p <= N; p++) {
    const next: Array<Map<number, number>> = [];
    states.forEach((sums, i) => {
      const j = p - 1 - i;
      const add = (to: number, sum: number, count: number): void => {
        const m = next[to] ?? new Map<number, number>();
        next[to] = m;
        m.set(sum, (m.get(sum) ?? 0) + count);
      };
      for (const [sum, count] of sums) {
        if (i < nx) add(i + 1, sum + nx * (p - i - 1) ** 2, count);
        if (j < ny) add(i, sum + ny * (p - j - 1) ** 2, count);
      }
    });
    states = next;
  }
  let total = 0;
  let tail = 0;
  for (const [sum, count] of states[nx] ?? new Map<number, number>()) {
    total += count;
    // U is an integer without ties; midranks can make the observed one fractional.
    if (sum >= u - 1e-9) tail += count;
  }
  return total === 0 ? 1 : tail / total;
}
