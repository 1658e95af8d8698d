import { describe, expect, it } from 'vitest';
import { sampleColumnExact } from './exact-sample.js';
import { otherCategory, sketchLayout, sketchLimits, WindowSketch } from '../../../../src/domain/monitoring/profile/window-sketch.js';
import { profileTable } from '../../../../src/domain/monitoring/profile/profile.js';
import { cat, num, range, table } from './helpers.js';

describe('sketchLayout', () => {
  it('gives each reference value its own bin when a column has few distinct values', () => {
    const layout = sketchLayout(table(num('x', [1, 2, 2, 3, 5])));
    expect(layout.columns[0]).toEqual({ name: 'x', type: 'numerical', edges: [1, 1.5, 2.5, 4, 5], shift: 2.6, discrete: true });
  });

  it('bounds every bin by a share of the reference and of its range for continuous columns', () => {
    const values = range(1, 10_000).map((i) => Math.exp(i / 1000));
    const layout = sketchLayout(table(num('x', values)));
    const col = layout.columns[0]!;
    if (col.type !== 'numerical') throw new Error('numerical expected');
    expect(col.discrete).toBe(false);
    const sketch = WindowSketch.empty(layout).add(table(num('x', values)));
    const sample = sketch.samples()[0]!;
    if (sample.type !== 'numerical') throw new Error('numerical expected');
    const maxBin = Math.max(...sample.sample.counts);
    expect(maxBin).toBeLessThanOrEqual(values.length / sketchLimits.quantileBins + 1);
    const span = Math.exp(10) - Math.exp(0.001);
    for (let i = 1; i < col.edges.length; i++) expect(col.edges[i]! - col.edges[i - 1]!).toBeLessThanOrEqual(span / sketchLimits.widthBins + 1e-9);
  });

  it('lists categorical reference values most frequent first', () => {
    const layout = sketchLayout(table(cat('c', ['b', 'a', 'a', null, 'c', 'a', 'b'])));
    expect(layout.columns[0]).toEqual({ name: 'c', type: 'categorical', categories: ['a', 'b', 'c'] });
  });

  it('handles a constant column and a column with no finite values', () => {
    const layout = sketchLayout(table(num('k', [7, 7, 7]), num('e', [NaN, Infinity, NaN])));
    expect(layout.columns.map((c) => (c.type === 'numerical' ? c.edges : null))).toEqual([[7, 7], []]);
    const sketch = WindowSketch.empty(layout).add(table(num('k', [7, 8, 6]), num('e', [1, NaN, -Infinity])));
    const [k, e] = sketch.samples();
    expect(k).toMatchObject({ type: 'numerical', missing: 0, infinite: 0 });
    if (k?.type !== 'numerical' || e?.type !== 'numerical') throw new Error('numerical expected');
    expect(Array.from(k.sample.values)).toEqual([6, 7, 8]);
    expect(Array.from(e.sample.values)).toEqual([1]);
    expect(e).toMatchObject({ missing: 1, infinite: 1 });
  });
});

describe('WindowSketch', () => {
  it('reproduces the exact sample of values seen in a discrete reference', () => {
    const reference = table(num('x', range(1, 10)));
    const sketch = WindowSketch.empty(sketchLayout(reference)).add(reference);
    const sample = sketch.samples()[0]!;
    expect(sample.type === 'numerical' && Array.from(sample.sample.values)).toEqual(range(1, 10));
    expect(sample.type === 'numerical' && sample.sample.exact).toBe(false);
  });

  it('keeps bin means in ascending order with under- and overflow at the ends', () => {
    const reference = table(num('x', range(0, 99)));
    const sketch = WindowSketch.empty(sketchLayout(reference)).add(table(num('x', [-50, -10, 5, 5.5, 150, 1000])));
    const sample = sketch.samples()[0]!;
    if (sample.type !== 'numerical') throw new Error('numerical expected');
    const values = Array.from(sample.sample.values);
    expect(values[0]).toBe(-30);
    expect(values[values.length - 1]).toBe(575);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(sample.sample.total).toBe(6);
  });

  it('counts missing and infinite cells apart from values', () => {
    const reference = table(num('x', [1, 2, 3]));
    const sketch = WindowSketch.empty(sketchLayout(reference)).add(table(num('x', [NaN, Infinity, -Infinity, 2])));
    expect(sketch.samples()[0]).toMatchObject({ missing: 1, infinite: 2 });
    expect(sketch.rows).toBe(4);
  });

  it('merges into the same sketch as adding both tables to one', () => {
    const reference = table(num('x', range(0, 500).map((i) => i * 0.37)), cat('c', range(0, 500).map((i) => `v${i % 7}`)));
    const layout = sketchLayout(reference);
    const a = table(num('x', [1, 50, 120, NaN]), cat('c', ['v1', 'new', null, 'v1']));
    const b = table(num('x', [3, 400, -2]), cat('c', ['v2', 'v2', 'v1']));
    const merged = WindowSketch.empty(layout).add(a).merge(WindowSketch.empty(layout).add(b));
    const together = WindowSketch.empty(layout).add(a).add(b);
    expect(merged.toJSON()).toEqual(together.toJSON());
    expect(merged.rows).toBe(7);
  });

  it('round-trips through JSON', () => {
    const reference = table(num('x', range(0, 300)), cat('c', range(0, 300).map((i) => String(i % 3))));
    const layout = sketchLayout(reference);
    const sketch = WindowSketch.empty(layout).add(reference);
    const json = JSON.parse(JSON.stringify(sketch.toJSON())) as unknown;
    const back = WindowSketch.fromJSON(JSON.parse(JSON.stringify(layout)), json);
    expect(back.toJSON()).toEqual(sketch.toJSON());
    expect(back.samples()).toEqual(sketch.samples());
  });

  it('round-trips an empty sketch (no min or max yet)', () => {
    const layout = sketchLayout(table(num('x', [1, 2, 3])));
    const json = JSON.parse(JSON.stringify(WindowSketch.empty(layout).toJSON())) as unknown;
    const back = WindowSketch.fromJSON(layout, json);
    expect(back.rows).toBe(0);
    expect(back.profile().columns[0]).toMatchObject({ count: 0, mean: null, quantiles: [] });
  });

  it('rejects JSON that does not fit the layout', () => {
    const layout = sketchLayout(table(num('x', [1, 2, 3])));
    expect(() => WindowSketch.fromJSON(layout, { rows: 1 })).toThrow(/not a window sketch/);
    const other = WindowSketch.empty(sketchLayout(table(num('y', [1, 2])))).toJSON();
    expect(() => WindowSketch.fromJSON(layout, other)).toThrow(/layout says 'x'/);
  });

  it('refuses to merge sketches of different layouts', () => {
    const a = WindowSketch.empty(sketchLayout(table(num('x', [1, 2]))));
    const b = WindowSketch.empty(sketchLayout(table(num('x', [1, 3]))));
    expect(() => a.merge(b)).toThrow(/different layouts/);
  });

  it('counts nothing for a layout column the table lacks and ignores extra columns', () => {
    const layout = sketchLayout(table(num('x', [1, 2]), cat('c', ['a', 'b'])));
    const sketch = WindowSketch.empty(layout).add(table(num('y', [5, 6]), num('x', [1, 1])));
    const [x, c] = sketch.samples();
    expect(x?.type === 'numerical' && x.sample.total).toBe(2);
    expect(c).toEqual({ name: 'c', type: 'categorical', counts: new Map(), total: 0, missing: 0 });
  });

  it('counts categories new to the reference, and past the limit under one bucket', () => {
    const layout = sketchLayout(table(cat('c', ['a', 'b'])));
    const values = range(0, sketchLimits.categories + 9).map((i) => `v${i}`);
    const sketch = WindowSketch.empty(layout).add(table(cat('c', values)));
    const sample = sketch.samples()[0]!;
    if (sample.type !== 'categorical') throw new Error('categorical expected');
    expect(sample.counts.size).toBe(sketchLimits.categories + 1);
    expect(sample.counts.get(otherCategory)).toBe(10);
    expect(sample.total).toBe(values.length);
  });

  it('reads a numerical table column into a categorical layout column as text, and the reverse as numbers', () => {
    const layout = sketchLayout(table(cat('c', ['1', '2']), num('x', [1, 2, 3])));
    const sketch = WindowSketch.empty(layout).add(table(num('c', [1, 1, 2.5]), cat('x', ['2', 'oops', null])));
    const [c, x] = sketch.samples();
    expect(c?.type === 'categorical' && [...c.counts]).toEqual([
      ['1', 2],
      ['2.5', 1],
    ]);
    expect(x).toMatchObject({ missing: 2 });
  });

  it('profiles close to the exact profile', () => {
    const values = range(1, 20_000).map((i) => Math.sin(i) * 100 + i / 100);
    const reference = table(num('x', values), cat('c', values.map((v) => (v > 0 ? 'pos' : 'neg'))));
    const exact = profileTable(reference);
    const approx = WindowSketch.empty(sketchLayout(reference)).add(reference).profile();
    const [ex, ap] = [exact.columns[0]!, approx.columns[0]!];
    if (ex.type !== 'numerical' || ap.type !== 'numerical') throw new Error('numerical expected');
    expect(ap.count).toBe(ex.count);
    expect(ap.mean).toBeCloseTo(ex.mean!, 9);
    expect(ap.std).toBeCloseTo(ex.std!, 6);
    expect([ap.min, ap.max]).toEqual([ex.min, ex.max]);
    const width = (ex.max! - ex.min!) / sketchLimits.widthBins;
    ap.quantiles.forEach((q, i) => expect(Math.abs(q.value - ex.quantiles[i]!.value)).toBeLessThanOrEqual(width));
    expect(approx.columns[1]).toEqual(exact.columns[1]);
  });

  it('gives a KS statistic within two bin masses of the exact one', () => {
    const ref = range(1, 5000).map((i) => Math.sqrt(i));
    const cur = range(1, 3000).map((i) => Math.sqrt(i) * 1.1 + 3);
    const layout = sketchLayout(table(num('x', ref)));
    const r = WindowSketch.empty(layout).add(table(num('x', ref))).samples()[0]!;
    const c = WindowSketch.empty(layout).add(table(num('x', cur))).samples()[0]!;
    if (r.type !== 'numerical' || c.type !== 'numerical') throw new Error('numerical expected');
    const exact = ksD(sampleColumnExact(ref), sampleColumnExact(cur));
    const approx = ksD(r.sample, c.sample);
    expect(Math.abs(approx - exact)).toBeLessThanOrEqual(2 / sketchLimits.quantileBins);
  });
});

/** KS D of two weighted samples: the test's own reference implementation. */
function ksD(a: { values: Float64Array; counts: Float64Array; total: number }, b: { values: Float64Array; counts: Float64Array; total: number }): number {
  let i = 0;
  let j = 0;
  let fa = 0;
  let fb = 0;
  let d = 0;
  while (i < a.values.length || j < b.values.length) {
    const x = Math.min(a.values[i] ?? Infinity, b.values[j] ?? Infinity);
    while (i < a.values.length && a.values[i] === x) fa += a.counts[i++]! / a.total;
    while (j < b.values.length && b.values[j] === x) fb += b.counts[j++]! / b.total;
    d = Math.max(d, Math.abs(fa - fb));
  }
  return d;
}

describe('slot lookup', () => {
  it('finds through the grid the same slot as a binary search, edges and ends included', async () => {
    const { emptyState, gridSlotOf, slotOf } = await import('../../../../src/domain/monitoring/profile/sketch-state.js');
    const values = range(1, 3000).map((i) => Math.exp(Math.sin(i) * 5) - i / 7);
    for (const reference of [values, [1, 2, 2, 3], [5, 5], [0.1, 0.1 + 1e-15, 0.3]]) {
      const col = sketchLayout(table(num('x', reference))).columns[0]!;
      const state = emptyState(col);
      if (state.type !== 'numerical') throw new Error('numerical expected');
      const probes = [...values, ...state.edges, ...Array.from(state.edges, (e) => e - 1e-12), -1e9, 1e9, ...reference];
      for (const x of probes) expect(gridSlotOf(state, x), `x = ${x}`).toBe(slotOf(state.edges, x));
    }
  });
});
