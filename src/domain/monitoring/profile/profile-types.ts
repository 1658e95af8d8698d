import type { ColumnType } from '../columns.js';

/** A numerical column summarised for people: what the profile pages and reports show. */
export interface NumericalProfile {
  name: string;
  type: 'numerical';
  /** Finite values. */
  count: number;
  /** NaN / null cells. */
  missing: number;
  /** ±Infinity cells. */
  infinite: number;
  /** Null when count is 0. */
  mean: number | null;
  /** Population standard deviation (ddof 0); null when count is 0. */
  std: number | null;
  min: number | null;
  max: number | null;
  /** At 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99 (empty when count is 0). */
  quantiles: Array<{ q: number; value: number }>;
  /** Equal-width bins over [min, max]: edges has one more entry than counts. */
  histogram: { edges: number[]; counts: number[] };
}

/** A categorical column summarised: counts per value, most frequent first (at most 50, the rest under `otherCount`). */
export interface CategoricalProfile {
  name: string;
  type: 'categorical';
  count: number;
  missing: number;
  distinct: number;
  values: Array<{ value: string; count: number }>;
  otherCount: number;
  /** Share of this column's values never seen in the reference; null for a reference itself. */
  newShare: number | null;
}

export type ColumnProfile = NumericalProfile | CategoricalProfile;

export interface DatasetProfile {
  rows: number;
  columns: ColumnProfile[];
}

export type { ColumnType };
