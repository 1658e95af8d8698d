import { describe, expect, it } from 'vitest';
import { sampleColumn } from '../../../../src/domain/monitoring/drift/column-samples.js';
import { radixSort, sortFinite } from '../../../../src/domain/monitoring/drift/sort-floats.js';

describe('sampleColumn', () => {
  it('numerical: distinct finite values ascending with counts; NaN missing and ±Infinity apart; -0 is 0', () => {
    const s = sampleColumn({ name: 'x', type: 'numerical', values: Float64Array.from([3, -0, 1, 3, Number.NaN, Infinity, 0, -Infinity, -2]) });
    if (s.type !== 'numerical') throw new Error('type');
    expect(Array.from(s.sample.values)).toEqual([-2, 0, 1, 3]);
    expect(Array.from(s.sample.counts)).toEqual([1, 2, 1, 2]);
    expect(s.sample).toMatchObject({ total: 6, exact: true });
    expect([s.missing, s.infinite]).toEqual([1, 2]);
  });
  it('categorical: counts per category, -1 missing, unused categories left out', () => {
    const s = sampleColumn({ name: 'c', type: 'categorical', codes: Int32Array.from([0, 2, 2, -1]), categories: ['a', 'b', 'c'] });
    expect(s).toEqual({ name: 'c', type: 'categorical', counts: new Map([['a', 1], ['c', 2]]), total: 3, missing: 1 });
  });
});

describe('radix sort', () => {
  it('large columns: -0 counts as 0, NaN as missing, ±Infinity apart', () => {
    const values = new Float64Array(10_000).map((_, i) => [-0, 0, Number.NaN, Infinity, -Infinity, -1.5, 2][i % 7] as number);
    const s = sampleColumn({ name: 'x', type: 'numerical', values });
    if (s.type !== 'numerical') throw new Error('type');
    expect(Array.from(s.sample.values)).toEqual([-1.5, 0, 2]);
    expect(Array.from(s.sample.counts)).toEqual([1428, 2858, 1428]);
    expect([s.missing, s.infinite]).toEqual([1429, 2857]);
  });
  it('orders large arrays exactly as the built-in sort, negatives, tiny and huge values included', () => {
    let seed = 7;
    const random = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const values = Float64Array.from({ length: 50_000 }, (_, i) => (i % 7 === 0 ? Math.round(random() * 10) : (random() - 0.5) * 10 ** ((i % 40) - 20)));
    const expected = values.slice().sort();
    const actual = values.slice();
    radixSort(actual);
    const sorted = sortFinite(values).sorted;
    const mismatch = expected.findIndex((v, i) => !Object.is(v, actual[i]) || !Object.is(v + 0, sorted[i]));
    expect(mismatch).toBe(-1);
  });
});
