import { describe, expect, it } from 'vitest';
import { profileTable } from '../../../../src/domain/monitoring/profile/profile.js';
import { cat, num, range, table } from './helpers.js';

describe('profileTable', () => {
  it('summarises a numerical column with NumPy-style quantiles and population std', () => {
    const profile = profileTable(table(num('x', [...range(1, 10), NaN, Infinity])));
    expect(profile.rows).toBe(12);
    const x = profile.columns[0]!;
    if (x.type !== 'numerical') throw new Error('numerical expected');
    expect(x).toMatchObject({ count: 10, missing: 1, infinite: 1, mean: 5.5, min: 1, max: 10 });
    expect(x.std).toBeCloseTo(2.872281, 6);
    expect(x.quantiles.find((q) => q.q === 0.25)?.value).toBeCloseTo(3.25, 12);
    expect(x.quantiles.find((q) => q.q === 0.5)?.value).toBe(5.5);
    expect(x.histogram.edges).toHaveLength(21);
    expect(x.histogram.counts.reduce((a, b) => a + b, 0)).toBe(10);
    expect(x.histogram.counts[19]).toBe(1);
  });

  it('gives a constant column one histogram bin and an empty one no statistics', () => {
    const profile = profileTable(table(num('k', [3, 3, 3]), num('e', [NaN, NaN, NaN])));
    expect(profile.columns[0]).toMatchObject({ std: 0, histogram: { edges: [3, 3], counts: [3] } });
    expect(profile.columns[1]).toEqual({
      name: 'e', type: 'numerical', count: 0, missing: 3, infinite: 0, mean: null, std: null, min: null, max: null, quantiles: [], histogram: { edges: [], counts: [] },
    });
  });

  it('counts categorical values most frequent first and keeps the top 50', () => {
    const values = [...range(0, 59).map((i) => `v${i}`), 'v1', 'v1', 'v2', null];
    const c = profileTable(table(cat('c', values))).columns[0]!;
    if (c.type !== 'categorical') throw new Error('categorical expected');
    expect(c).toMatchObject({ count: 63, missing: 1, distinct: 60, otherCount: 10, newShare: null });
    expect(c.values.slice(0, 2)).toEqual([
      { value: 'v1', count: 3 },
      { value: 'v2', count: 2 },
    ]);
    expect(c.values).toHaveLength(50);
  });

  it('reports the share of values a reference never listed', () => {
    const reference = profileTable(table(cat('c', ['a', 'b'])));
    const current = profileTable(table(cat('c', ['a', 'z', 'z', 'b']), cat('other', ['q', 'q', 'q', 'q'])), reference);
    expect(current.columns[0]).toMatchObject({ newShare: 0.5 });
    // A column the reference lacks is all new.
    expect(current.columns[1]).toMatchObject({ newShare: 1 });
  });

  it('profiles an empty table', () => {
    expect(profileTable({ rows: 0, columns: [] })).toEqual({ rows: 0, columns: [] });
    const c = profileTable(table(cat('c', []))).columns[0];
    expect(c).toMatchObject({ count: 0, distinct: 0, values: [], otherCount: 0 });
  });
});
