import { describe, expect, it } from 'vitest';
import type { DataTable } from '../../../../src/domain/monitoring/columns.js';
import { driftReport, driftTables } from '../../../../src/domain/monitoring/drift/drift-report.js';
import { categorical, numeric, range } from './samples.js';

const bigNumbers = (offset: number, name = 'x') => numeric(range(1, 2000).map((v) => v + offset), name);

describe('default method choice (Evidently)', () => {
  it('numerical, many values: KS for up to 1000 reference rows (1000 counts as small), Wasserstein above', () => {
    expect(driftReport([numeric(range(1, 1000))], [numeric(range(1, 1000))]).features[0]?.method).toBe('ks');
    expect(driftReport([numeric(range(1, 1001))], [numeric(range(1, 1000))]).features[0]?.method).toBe('wasserstein');
  });
  it('numerical with at most 5 values: χ² (> 2 values) or Z (<= 2) when small, Jensen–Shannon when large', () => {
    const three = (n: number) => numeric(range(1, n).map((v) => v % 3));
    const two = (n: number) => numeric(range(1, n).map((v) => v % 2));
    expect(driftReport([three(300)], [three(300)]).features[0]?.method).toBe('chisquare');
    expect(driftReport([two(300)], [two(300)]).features[0]?.method).toBe('z');
    expect(driftReport([three(3000)], [three(300)]).features[0]?.method).toBe('jensenshannon');
  });
  it('counts distinct values over reference ∪ current', () => {
    const r = numeric(range(1, 100).map((v) => v % 2));
    const c = numeric(range(1, 100).map((v) => v % 3));
    expect(driftReport([r], [c]).features[0]?.method).toBe('chisquare');
  });
  it('categorical: χ² / Z when small, Jensen–Shannon when large', () => {
    expect(driftReport([categorical({ a: 5, b: 5, c: 5 })], [categorical({ a: 5, b: 5 })]).features[0]?.method).toBe('chisquare');
    expect(driftReport([categorical({ a: 5, b: 5 })], [categorical({ a: 5, b: 5 })]).features[0]?.method).toBe('z');
    expect(driftReport([categorical({ a: 800, b: 300 })], [categorical({ a: 5, b: 5 })]).features[0]?.method).toBe('jensenshannon');
  });
});

describe('driftReport', () => {
  it('flags drift by each method’s rule and threshold and summarises the dataset', () => {
    const report = driftReport([bigNumbers(0, 'a'), bigNumbers(0, 'b'), bigNumbers(0, 'c')], [bigNumbers(0, 'a'), bigNumbers(500, 'b'), bigNumbers(1000, 'c')]);
    expect(report.features.map((f) => [f.name, f.method, f.kind, f.drift])).toEqual([
      ['a', 'wasserstein', 'distance', false],
      ['b', 'wasserstein', 'distance', true],
      ['c', 'wasserstein', 'distance', true],
    ]);
    expect(report.features[0]?.score).toBe(0);
    expect(report.dataset).toEqual({ columns: 3, driftedColumns: 2, share: 2 / 3, driftShare: 0.5, drift: true });
  });
  it('keeps the reference’s order, skips a column missing from current data and ignores current-only columns', () => {
    const report = driftReport([numeric([1, 2], 'b'), numeric([1, 2], 'a')], [numeric([1, 2], 'a'), numeric([1, 2], 'z')]);
    expect(report.features.map((f) => f.name)).toEqual(['b', 'a']);
    expect(report.features[0]).toMatchObject({ skipped: 'column not in the current data', score: null, drift: false });
    expect(report.dataset.columns).toBe(1);
  });
  it('a skipped column names the default its reference implies', () => {
    const f = driftReport([bigNumbers(0)], []).features[0];
    expect(f).toMatchObject({ method: 'wasserstein', threshold: 0.1, skipped: 'column not in the current data' });
  });
  it('skips a column with no finite values and counts missing and infinite cells apart', () => {
    const report = driftReport([numeric([1, 2, 3, Number.NaN])], [numeric([Number.NaN, Infinity, -Infinity])]);
    expect(report.features[0]).toMatchObject({
      skipped: 'no values in the current data (all missing or infinite)',
      reference: { count: 3, missing: 1 },
      current: { count: 0, missing: 3 },
    });
    expect(report.dataset).toMatchObject({ columns: 0, share: 0, drift: false });
  });
  it('leaves NaN and ±Infinity out of the test itself', () => {
    const clean = driftReport([numeric([1, 2, 3, 4, 5, 6])], [numeric([1, 2, 3, 4, 5, 6])]).features[0];
    const dirty = driftReport([numeric([1, 2, 3, 4, 5, 6, Infinity])], [numeric([Number.NaN, 1, 2, 3, 4, 5, 6, -Infinity])]).features[0];
    expect(dirty?.score).toBe(clean?.score);
  });
  it('a constant column equal on both sides does not drift', () => {
    const f = driftReport([numeric([7, 7, 7])], [numeric([7, 7])], { all: { method: 'anderson' } }).features[0];
    expect(f).toMatchObject({ score: 1, drift: false, skipped: null });
  });
  it('a new category drives χ² to p = 0', () => {
    const f = driftReport([categorical({ a: 10, b: 10, c: 5 })], [categorical({ a: 10, b: 10, d: 1 })]).features[0];
    expect(f).toMatchObject({ method: 'chisquare', statistic: Infinity, pValue: 0, drift: true });
  });
  it('skips a column whose type differs between the datasets', () => {
    const f = driftReport([numeric([1, 2, 3])], [categorical({ a: 1 })]).features[0];
    expect(f?.skipped).toBe('column is numerical in the reference but categorical in the current data');
  });
  it('skips a method that does not fit the column instead of computing a wrong number', () => {
    expect(driftReport([categorical({ a: 1, b: 2 })], [categorical({ a: 2, b: 1 })], { all: { method: 'ks' } }).features[0]?.skipped).toBe(
      'ks does not apply to categorical columns',
    );
    expect(driftReport([categorical({ a: 1, b: 2, c: 3 })], [categorical({ a: 2, b: 1 })], { all: { method: 'z' } }).features[0]?.skipped).toBe(
      'z needs a binary column; this one has 3 distinct values',
    );
    expect(driftReport([numeric([1, 2])], [numeric([3])], { all: { method: 'anderson' } }).features[0]?.skipped).toBe(
      'anderson needs at least 4 values in the two samples together',
    );
  });
});

describe('drift options', () => {
  const r = numeric(range(1, 100));
  const c = numeric(range(11, 110));
  it('per column beats per type beats all', () => {
    const report = driftReport([numeric(range(1, 100), 'x'), numeric(range(1, 100), 'y'), categorical({ a: 3, b: 4, c: 5 }, 'z')],
      [numeric(range(11, 110), 'x'), numeric(range(11, 110), 'y'), categorical({ a: 3, b: 4, c: 5 }, 'z')],
      { columns: { x: { method: 'psi' } }, numerical: { method: 'ed' }, all: { method: 'hellinger' } });
    expect(report.features.map((f) => f.method)).toEqual(['psi', 'ed', 'hellinger']);
  });
  it('a threshold applies with its own level’s method or a more specific one, else the method’s default', () => {
    const f = (options: Parameters<typeof driftReport>[2]) => driftReport([r], [c], options).features[0]?.threshold;
    expect(f({ all: { method: 'psi', threshold: 0.3 } })).toBe(0.3);
    expect(f({ all: { threshold: 0.01 } })).toBe(0.01);
    expect(f({ all: { method: 'psi', threshold: 0.3 }, numerical: { method: 'anderson' } })).toBe(0.1);
    expect(f({ all: { method: 'psi' }, columns: { x: { threshold: 0.5 } } })).toBe(0.5);
  });
  it('drift share decides dataset drift (share >= driftShare)', () => {
    const two = [numeric(range(1, 100), 'a'), numeric(range(1, 100), 'b')];
    const cur = [numeric(range(1, 100), 'a'), numeric(range(50, 149), 'b')];
    expect(driftReport(two, cur).dataset.drift).toBe(true);
    expect(driftReport(two, cur, { driftShare: 0.6 }).dataset.drift).toBe(false);
  });
});

describe('driftTables', () => {
  it('samples both tables and reports by reference column', () => {
    const table = (shift: number): DataTable => ({
      rows: 4,
      columns: [
        { name: 'n', type: 'numerical', values: Float64Array.from([1, 2, 3, 4].map((v) => v + shift)) },
        { name: 'c', type: 'categorical', codes: Int32Array.from([0, 1, 1, -1]), categories: ['x', 'y'] },
      ],
    });
    const report = driftTables(table(0), table(0));
    expect(report.features.map((f) => [f.name, f.method, f.drift])).toEqual([
      ['n', 'chisquare', false],
      ['c', 'z', false],
    ]);
    expect(report.features[1]?.reference).toEqual({ count: 3, missing: 1 });
  });
});
