import type { ColumnType } from '../columns.js';

/**
 * The drift methods Cairn implements, by the ids Evidently gives them
 * (../../../../docs/monitoring.md has the table with defaults and thresholds).
 */
export const driftMethodIds = [
  'ks',
  'chisquare',
  'z',
  'wasserstein',
  'jensenshannon',
  'psi',
  'kl_div',
  'hellinger',
  'anderson',
  'ed',
  'mannw',
  't_test',
  'cramer_von_mises',
  'g_test',
  'TVD',
  'fisher_exact',
] as const;
export type DriftMethodId = (typeof driftMethodIds)[number];

/**
 * One numerical sample, summarised: its distinct finite values in ascending order with how often
 * each occurs. Raw data gives the exact sample (every weight an integer); a window sketch gives
 * bins (each bin's mean with its count), so every method reads both the same way.
 */
export interface NumericSample {
  values: Float64Array;
  counts: Float64Array;
  /** Sum of counts. */
  total: number;
  /** False when `values` are bin means of a sketch rather than the data's own values. */
  exact: boolean;
}

/** One column of one dataset as the drift methods take it. Missing and infinite cells are counted, never tested. */
export type ColumnSample =
  | { name: string; type: 'numerical'; sample: NumericSample; missing: number; infinite: number }
  | { name: string; type: 'categorical'; counts: Map<string, number>; total: number; missing: number };

/** A method and/or threshold chosen instead of the default. */
export interface MethodChoice {
  method?: DriftMethodId;
  threshold?: number;
}

export interface DriftOptions {
  /** Per column by name; wins over the per-type and global choices. */
  columns?: Record<string, MethodChoice>;
  numerical?: MethodChoice;
  categorical?: MethodChoice;
  /** For every column not chosen more precisely. */
  all?: MethodChoice;
  /** Share of tested columns that must drift for the dataset to drift; default 0.5. */
  driftShare?: number;
}

export interface FeatureDrift {
  name: string;
  type: ColumnType;
  method: DriftMethodId;
  /** 'p_value' methods drift when the p-value is below the threshold (KS and Cramér–von Mises: at or below); 'distance' ones when the score reaches it (energy distance: exceeds). */
  kind: 'p_value' | 'distance';
  /** The method's statistic (KS D, χ², z, U, ...) where it has one apart from the score. */
  statistic: number | null;
  pValue: number | null;
  /** What is compared with the threshold: the p-value or the distance. Null when skipped. */
  score: number | null;
  threshold: number;
  drift: boolean;
  /** Why the column was not tested (e.g. no finite values in the current data); it then counts in no share. */
  skipped: string | null;
  reference: { count: number; missing: number };
  current: { count: number; missing: number };
}

export interface DatasetDrift {
  /** Columns tested (skipped ones excluded). */
  columns: number;
  driftedColumns: number;
  share: number;
  driftShare: number;
  drift: boolean;
}

export interface DriftReport {
  features: FeatureDrift[];
  dataset: DatasetDrift;
}
