import { describe, expect, it } from 'vitest';
import { align } from '../../../../src/domain/monitoring/drift/aligned.js';
import { binProportions, zeroFill } from '../../../../src/domain/monitoring/drift/binning.js';
import { driftMethods } from '../../../../src/domain/monitoring/drift/drift-methods.js';
import type { ColumnSample, DriftMethodId } from '../../../../src/domain/monitoring/drift/drift-types.js';
import { ksAsymptotic, ksExactTwoSample } from '../../../../src/domain/monitoring/drift/ks-distribution.js';
import { referenceStd } from '../../../../src/domain/monitoring/drift/methods-numeric.js';
import { categorical, numeric, range } from './samples.js';

const run = (method: DriftMethodId, r: ColumnSample, c: ColumnSample) => {
  const a = align(r, c);
  if (a === null) throw new Error('types differ');
  const result = driftMethods[method](a);
  if ('skipped' in result) throw new Error(result.skipped);
  return result;
};

// Methods sheet §5, computed with SciPy 1.17.1.
describe('vector A: r = 1..10, c = 3..12', () => {
  const r = numeric(range(1, 10));
  const c = numeric(range(3, 12));
  it('KS: D 0.2, exact p 0.994458, asymptotic p 0.961600', () => {
    const result = run('ks', r, c);
    expect(result.statistic).toBeCloseTo(0.2, 12);
    expect(result.pValue).toBeCloseTo(0.994458, 6);
    expect(ksAsymptotic(10, 10, 0.2)).toBeCloseTo(0.9616, 6);
  });
  it('Wasserstein: W1 2.0, σ_r 2.872281, normed 0.696311', () => {
    const result = run('wasserstein', r, c);
    expect(result.statistic).toBeCloseTo(2, 12);
    expect(referenceStd(align(r, c)!)).toBeCloseTo(2.872281, 6);
    expect(result.score).toBeCloseTo(0.696311, 6);
  });
  it('energy distance 0.871780', () => {
    expect(run('ed', r, c).score).toBeCloseTo(0.87178, 6);
  });
  it('Anderson–Darling: statistic 0.360426, p 0.237213', () => {
    const result = run('anderson', r, c);
    expect(result.statistic).toBeCloseTo(0.360426, 6);
    expect(result.pValue).toBeCloseTo(0.237213, 6);
  });
});

describe('vector B: r = 0..99, c = 20..119', () => {
  const r = numeric(range(0, 99));
  const c = numeric(range(20, 119));
  it('KS: D 0.2, exact p 0.036384, asymptotic p 0.031439', () => {
    const result = run('ks', r, c);
    expect(result.statistic).toBeCloseTo(0.2, 12);
    expect(result.pValue).toBeCloseTo(0.036384, 6);
    expect(ksAsymptotic(100, 100, 0.2)).toBeCloseTo(0.031439, 6);
  });
  it('Wasserstein normed 0.692855 and energy distance 2.732764', () => {
    expect(run('wasserstein', r, c).score).toBeCloseTo(0.692855, 6);
    expect(run('ed', r, c).score).toBeCloseTo(2.732764, 6);
  });
  it('Anderson–Darling: statistic 13.353380, p floored to 0.001', () => {
    const result = run('anderson', r, c);
    expect(result.statistic).toBeCloseTo(13.35338, 5);
    expect(result.pValue).toBe(0.001);
  });
  it('bins: 9 Sturges bins of width 119/9 with the sheet’s proportions', () => {
    const { ref, cur } = binProportions(align(r, c)!);
    expect(Array.from(ref)).toEqual([0.14, 0.13, 0.13, 0.13, 0.14, 0.13, 0.13, 0.07, 0].map((v) => expect.closeTo(v, 12)));
    expect(Array.from(cur)).toEqual([0, 0.07, 0.13, 0.13, 0.14, 0.13, 0.13, 0.13, 0.14].map((v) => expect.closeTo(v, 12)));
    expect(zeroFill(ref)[8]).toBe(0.0001);
  });
  it('PSI 2.101220, KL 1.050505, JS 0.325854, Hellinger 0.393765', () => {
    expect(run('psi', r, c).score).toBeCloseTo(2.10122, 6);
    expect(run('kl_div', r, c).score).toBeCloseTo(1.050505, 6);
    expect(run('jensenshannon', r, c).score).toBeCloseTo(0.325854, 6);
    expect(run('hellinger', r, c).score).toBeCloseTo(0.393765, 6);
  });
});

describe('vector C: categorical a/b/c 50/30/20 vs 30/30/40', () => {
  const r = categorical({ a: 50, b: 30, c: 20 });
  const c = categorical({ a: 30, b: 30, c: 40 });
  it('χ² 28.0 with df 2, p 8.31529e-07', () => {
    const result = run('chisquare', r, c);
    expect(result.statistic).toBeCloseTo(28, 10);
    expect(result.pValue! / 8.31529e-7).toBeCloseTo(1, 5);
  });
  it('PSI 0.240795, KL 0.116783, JS 0.172115 (natural log), Hellinger 0.172797', () => {
    expect(run('psi', r, c).score).toBeCloseTo(0.240795, 6);
    expect(run('kl_div', r, c).score).toBeCloseTo(0.116783, 6);
    const js = run('jensenshannon', r, c).score;
    expect(js).toBeCloseTo(0.172115, 6);
    // Base 2 is the same distance divided by √ln 2.
    expect(js / Math.sqrt(Math.LN2)).toBeCloseTo(0.206731, 6);
    expect(run('hellinger', r, c).score).toBeCloseTo(0.172797, 6);
  });
});

describe('vector D: a category unseen in the reference', () => {
  const r = categorical({ a: 60, b: 40 });
  const c = categorical({ a: 50, b: 30, c: 20 });
  it('fills the reference’s zero with 0.0001', () => {
    expect(Array.from(zeroFill(binProportions(align(r, c)!).ref))).toEqual([0.6, 0.4, 0.0001]);
  });
  it('PSI 1.566421, KL 0.223583, JS 0.274179', () => {
    expect(run('psi', r, c).score).toBeCloseTo(1.566421, 6);
    expect(run('kl_div', r, c).score).toBeCloseTo(0.223583, 6);
    expect(run('jensenshannon', r, c).score).toBeCloseTo(0.274179, 6);
  });
  it('χ² is infinite and p is 0', () => {
    const result = run('chisquare', r, c);
    expect(result.statistic).toBe(Infinity);
    expect(result.pValue).toBe(0);
  });
});

describe('vector E: Z-test 60×0/40×1 vs 45×0/55×1', () => {
  it('z −2.123977, p 0.033672', () => {
    const r = numeric([...Array<number>(60).fill(0), ...Array<number>(40).fill(1)]);
    const c = numeric([...Array<number>(45).fill(0), ...Array<number>(55).fill(1)]);
    const result = run('z', r, c);
    expect(result.statistic).toBeCloseTo(-2.123977, 6);
    expect(result.pValue).toBeCloseTo(0.033672, 6);
  });
});

describe('KS distributions', () => {
  it('exact p for unequal sizes agrees with the equal-size formula in the limit of the band walk', () => {
    // m = n through the band walk must give the reflection formula's value.
    expect(ksExactTwoSample(10, 10, 0.2)).toBeCloseTo(0.994458, 6);
  });
});
