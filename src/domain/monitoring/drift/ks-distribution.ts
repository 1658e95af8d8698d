import { logChoose, logGamma } from './special-functions.js';

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * Exact two-sided p-value P(D >= d) of the two-sample KS statistic for samples of sizes m and n
 * (no ties), as SciPy's `exact` mode computes it. Equal sizes: the reflection formula summed
 * Horner-style; otherwise the probability of a random lattice path staying strictly inside the band.
 */
export function ksExactTwoSample(m: number, n: number, d: number): number {
  const g = gcd(m, n);
  const lcm = (m / g) * n;
  const h = Math.round(d * lcm);
  if (h === 0) return 1;
  if (m === n) return outsideSquare(n, h);
  return 1 - insideBand(m, n, g, h);
}

function outsideSquare(n: number, h: number): number {
  let p = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    p = p1 * (1 - p);
  }
  return Math.min(1, Math.max(0, 2 * p));
}

/**
 * Probability that a uniformly random path of m right-steps and n up-steps keeps |x·n/g − y·m/g| < h,
 * walking the lattice with the steps' conditional probabilities so nothing overflows.
 */
function insideBand(m: number, n: number, g: number, h: number): number {
  const mg = m / g;
  const ng = n / g;
  let prev = new Float64Array(n + 1);
  let next = new Float64Array(n + 1);
  const inside = (x: number, y: number): boolean => Math.abs(x * ng - y * mg) < h;
  prev[0] = 1;
  // Column x = 0: up-steps only.
  for (let y = 1; y <= n; y++) prev[y] = inside(0, y) ? (prev[y - 1] as number) * ((n - y + 1) / (m + n - y + 1)) : 0;
  for (let x = 1; x <= m; x++) {
    // The band at column x spans y with |x·ng − y·mg| < h.
    const lowY = Math.max(0, Math.floor((x * ng - h) / mg));
    const highY = Math.min(n, Math.ceil((x * ng + h) / mg));
    next.fill(0, Math.max(0, lowY - 1), Math.min(n + 1, highY + 2));
    for (let y = lowY; y <= highY; y++) {
      if (!inside(x, y)) continue;
      const steps = m + n - (x - 1) - y; // remaining steps before the right-step into (x, y)
      let p = (prev[y] as number) * ((m - x + 1) / steps);
      if (y > 0) p += (next[y - 1] as number) * ((n - y + 1) / (m + n - x - y + 1));
      next[y] = p;
    }
    [prev, next] = [next, prev];
    if (lowY > 0) prev.fill(0, 0, lowY);
    if (highY < n) prev.fill(0, highY + 1, n + 1);
  }
  return prev[n] as number;
}

/**
 * SciPy's `asymp` mode: the one-sample Kolmogorov distribution `kstwo.sf(d, round(m·n/(m+n)))`.
 * Exact formulas where they exist; Durbin's matrix method (Marsaglia–Tsang–Wang) while its matrix
 * stays small; Smirnov's exact one-sided tail doubled in the far tail; otherwise the Kolmogorov limit
 * at the Stephens-corrected argument (√n + 0.12 + 0.11/√n)·d.
 */
export function ksAsymptotic(m: number, n: number, d: number): number {
  const en = Math.round((m * n) / (m + n));
  return kolmogorovSf(en, d);
}

export function kolmogorovSf(n: number, x: number): number {
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const t = n * x;
  if (t <= 0.5) return 1;
  if (t <= 1) {
    // P(D <= x) = n!/n^n · (2t − 1)^n for 1/(2n) <= x <= 1/n
    const logCdf = logGamma(n + 1) - n * Math.log(n) + n * Math.log(2 * t - 1);
    return 1 - Math.exp(logCdf);
  }
  if (t >= n - 1) return 2 * Math.pow(1 - x, n);
  if (x >= 0.5) return Math.min(1, 2 * smirnovSf(n, x));
  const nx2 = t * x;
  if (n <= 140) {
    if (nx2 <= 4) return clip(1 - durbinCdf(n, x));
    return clip(2 * smirnovSf(n, x));
  }
  if (nx2 >= 370) return 0;
  if (nx2 >= 2.2) return clip(2 * smirnovSf(n, x));
  if (2 * Math.floor(t) + 1 <= 160) return clip(1 - durbinCdf(n, x));
  return clip(kolmogorovLimitSf((Math.sqrt(n) + 0.12 + 0.11 / Math.sqrt(n)) * x));
}

const clip = (p: number): number => Math.min(1, Math.max(0, p));

/** P(K > x) for the limiting Kolmogorov distribution. */
export function kolmogorovLimitSf(x: number): number {
  if (x <= 0) return 1;
  if (x < 1) {
    // The alternating series converges slowly here; use the theta-function form of the CDF.
    const q = Math.exp((-Math.PI * Math.PI) / (8 * x * x));
    let sum = 0;
    for (let k = 1; k < 50; k += 2) sum += Math.pow(q, k * k);
    return clip(1 - (Math.sqrt(2 * Math.PI) / x) * sum);
  }
  let sum = 0;
  for (let k = 1; k < 100; k++) {
    const term = Math.exp(-2 * k * k * x * x);
    sum += (k % 2 === 1 ? 1 : -1) * term;
    if (term < 1e-18) break;
  }
  return clip(2 * sum);
}

/** Smirnov's one-sided P(D⁺ >= x), exact (Birnbaum–Tingey), summed in logs. */
export function smirnovSf(n: number, x: number): number {
  let sum = 0;
  const last = Math.floor(n * (1 - x));
  for (let j = 0; j <= last; j++) {
    const a = x + j / n;
    const b = 1 - a;
    if (b <= 0 && n - j > 0) continue;
    const logTerm = logChoose(n, j) + (j - 1) * Math.log(a) + (n - j > 0 ? (n - j) * Math.log(b) : 0);
    sum += Math.exp(logTerm);
  }
  return clip(x * sum);
}

/** P(D_n < x) by Durbin's matrix formula, with the power taken by repeated squaring and the exponent tracked apart. */
function durbinCdf(n: number, x: number): number {
  const k = Math.floor(n * x) + 1;
  const size = 2 * k - 1;
  const h = k - n * x;
  const H = new Float64Array(size * size);
  for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) H[i * size + j] = i - j + 1 >= 0 ? 1 : 0;
  for (let i = 0; i < size; i++) {
    H[i * size] = (H[i * size] as number) - Math.pow(h, i + 1);
    H[(size - 1) * size + i] = (H[(size - 1) * size + i] as number) - Math.pow(h, size - i);
  }
  H[(size - 1) * size] = (H[(size - 1) * size] as number) + (2 * h - 1 > 0 ? Math.pow(2 * h - 1, size) : 0);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      if (i - j + 1 > 0) for (let g = 1; g <= i - j + 1; g++) H[i * size + j] = (H[i * size + j] as number) / g;
    }
  }
  const { matrix, exponent } = matrixPower(H, size, n);
  let s = matrix[(k - 1) * size + (k - 1)] as number;
  let e = exponent;
  for (let i = 1; i <= n; i++) {
    s = (s * i) / n;
    if (s < 1e-140) {
      s *= 1e140;
      e -= 140;
    }
  }
  return s * Math.pow(10, e);
}

function multiply(a: Float64Array, b: Float64Array, size: number): Float64Array {
  const c = new Float64Array(size * size);
  for (let i = 0; i < size; i++) {
    for (let k = 0; k < size; k++) {
      const aik = a[i * size + k] as number;
      if (aik === 0) continue;
      for (let j = 0; j < size; j++) c[i * size + j] = (c[i * size + j] as number) + aik * (b[k * size + j] as number);
    }
  }
  return c;
}

function matrixPower(base: Float64Array, size: number, power: number): { matrix: Float64Array; exponent: number } {
  if (power === 1) return { matrix: base, exponent: 0 };
  const half = matrixPower(base, size, Math.floor(power / 2));
  let matrix = multiply(half.matrix, half.matrix, size);
  let exponent = 2 * half.exponent;
  if (power % 2 === 1) matrix = multiply(base, matrix, size);
  const middle = matrix[Math.floor(size / 2) * size + Math.floor(size / 2)] as number;
  if (middle > 1e140) {
    for (let i = 0; i < matrix.length; i++) matrix[i] = (matrix[i] as number) * 1e-140;
    exponent += 140;
  }
  return { matrix, exponent };
}
