import type { PerformanceMetricName } from '../monitor.js';

/** Precision, recall and F1 of one class, read as "this class vs the rest". */
export interface ClassMetrics {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  /** Labelled rows whose true class is this one. */
  support: number;
}

/**
 * What labelled predictions of one window score. A metric that cannot be computed on these rows
 * (ROC AUC with one class only, R² of a constant target, no probabilities logged) is absent from
 * `metrics` rather than a made-up number; `notes` says why.
 */
export interface PerformanceMetrics {
  /** Labelled predictions that were scored. */
  labelled: number;
  metrics: Partial<Record<PerformanceMetricName, number>>;
  /** Classification only, one entry per class seen in labels or predictions. */
  perClass?: ClassMetrics[];
  /** Labelled predictions that could not be scored (no usable prediction in the outputs, a label of the wrong type, NaN/Inf). */
  skipped?: number;
  /** Why metrics are missing or rows were skipped, for people reading the window. */
  notes?: string[];
}
