import type { Aligned } from './aligned.js';
import { pValueResult, type MethodResult } from './method-result.js';
import { chiSquareSf, logChoose, normalSf } from './special-functions.js';

/** Pearson χ² of current counts against reference shares scaled to the current size; df = values − 1. */
export function chiSquare(a: Aligned): MethodResult {
  return powerDivergence(a, (o, e) => ((o - e) * (o - e)) / e);
}

/** G-test (log-likelihood ratio), the same expected counts as χ². */
export function gTest(a: Aligned): MethodResult {
  return powerDivergence(a, (o, e) => (o === 0 ? 0 : 2 * o * Math.log(o / e)));
}

function powerDivergence(a: Aligned, term: (observed: number, expected: number) => number): MethodResult {
  const scale = a.nCur / a.nRef;
  let stat = 0;
  for (let i = 0; i < a.ref.length; i++) {
    const o = a.cur[i] as number;
    const e = (a.ref[i] as number) * scale;
    // A value the reference never had: expected 0, so the statistic is infinite and p = 0.
    if (e === 0) {
      if (o > 0) stat = Infinity;
      continue;
    }
    stat += term(o, e);
  }
  const df = a.ref.length - 1;
  return pValueResult(stat, chiSquareSf(stat, df));
}

const binaryOnly = (a: Aligned, method: string): MethodResult | null =>
  a.ref.length > 2 ? { skipped: `${method} needs a binary column; this one has ${a.ref.length} distinct values` } : null;

/** Two-proportion z-test: the first value in sorted order counts as 0, the other as 1. */
export function zTest(a: Aligned): MethodResult {
  const notBinary = binaryOnly(a, 'z');
  if (notBinary !== null) return notBinary;
  if (a.ref.length < 2) return pValueResult(0, 1);
  const p1 = (a.ref[1] as number) / a.nRef;
  const p2 = (a.cur[1] as number) / a.nCur;
  const pooled = (p1 * a.nRef + p2 * a.nCur) / (a.nRef + a.nCur);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.nRef + 1 / a.nCur));
  if (se === 0) return pValueResult(0, 1);
  const z = (p1 - p2) / se;
  return pValueResult(z, Math.min(1, 2 * normalSf(Math.abs(z))));
}

/** Fisher's exact test on the 2×2 table (sample × value), two-sided: tables no likelier than the observed one. */
export function fisherExact(a: Aligned): MethodResult {
  const notBinary = binaryOnly(a, 'fisher_exact');
  if (notBinary !== null) return notBinary;
  if (a.ref.length < 2) return pValueResult(1, 1);
  const r0 = a.ref[0] as number;
  const r1 = a.ref[1] as number;
  const c0 = a.cur[0] as number;
  const c1 = a.cur[1] as number;
  const rowRef = r0 + r1;
  const rowCur = c0 + c1;
  const col0 = r0 + c0;
  const logPmf = (x: number): number => logChoose(rowRef, x) + logChoose(rowCur, col0 - x) - logChoose(rowRef + rowCur, col0);
  const observed = logPmf(r0);
  let p = 0;
  const lo = Math.max(0, col0 - rowCur);
  const hi = Math.min(rowRef, col0);
  // Same relative tolerance SciPy uses so tables equal to the observed one up to rounding count.
  const cutoff = observed + Math.log1p(1e-7);
  for (let x = lo; x <= hi; x++) {
    const lp = logPmf(x);
    if (lp <= cutoff) p += Math.exp(lp);
  }
  const oddsRatio = r1 * c0 === 0 ? (r0 * c1 === 0 ? Number.NaN : Infinity) : (r0 * c1) / (r1 * c0);
  return pValueResult(Number.isNaN(oddsRatio) ? null : oddsRatio, Math.min(1, p));
}

const permutations = 1000;

/** Total variation distance ½Σ|r_i − c_i| over value shares. */
export function totalVariation(ref: ArrayLike<number>, cur: ArrayLike<number>, nRef: number, nCur: number): number {
  let sum = 0;
  for (let i = 0; i < ref.length; i++) sum += Math.abs((ref[i] as number) / nRef - (cur[i] as number) / nCur);
  return sum / 2;
}

/**
 * TVD with a permutation p-value (as Evidently): the share of 1,000 random relabellings of the pooled
 * data whose TVD reaches the observed one. Seeded, so one input always gives one answer. Large samples
 * draw each relabelling's counts from the normal approximation of the multivariate hypergeometric.
 */
export function tvd(a: Aligned): MethodResult {
  const observed = totalVariation(a.ref, a.cur, a.nRef, a.nCur);
  const random = mulberry32(0x5eed);
  const pooled = a.ref.map((r, i) => r + (a.cur[i] as number));
  const total = a.nRef + a.nCur;
  const draws = Math.min(a.nRef, a.nCur);
  const drawIsRef = a.nRef <= a.nCur;
  const exact = draws <= 20000;
  const labels = exact ? expand(pooled, total) : null;
  let reached = 0;
  const drawn = new Float64Array(pooled.length);
  for (let it = 0; it < permutations; it++) {
    drawn.fill(0);
    if (labels !== null) {
      for (let i = 0; i < draws; i++) {
        const j = i + Math.floor(random() * (total - i));
        const t = labels[i] as number;
        labels[i] = labels[j] as number;
        labels[j] = t;
        drawn[labels[i] as number] = (drawn[labels[i] as number] as number) + 1;
      }
    } else {
      let left = total;
      let need = draws;
      for (let k = 0; k < pooled.length && need > 0; k++) {
        const ak = pooled[k] as number;
        const share = ak / left;
        const mean = need * share;
        const sd = left > 1 ? Math.sqrt((need * share * (1 - share) * (left - need)) / (left - 1)) : 0;
        const x = Math.round(mean + sd * gaussian(random));
        const got = Math.min(ak, need, Math.max(0, need - (left - ak), x));
        drawn[k] = got;
        need -= got;
        left -= ak;
      }
    }
    const rest = pooled.map((p, k) => p - (drawn[k] as number));
    const value = drawIsRef ? totalVariation(drawn, rest, a.nRef, a.nCur) : totalVariation(rest, drawn, a.nRef, a.nCur);
    if (value >= observed - 1e-12) reached++;
  }
  return pValueResult(observed, reached / permutations);
}

function expand(pooled: Float64Array, total: number): Int32Array {
  const labels = new Int32Array(total);
  let at = 0;
  pooled.forEach((count, k) => {
    labels.fill(k, at, at + count);
    at += count;
  });
  return labels;
}

function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(random: () => number): number {
  const u = Math.max(random(), 1e-300);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
