import type { PerformanceMetricName } from '../monitor.js';
import type { ClassMetrics } from './performance-types.js';

/** Scores per row for each class of `classes`, row-major: row i, class j at `values[i * classes.length + j]`. */
export interface ClassProbabilities {
  classes: readonly string[];
  values: Float64Array;
}

export interface ClassificationInput {
  /** True classes, as text. */
  labels: readonly string[];
  /** Predicted classes, as text, aligned with `labels`. */
  predicted: readonly string[];
  probabilities?: ClassProbabilities;
  /**
   * The positive class of a binary task. When set (and at most two classes are seen), precision,
   * recall and F1 are those of this class, as the sheet's binary vectors are; otherwise they are
   * macro averages over every class seen.
   */
  positiveLabel?: string;
}

export interface ClassificationResult {
  metrics: Partial<Record<PerformanceMetricName, number>>;
  perClass: ClassMetrics[];
  notes: string[];
}

// Probabilities are clipped away from 0 and 1 so one confident miss costs a large but finite loss.
const logLossEpsilon = 1e-15;

/** Accuracy, precision/recall/F1 (binary or macro), ROC AUC (macro one-vs-rest) and log loss. */
export function classificationMetrics(input: ClassificationInput): ClassificationResult {
  const { labels, predicted } = input;
  if (labels.length !== predicted.length) throw new Error('classificationMetrics: labels and predictions differ in length');
  const notes: string[] = [];
  const n = labels.length;
  if (n === 0) return { metrics: {}, perClass: [], notes: ['no labelled predictions'] };
  const classes = sortClasses([...new Set([...labels, ...predicted, ...(input.positiveLabel !== undefined ? [input.positiveLabel] : [])])]);
  let correct = 0;
  for (let i = 0; i < n; i++) if (labels[i] === predicted[i]) correct++;
  const perClass = classes.map((c) => classScores(c, labels, predicted));
  const metrics: Partial<Record<PerformanceMetricName, number>> = { accuracy: correct / n };
  const positive = input.positiveLabel;
  if (positive !== undefined && classes.length <= 2) {
    const scores = perClass.find((p) => p.label === positive) as ClassMetrics;
    metrics.precision = scores.precision;
    metrics.recall = scores.recall;
    metrics.f1 = scores.f1;
  } else {
    metrics.precision = mean(perClass.map((p) => p.precision));
    metrics.recall = mean(perClass.map((p) => p.recall));
    metrics.f1 = mean(perClass.map((p) => p.f1));
  }
  if (input.probabilities) {
    const auc = macroRocAuc(labels, input.probabilities);
    if (auc === null) notes.push('roc_auc: needs labels of at least two classes, each scored by a probability column');
    else metrics.roc_auc = auc;
    const loss = logLoss(labels, input.probabilities);
    if (loss === null) notes.push('log_loss: a label is not one of the probability columns');
    else metrics.log_loss = loss;
  } else {
    notes.push('roc_auc, log_loss: no probability output');
  }
  return { metrics, perClass, notes };
}

/** One class vs the rest; a ratio with nothing to divide (no predictions of the class) counts as 0, as scikit-learn does. */
function classScores(label: string, labels: readonly string[], predicted: readonly string[]): ClassMetrics {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < labels.length; i++) {
    const isTrue = labels[i] === label;
    const isPredicted = predicted[i] === label;
    if (isTrue && isPredicted) tp++;
    else if (isPredicted) fp++;
    else if (isTrue) fn++;
  }
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { label, precision, recall, f1, support: tp + fn };
}

/**
 * Macro one-vs-rest AUC over the classes that have both positives and negatives among the labels
 * (a class never or always true has no AUC). Binary tasks are the one class of the pair whose
 * column holds the positive score; both give the same AUC, so either column may be used.
 */
function macroRocAuc(labels: readonly string[], probabilities: ClassProbabilities): number | null {
  const { classes, values } = probabilities;
  const k = classes.length;
  const aucs: number[] = [];
  const scored = k === 2 ? [classes[1] as string] : classes;
  for (const cls of scored) {
    const j = classes.indexOf(cls);
    const scores = new Float64Array(labels.length);
    const positive = new Uint8Array(labels.length);
    for (let i = 0; i < labels.length; i++) {
      scores[i] = values[i * k + j] as number;
      positive[i] = labels[i] === cls ? 1 : 0;
    }
    const auc = rocAuc(scores, positive);
    if (auc !== null) aucs.push(auc);
  }
  return aucs.length === 0 ? null : mean(aucs);
}

/** AUC as the Mann-Whitney statistic: the chance a positive outscores a negative, ties counting half. */
export function rocAuc(scores: Float64Array, positive: Uint8Array): number | null {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (scores[a] as number) - (scores[b] as number));
  let positives = 0;
  for (let i = 0; i < n; i++) positives += positive[i] as number;
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return null;
  // Sum of the positives' midranks (1-based): tied scores share the mean of their ranks.
  let rankSum = 0;
  for (let start = 0; start < n; ) {
    let end = start;
    while (end + 1 < n && scores[order[end + 1] as number] === scores[order[start] as number]) end++;
    const midrank = (start + end) / 2 + 1;
    for (let t = start; t <= end; t++) if (positive[order[t] as number]) rankSum += midrank;
    start = end + 1;
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Mean negative log of the probability given to the true class, rows renormalised to sum to 1. */
function logLoss(labels: readonly string[], probabilities: ClassProbabilities): number | null {
  const { classes, values } = probabilities;
  const k = classes.length;
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    const j = classes.indexOf(labels[i] as string);
    if (j < 0) return null;
    let rowSum = 0;
    for (let c = 0; c < k; c++) rowSum += clip(values[i * k + c] as number);
    total -= Math.log(clip(values[i * k + j] as number) / rowSum);
  }
  return total / labels.length;
}

function clip(p: number): number {
  return Math.min(1 - logLossEpsilon, Math.max(logLossEpsilon, p));
}

function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/**
 * Classes in the order scikit-learn gives `classes_`: numerically when every class reads as a
 * number, else by code unit. Probability columns are assumed to follow this order.
 */
export function sortClasses(classes: string[]): string[] {
  const numeric = classes.every((c) => c.trim() !== '' && Number.isFinite(Number(c)));
  return numeric ? classes.sort((a, b) => Number(a) - Number(b)) : classes.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
