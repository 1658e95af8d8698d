import { describe, expect, it } from 'vitest';
import { toDataTable, unknownOverrides, type RawColumn, type RawTable } from '../../../src/domain/monitoring/column-inference.js';
import type { CategoricalColumn, NumericalColumn } from '../../../src/domain/monitoring/columns.js';

const table = (...columns: RawColumn[]): RawTable => ({ rows: columns[0]?.values.length ?? 0, columns });
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('toDataTable inference (Evidently rules)', () => {
  it('makes floats numerical with NaN for missing and keeps infinities', () => {
    const { table: t } = toDataTable(table({ name: 'x', values: [1.5, null, Infinity, 2] }));
    const x = t.columns[0] as NumericalColumn;
    expect(x.type).toBe('numerical');
    expect([...x.values]).toEqual([1.5, NaN, Infinity, 2]);
  });

  it('makes integers categorical with at most 10 distinct values and numerical with 11', () => {
    const ten = toDataTable(table({ name: 'n', values: range(30).map((i) => i % 10) })).table.columns[0]!;
    const eleven = toDataTable(table({ name: 'n', values: range(30).map((i) => i % 11) })).table.columns[0]!;
    expect(ten.type).toBe('categorical');
    expect((ten as CategoricalColumn).categories).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(eleven.type).toBe('numerical');
  });

  it('trusts the reader: a float column of whole numbers stays numerical', () => {
    const { table: t } = toDataTable(table({ name: 'r', values: [1, 2, 3, 1], kind: 'float' }));
    expect(t.columns[0]!.type).toBe('numerical');
  });

  it('makes booleans categorical', () => {
    const c = toDataTable(table({ name: 'b', values: [true, false, null, true] })).table.columns[0] as CategoricalColumn;
    expect(c.categories).toEqual(['false', 'true']);
    expect([...c.codes]).toEqual([1, 0, -1, 1]);
  });

  it('makes strings categorical unless more than half of the present cells are distinct (text, skipped)', () => {
    const categorical = toDataTable(table({ name: 's', values: ['a', 'b', 'a', 'b', null] })).table.columns[0] as CategoricalColumn;
    expect(categorical.categories).toEqual(['a', 'b']);
    expect([...categorical.codes]).toEqual([0, 1, 0, 1, -1]);
    const text = toDataTable(table({ name: 'note', values: ['a', 'b', 'c', 'a'] }));
    expect(text.table.columns).toEqual([]);
    expect(text.skipped).toEqual([{ name: 'note', reason: expect.stringMatching(/^text: .*set its column type to numerical or categorical/) }]);
  });

  it('skips ISO dates and unsupported columns with a reason', () => {
    const { table: t, skipped } = toDataTable(
      table({ name: 'day', values: ['2012-01-01', '2012-01-02T10:00:00Z', null] }, { name: 'blob', values: [null, null, null], kind: 'unsupported', note: 'binary Parquet column' }),
    );
    expect(t.columns).toEqual([]);
    expect(skipped.map((s) => s.name)).toEqual(['day', 'blob']);
    expect(skipped[0]!.reason).toMatch(/^datetime column/);
    expect(skipped[1]!.reason).toMatch(/binary Parquet column/);
  });

  it('makes a column with no values numerical, all missing', () => {
    const c = toDataTable(table({ name: 'e', values: [null, null] })).table.columns[0] as NumericalColumn;
    expect(c.type).toBe('numerical');
    expect([...c.values]).toEqual([NaN, NaN]);
  });

  it('treats a column mixing numbers and text as strings', () => {
    const c = toDataTable(table({ name: 'm', values: [1, 'x', 1, 'x'] })).table.columns[0] as CategoricalColumn;
    expect(c.categories).toEqual(['1', 'x']);
  });
});

describe('toDataTable overrides', () => {
  it('reads text as numbers and datetimes as epoch milliseconds when asked for numerical', () => {
    const { table: t } = toDataTable(table({ name: 'n', values: ['1', ' 2.5 ', null] }, { name: 'd', values: ['1970-01-02', '1970-01-01 00:00:01', null] }), { n: 'numerical', d: 'numerical' });
    expect([...(t.columns[0] as NumericalColumn).values]).toEqual([1, 2.5, NaN]);
    expect([...(t.columns[1] as NumericalColumn).values]).toEqual([86_400_000, 1000, NaN]);
  });

  it('rejects a word in a column asked to be numerical, naming column and row', () => {
    expect(() => toDataTable(table({ name: 'n', values: [1, 'abc'] }), { n: 'numerical' })).toThrow(/column n, row 2: 'abc' is not a number/);
  });

  it('makes any column categorical and drops ignored ones with a reason', () => {
    const { table: t, skipped } = toDataTable(table({ name: 'x', values: [0.5, 1.5, 0.5] }, { name: 'id', values: [1, 2, 3] }), { x: 'categorical', id: 'ignore' });
    expect(t.columns.map((c) => [c.name, c.type])).toEqual([['x', 'categorical']]);
    expect((t.columns[0] as CategoricalColumn).categories).toEqual(['0.5', '1.5']);
    expect(skipped).toEqual([{ name: 'id', reason: 'ignored as asked' }]);
  });

  it('lists overrides that name no column of any table', () => {
    const a = table({ name: 'x', values: [1] });
    const b = table({ name: 'y', values: [1] });
    expect(unknownOverrides([a, b], { x: 'ignore', y: 'numerical', z: 'categorical' })).toEqual(['z']);
  });

  it('rejects columns whose length disagrees with the row count', () => {
    expect(() => toDataTable({ rows: 3, columns: [{ name: 'x', values: [1] }] })).toThrow(/1 values for 3 rows/);
  });
});
