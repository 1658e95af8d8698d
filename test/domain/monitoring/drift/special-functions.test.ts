import { describe, expect, it } from 'vitest';
import { chiSquareSf, normalSf, studentTwoSided } from '../../../../src/domain/monitoring/drift/special-functions.js';

// Expected values from SciPy 1.17.1 (chi2.sf, norm.sf, 2·t.sf).
const closeRelative = (actual: number, want: number, rel: number): void => expect(Math.abs(actual / want - 1)).toBeLessThan(rel);

describe('special functions agree with SciPy', () => {
  it.each([
    [1001000, 1e6, 0.2396768048255214, 1e-8],
    [3.5, 1, 0.0613688291394023, 1e-12],
    [0.01, 3, 0.9997348349413444, 1e-12],
    [200, 150, 0.003973185970821635, 1e-11],
  ])('χ² survival at %d with df %d', (x, df, want, rel) => closeRelative(chiSquareSf(x, df), want, rel));
  it('χ² of infinity is 0', () => expect(chiSquareSf(Infinity, 2)).toBe(0));
  it.each([
    [0.3, 0.3820885778110474],
    [7.5, 3.1908916729108844e-14],
    [-1.2, 0.8849303297782918],
  ])('normal survival at %d', (z, want) => closeRelative(normalSf(z), want, 1e-12));
  it.each([
    [2.5, 3.3, 0.08005283630835447],
    [0.1, 1000.5, 0.920364359008087],
    [40, 2, 0.0006244146721847406],
  ])('Student two-sided p at t %d with df %d', (t, df, want) => closeRelative(studentTwoSided(t, df), want, 1e-12));
});
