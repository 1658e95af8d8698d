import { describe, expect, it } from 'vitest';
import { align, type Aligned } from '../../../../src/domain/monitoring/drift/aligned.js';
import { driftMethods } from '../../../../src/domain/monitoring/drift/drift-methods.js';
import type { DriftMethodId } from '../../../../src/domain/monitoring/drift/drift-types.js';
import { kolmogorovSf, ksAsymptotic } from '../../../../src/domain/monitoring/drift/ks-distribution.js';
import { numeric } from './samples.js';

// Values for the methods the sheet has no vector for, computed by us with SciPy 1.17.1 on these
// generated samples (ks_2samp, mannwhitneyu, ttest_ind(equal_var=False), cramervonmises_2samp,
// anderson_ksamp, energy_distance, wasserstein_distance/std, kstwo.sf, power_divergence, fisher_exact).
const gen = (n: number, mult: number, mod: number, div: number, off: number): number[] =>
  Array.from({ length: n }, (_, i) => ((i * mult) % mod) / div + off);

const cases = {
  /** Unequal sizes, a few ties. */
  F: [gen(60, 7919, 101, 10, 0), gen(45, 104729, 97, 9, 0.5)],
  /** Tiny samples without ties: exact Mann–Whitney and Cramér–von Mises. */
  G: [gen(7, 13, 17, 1, 0.25), gen(5, 11, 19, 1, 0)],
  /** Heavy ties. */
  H: [gen(300, 31, 13, 1, 0), gen(250, 17, 11, 1, 1)],
  /** Over 10,000 values: KS switches to the asymptotic distribution. */
  I: [gen(12000, 7919, 10007, 100, 0), gen(15000, 104729, 10009, 100, 3)],
} as const;

const expected: Record<keyof typeof cases, Partial<Record<DriftMethodId, [number | null, number]>>> = {
  F: {
    ks: [0.12222222222222222, 0.7990882072519797],
    mannw: [1173.5, 0.25443175406282614],
    t_test: [-1.1577900890967767, 0.24996929874589843],
    cramer_von_mises: [0.12720899470899383, 0.47402252228640274],
    anderson: [0.16250283525812334, 0.25],
    ed: [null, 0.32259556914900106],
    wasserstein: [null, 0.23958845485364083],
  },
  G: {
    ks: [0.2, 0.9974747474747474],
    mannw: [19, 0.8762626262626263],
    t_test: [0.2653607943952447, 0.7969732925391217],
    cramer_von_mises: [0.03373015873015861, 0.9974747474747475],
    anderson: [-1.1538572516169985, 0.25],
    ed: [null, 0.6104531605491857],
  },
  H: {
    ks: [0.08, 0.3290332870024781],
    mannw: [37467, 0.9859816735002481],
    t_test: [-0.013538682570734987, 0.989202952401372],
    cramer_von_mises: [0.2929684848484868, 0.1416696668140205],
    anderson: [4.966011678153792, 0.0035676541028498983],
    ed: [null, 0.24004814331944144],
    wasserstein: [null, 0.13435017030352187],
  },
  I: {
    ks: [0.03076666666666661, 6.45015318708127e-6],
    mannw: [84631402, 3.289985366572869e-17],
    t_test: [-8.56545701979341, 1.1358080286603897e-17],
    cramer_von_mises: [5.99092104320971, 7.379097333171103e-12],
    anderson: [73.96029874572814, 0.001],
    ed: [null, 0.4262953503147789],
    wasserstein: [null, 0.10491953352477208],
  },
};

const closeRelative = (actual: number, want: number, rel: number): void => {
  if (want === 0) expect(Math.abs(actual)).toBeLessThan(rel);
  else expect(Math.abs(actual / want - 1)).toBeLessThan(rel);
};

describe.each(Object.keys(cases) as Array<keyof typeof cases>)('sample set %s agrees with SciPy', (name) => {
  const [r, c] = cases[name];
  const a = align(numeric([...r]), numeric([...c])) as Aligned;
  it.each(Object.entries(expected[name]))('%s', (method, [statistic, score]) => {
    const result = driftMethods[method as DriftMethodId](a);
    if ('skipped' in result) throw new Error(result.skipped);
    if (statistic !== null) closeRelative(result.statistic ?? Number.NaN, statistic, 1e-9);
    // Tiny p-values lose relative precision in every implementation; 1e-3 is still far finer than any threshold.
    closeRelative(result.score, score, score < 1e-6 ? 1e-3 : 1e-8);
  });
});

describe('KS asymptotic distribution (SciPy kstwo.sf)', () => {
  it.each([
    [50, 0.2, 0.03143877776953241],
    [141, 0.1, 0.11128445516467944],
    [500, 0.03, 0.7473166700457021],
    [500, 0.05, 0.15866260223815387],
    [5000, 0.01, 0.6954557253913853],
    [5000, 0.02, 0.03613941395325637],
    [200000, 0.002, 0.39995085369038097],
    [200000, 0.003, 0.0545369786611305],
    [1000000, 0.001, 0.26982107442589376],
  ])('n %d, d %d: %d within 0.1%', (n, d, p) => {
    closeRelative(kolmogorovSf(n, d), p, 1e-3);
  });
  it('uses round(m·n/(m+n)) as the sample size', () => {
    expect(ksAsymptotic(10, 10, 0.2)).toBeCloseTo(0.9616, 6);
  });
});

describe('categorical tests agree with SciPy', () => {
  const counts = (ref: number[], cur: number[]): Aligned => ({
    numeric: false,
    values: new Float64Array(0),
    keys: ref.map((_, i) => `k${i}`),
    ref: Float64Array.from(ref),
    cur: Float64Array.from(cur),
    nRef: ref.reduce((s, v) => s + v, 0),
    nCur: cur.reduce((s, v) => s + v, 0),
    refDistinct: ref.length,
  });
  it('G-test: G 9.625953, p 0.008124', () => {
    const result = driftMethods.g_test(counts([30, 25, 45], [40, 30, 30]));
    if ('skipped' in result) throw new Error(result.skipped);
    closeRelative(result.statistic ?? 0, 9.625952717289877, 1e-12);
    closeRelative(result.score, 0.008123644799018594, 1e-9);
  });
  it.each([
    [[60, 40], [45, 55], 1.8333333333333333, 0.04716548538301931],
    [[3, 7], [9, 2], 0.09523809523809523, 0.02997312285237981],
  ])('Fisher exact on %j / %j: odds ratio %d, p %d', (ref, cur, odds, p) => {
    const result = driftMethods.fisher_exact(counts(ref, cur));
    if ('skipped' in result) throw new Error(result.skipped);
    closeRelative(result.statistic ?? 0, odds, 1e-12);
    closeRelative(result.score, p, 1e-9);
  });
  it('TVD: the distance as statistic and a seeded permutation p-value', () => {
    const same = driftMethods.TVD(counts([50, 30, 20], [50, 30, 20]));
    const moved = driftMethods.TVD(counts([50, 30, 20], [30, 30, 40]));
    if ('skipped' in same || 'skipped' in moved) throw new Error('skipped');
    expect(same.statistic).toBe(0);
    expect(same.score).toBe(1);
    expect(moved.statistic).toBeCloseTo(0.2, 12);
    expect(moved.score).toBeLessThan(0.05);
    expect(driftMethods.TVD(counts([50, 30, 20], [30, 30, 40]))).toEqual(moved);
  });
});
