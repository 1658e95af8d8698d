import { describe, expect, it } from 'vitest';
import { driftReport } from '../../../../src/domain/monitoring/drift/drift-report.js';
import type { ColumnSample } from '../../../../src/domain/monitoring/drift/drift-types.js';
import { numeric } from './samples.js';

/** What a window sketch hands over: per bin of width `width` the mean of its values and their count. */
function binned(values: number[], width: number): ColumnSample {
  const bins = new Map<number, { sum: number; count: number }>();
  for (const v of values) {
    const b = Math.floor(v / width);
    const bin = bins.get(b) ?? { sum: 0, count: 0 };
    bin.sum += v;
    bin.count++;
    bins.set(b, bin);
  }
  const keys = [...bins.keys()].sort((a, b) => a - b);
  return {
    name: 'x',
    type: 'numerical',
    sample: {
      values: Float64Array.from(keys.map((k) => bins.get(k)!.sum / bins.get(k)!.count)),
      counts: Float64Array.from(keys.map((k) => bins.get(k)!.count)),
      total: values.length,
      exact: false,
    },
    missing: 0,
    infinite: 0,
  };
}

describe('sketched samples (bin means with counts)', () => {
  let seed = 11;
  const random = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const normal = (): number => Math.sqrt(-2 * Math.log(random())) * Math.cos(2 * Math.PI * random());
  const ref = Array.from({ length: 5000 }, () => normal() * 10 + 50);
  const cur = Array.from({ length: 4000 }, () => normal() * 10 + 53);
  const width = 0.5;

  it('Wasserstein stays within one bin width (in reference standard deviations) of the exact value', () => {
    const exact = driftReport([numeric(ref)], [numeric(cur)]).features[0]!;
    const sketched = driftReport([binned(ref, width)], [binned(cur, width)]).features[0]!;
    expect(sketched.method).toBe('wasserstein');
    expect(Math.abs(sketched.score! - exact.score!)).toBeLessThan(width / 10);
    expect(sketched.drift).toBe(exact.drift);
  });

  it('KS D from bins is within the largest bin share of the exact D', () => {
    const options = { all: { method: 'ks' as const } };
    const exact = driftReport([numeric(ref)], [numeric(cur)], options).features[0]!;
    const sketched = driftReport([binned(ref, width)], [binned(cur, width)], options).features[0]!;
    expect(Math.abs(sketched.statistic! - exact.statistic!)).toBeLessThan(0.03);
    expect(sketched.drift).toBe(exact.drift);
  });

  it('every numerical method runs on sketched samples and returns a finite score', () => {
    for (const method of ['ks', 'wasserstein', 'jensenshannon', 'psi', 'kl_div', 'hellinger', 'anderson', 'ed', 'mannw', 't_test', 'cramer_von_mises', 'chisquare', 'g_test'] as const) {
      const f = driftReport([binned(ref, width)], [binned(cur, width)], { all: { method } }).features[0]!;
      expect(f.skipped, method).toBeNull();
      expect(Number.isFinite(f.score), method).toBe(true);
    }
  });

  it('TVD is for categorical columns only', () => {
    expect(driftReport([numeric(ref)], [numeric(cur)], { all: { method: 'TVD' } }).features[0]?.skipped).toBe('TVD does not apply to numerical columns');
  });
});
