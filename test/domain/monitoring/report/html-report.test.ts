import { describe, expect, it } from 'vitest';
import type { DataTable } from '../../../../src/domain/monitoring/columns.js';
import type { DriftReport, FeatureDrift } from '../../../../src/domain/monitoring/drift/drift-types.js';
import { categoryBars, numericHistogram } from '../../../../src/domain/monitoring/report/distributions.js';
import { formatNumber } from '../../../../src/domain/monitoring/report/format.js';
import { driftReportHtml } from '../../../../src/domain/monitoring/report/html-report.js';

const numerical = (name: string, values: number[]) => ({ name, type: 'numerical' as const, values: Float64Array.from(values) });
const categorical = (name: string, categories: string[], codes: number[]) => ({ name, type: 'categorical' as const, categories, codes: Int32Array.from(codes) });

const feature = (over: Partial<FeatureDrift>): FeatureDrift => ({
  name: 'x',
  type: 'numerical',
  method: 'ks',
  kind: 'p_value',
  statistic: 0.2,
  pValue: 0.01,
  score: 0.01,
  threshold: 0.05,
  drift: true,
  skipped: null,
  reference: { count: 4, missing: 0 },
  current: { count: 4, missing: 0 },
  ...over,
});

const reference: DataTable = { rows: 4, columns: [numerical('x', [1, 2, 3, 4]), categorical('city <b>', ['a', 'b'], [0, 0, 1, -1])] };
const current: DataTable = { rows: 4, columns: [numerical('x', [3, 4, 5, NaN]), categorical('city <b>', ['a', 'b', 'c'], [2, 2, 1, 0])] };
const report: DriftReport = {
  features: [
    feature({}),
    feature({ name: 'city <b>', type: 'categorical', method: 'chisquare', statistic: 28, pValue: 8.3e-7, score: 8.3e-7 }),
    feature({ name: 'gone', skipped: 'no column gone in the current data', score: null, pValue: null, statistic: null, drift: false }),
  ],
  dataset: { columns: 2, driftedColumns: 2, share: 1, driftShare: 0.5, drift: true },
};

describe('drift HTML report', () => {
  const html = driftReportHtml({ report, reference, current, referenceName: 'ref.csv', currentName: 'cur.csv', notTested: [{ name: 'date', reason: 'datetime column' }], generatedAt: '2026-11-27T19:00:00Z' });

  it('is one self-contained document: no scripts, no external assets', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|<img|src=|url\(|@import|https?:/i);
  });

  it('states the dataset verdict and has a table row and an inline SVG plot per tested feature', () => {
    expect(html).toContain('Dataset drift: 2 of 2 tested columns drifted (100.0 %, threshold 50.0 %).');
    expect(html.match(/<tr class="drift">/g)).toHaveLength(2);
    expect(html.match(/<svg class="plot"/g)).toHaveLength(2);
    expect(html).toContain('Not tested: no column gone in the current data.');
    expect(html).toContain('<td>date</td><td>datetime column</td>');
  });

  it('escapes column names', () => {
    expect(html).not.toContain('city <b>');
    expect(html).toContain('city &lt;b&gt;');
  });
});

describe('report distributions', () => {
  it('bins both samples over their joint finite range, each summing to 1', () => {
    const h = numericHistogram(numerical('x', [0, 1, 2, 3, Infinity]), numerical('x', [2, 3, 4, NaN]))!;
    expect(h.edges[0]).toBe(0);
    expect(h.edges.at(-1)).toBe(4);
    expect(h.reference.reduce((a, b) => a + b)).toBeCloseTo(1);
    expect(h.current.reduce((a, b) => a + b)).toBeCloseTo(1);
    expect(h.current.at(-1)).toBeGreaterThan(0); // 4 falls in the closed last bin
  });

  it('keeps a lone outlier from flattening the plot: it counts in the end bin', () => {
    const values = Array.from({ length: 1000 }, (_, i) => i / 1000);
    const h = numericHistogram(numerical('x', [...values, 1e9]), numerical('x', values))!;
    expect(h.edges.at(-1)).toBeLessThan(1);
    expect(h.clipped.above).toBe(true);
    expect(h.reference.reduce((a, b) => a + b)).toBeCloseTo(1);
  });

  it('draws a constant column as one bin and nothing for no finite values', () => {
    expect(numericHistogram(numerical('x', [5, 5]), numerical('x', [5]))).toMatchObject({ edges: [5, 5], reference: [1], current: [1] });
    expect(numericHistogram(numerical('x', [NaN]), numerical('x', []))).toBeNull();
  });

  it('matches categories by text across the two tables and folds the tail into other', () => {
    const bars = categoryBars(categorical('c', ['a', 'b'], [0, 1, 1, 1]), categorical('c', ['b', 'z'], [0, 1]))!;
    expect(bars.labels).toEqual(['b', 'z', 'a']);
    expect(bars.reference).toEqual([0.75, 0, 0.25]);
    expect(bars.current).toEqual([0.5, 0.5, 0]);
    const many = Array.from({ length: 30 }, (_, i) => `k${i}`);
    const folded = categoryBars(categorical('c', many, many.map((_, i) => i)), categorical('c', many, [0]))!;
    expect(folded.labels).toHaveLength(15);
    expect(folded.labels.at(-1)).toBe('other (16)');
    expect(folded.folded).toBe(16);
  });

  it('formats scores readably', () => {
    expect(formatNumber(8.31529e-7)).toBe('8.32e-7');
    expect(formatNumber(0.6963106)).toBe('0.6963');
    expect(formatNumber(Infinity)).toBe('∞');
    expect(formatNumber(null)).toBe('');
  });
});
