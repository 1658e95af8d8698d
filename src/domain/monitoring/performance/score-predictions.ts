import type { LoggedTensor } from '../../predictions/prediction.js';
import type { MonitorTask } from '../monitor.js';
import { classificationMetrics, sortClasses, type ClassProbabilities } from './classification-metrics.js';
import { classificationOutputs, findOutput, finiteNumber, onlyRow } from './output-rows.js';
import type { PerformanceMetrics } from './performance-types.js';
import { regressionMetrics } from './regression-metrics.js';

export interface LabelledRow {
  outputs: LoggedTensor[];
  label: string | number;
}

/**
 * Scores labelled predictions. A label belongs to a whole prediction, so only predictions of one
 * row are scored; others, and rows whose outputs or label cannot be read, count in `skipped`.
 * Classification takes the class from the prediction output, or from the probabilities (the
 * highest; binary: positive when p >= 0.5); probability columns follow the classes' sorted order.
 */
export function scorePredictions(task: MonitorTask, rows: ReadonlyArray<LabelledRow>): PerformanceMetrics {
  return task.kind === 'regression' ? scoreRegression(task.predictionOutput, rows) : scoreClassification(task, rows);
}

function scoreRegression(predictionOutput: string | undefined, rows: ReadonlyArray<LabelledRow>): PerformanceMetrics {
  const targets: number[] = [];
  const predicted: number[] = [];
  for (const row of rows) {
    const output = predictionOutput === undefined ? row.outputs[0] : findOutput(row.outputs, predictionOutput);
    const values = output ? onlyRow(output) : null;
    const y = finiteNumber(row.label);
    const p = values && values.length === 1 ? finiteNumber(values[0]) : null;
    if (y === null || p === null) continue;
    targets.push(y);
    predicted.push(p);
  }
  const { metrics, notes } = regressionMetrics(targets, predicted);
  return finish(targets.length, rows.length, metrics, notes, 'a numeric label and one finite predicted value');
}

interface ReadRow {
  label: string;
  predicted: string | null;
  scores: number[] | null;
}

function scoreClassification(task: Extract<MonitorTask, { kind: 'classification' }>, rows: ReadonlyArray<LabelledRow>): PerformanceMetrics {
  const read: ReadRow[] = [];
  let width: number | null = null;
  for (const row of rows) {
    const { prediction, probabilities } = classificationOutputs(row.outputs, task.predictionOutput, task.probabilityOutput);
    const predictedValues = prediction ? onlyRow(prediction) : null;
    const predicted = predictedValues && predictedValues.length === 1 ? String(predictedValues[0]) : null;
    const rawScores = probabilities ? onlyRow(probabilities) : null;
    let scores = rawScores ? rawScores.map(finiteNumber) : null;
    if (scores && (scores.some((s) => s === null) || (width !== null && scores.length !== width))) scores = null;
    if (predicted === null && scores === null) continue;
    if (scores) width = scores.length;
    read.push({ label: String(row.label), predicted, scores: scores as number[] | null });
  }
  const notes: string[] = [];
  const observed = [...new Set(read.flatMap((r) => (r.predicted === null ? [r.label] : [r.label, r.predicted])))];
  const positive = task.positiveLabel ?? inferPositive(observed);
  const classes = width === null ? null : probabilityClasses(observed, width, positive);
  if (width !== null && classes === null) notes.push(`cannot tell which class each of the ${width} probability columns scores (classes seen: ${sortClasses(observed).join(', ')})`);
  // Rows need a predicted class: from the output, or from the probabilities when their classes are known.
  const usable = read.filter((r) => r.predicted !== null || (classes !== null && r.scores !== null));
  const labels = usable.map((r) => r.label);
  const predicted = usable.map((r) => r.predicted ?? argmax(r.scores as number[], classes as string[]));
  const withScores = classes !== null && usable.every((r) => r.scores !== null);
  let probabilities: ClassProbabilities | undefined;
  if (withScores) {
    const k = (classes as string[]).length;
    const values = new Float64Array(usable.length * k);
    usable.forEach((r, i) => {
      const s = r.scores as number[];
      // One column is the positive class's probability.
      if (s.length === 1) values.set([1 - (s[0] as number), s[0] as number], i * k);
      else values.set(s, i * k);
    });
    probabilities = { classes: classes as string[], values };
  }
  const result = classificationMetrics({ labels, predicted, ...(probabilities ? { probabilities } : {}), ...(positive !== undefined ? { positiveLabel: positive } : {}) });
  const scored = finish(usable.length, rows.length, result.metrics, [...notes, ...result.notes], 'a predicted class or probabilities');
  return { ...scored, perClass: result.perClass };
}

/** The positive class when nothing names one: the usual encodings of a yes/no target. */
function inferPositive(observed: string[]): string | undefined {
  if (observed.every((c) => c === '0' || c === '1')) return '1';
  if (observed.every((c) => c.toLowerCase() === 'false' || c.toLowerCase() === 'true')) return observed.find((c) => c.toLowerCase() === 'true') ?? 'true';
  return undefined;
}

/** The class each probability column scores, or null when that cannot be known. */
function probabilityClasses(observed: string[], width: number, positive: string | undefined): string[] | null {
  if (width === 1) {
    if (positive === undefined) return null;
    const negative = sortClasses(observed.filter((c) => c !== positive))[0] ?? (positive === '1' ? '0' : positive === 'true' ? 'false' : `not ${positive}`);
    if (observed.filter((c) => c !== positive && c !== negative).length > 0) return null;
    return [negative, positive];
  }
  if (observed.length === width) return sortClasses([...observed]);
  // Integer classes 0..k-1 name the columns by index even when some are not seen in this window.
  if (observed.every((c) => /^\d+$/.test(c) && Number(c) < width)) return Array.from({ length: width }, (_, j) => String(j));
  if (width === 2 && positive !== undefined && observed.length <= 2) {
    const others = observed.filter((c) => c !== positive);
    if (others.length === 1) return sortClasses([others[0] as string, positive]);
  }
  return null;
}

function argmax(scores: number[], classes: string[]): string {
  // Binary (one column, or the second of two): positive when p >= 0.5 (the sheet's threshold).
  if (scores.length <= 2) return (scores[scores.length - 1] as number) >= 0.5 ? (classes[1] as string) : (classes[0] as string);
  let best = 0;
  for (let j = 1; j < scores.length; j++) if ((scores[j] as number) > (scores[best] as number)) best = j;
  return classes[best] as string;
}

function finish(scored: number, total: number, metrics: PerformanceMetrics['metrics'], notes: string[], needs: string): PerformanceMetrics {
  const skipped = total - scored;
  const allNotes = skipped > 0 ? [`${skipped} labelled predictions skipped: each needs one row with ${needs}`, ...notes] : notes;
  return { labelled: scored, metrics, ...(skipped > 0 ? { skipped } : {}), ...(allNotes.length > 0 ? { notes: allNotes } : {}) };
}
