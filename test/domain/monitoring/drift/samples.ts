import type { ColumnSample } from '../../../../src/domain/monitoring/drift/drift-types.js';
import { sampleColumn } from '../../../../src/domain/monitoring/drift/column-samples.js';

export const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

export const numeric = (values: number[], name = 'x'): ColumnSample =>
  sampleColumn({ name, type: 'numerical', values: Float64Array.from(values) });

export const categorical = (counts: Record<string, number>, name = 'x'): ColumnSample => {
  const categories = Object.keys(counts);
  const codes: number[] = [];
  categories.forEach((c, i) => codes.push(...Array<number>(counts[c] ?? 0).fill(i)));
  return sampleColumn({ name, type: 'categorical', codes: Int32Array.from(codes), categories });
};
