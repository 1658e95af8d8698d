import type { CategoricalColumn, DataTable, NumericalColumn } from '../../../../src/domain/monitoring/columns.js';

export function num(name: string, values: number[]): NumericalColumn {
  return { name, type: 'numerical', values: Float64Array.from(values) };
}

export function cat(name: string, values: Array<string | null>): CategoricalColumn {
  const categories: string[] = [];
  const codes = values.map((v) => {
    if (v === null) return -1;
    let i = categories.indexOf(v);
    if (i < 0) i = categories.push(v) - 1;
    return i;
  });
  return { name, type: 'categorical', codes: Int32Array.from(codes), categories };
}

export function table(...columns: Array<NumericalColumn | CategoricalColumn>): DataTable {
  return { rows: columns[0] ? (columns[0].type === 'numerical' ? columns[0].values.length : columns[0].codes.length) : 0, columns };
}

export const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
