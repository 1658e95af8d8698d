/**
 * Tables as drift and profiles read them: one typed array per column. A numerical cell that is
 * missing is NaN; ±Infinity is kept as it came (summaries count it apart from missing and leave it
 * out of tests). A categorical cell holds a code into `categories`; -1 is missing.
 */
export const columnTypes = ['numerical', 'categorical'] as const;
export type ColumnType = (typeof columnTypes)[number];

export interface NumericalColumn {
  name: string;
  type: 'numerical';
  values: Float64Array;
}

export interface CategoricalColumn {
  name: string;
  type: 'categorical';
  codes: Int32Array;
  /** The distinct values, as text (numbers and booleans too: `1`, `true`). */
  categories: string[];
}

export type Column = NumericalColumn | CategoricalColumn;

export interface DataTable {
  rows: number;
  columns: Column[];
}
