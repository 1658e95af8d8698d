import type { PerformanceMetricName } from '../monitor.js';

export interface RegressionResult {
  metrics: Partial<Record<PerformanceMetricName, number>>;
  notes: string[];
}

/**
 * MAE, RMSE, MAPE and R² of finite targets and predictions. MAPE is 100 · mean(|pred − target| /
 * |target|) over the rows whose target is not zero (a zero target has no relative error); it is
 * absent when every target is zero. R² is absent when the targets are constant (no variance to explain).
 */
export function regressionMetrics(targets: Float64Array | readonly number[], predicted: Float64Array | readonly number[]): RegressionResult {
  const n = targets.length;
  if (n !== predicted.length) throw new Error('regressionMetrics: targets and predictions differ in length');
  if (n === 0) return { metrics: {}, notes: ['no labelled predictions'] };
  let absSum = 0;
  let squareSum = 0;
  let targetSum = 0;
  let relativeSum = 0;
  let relativeRows = 0;
  for (let i = 0; i < n; i++) {
    const y = targets[i] as number;
    const error = (predicted[i] as number) - y;
    absSum += Math.abs(error);
    squareSum += error * error;
    targetSum += y;
    if (y !== 0) {
      relativeSum += Math.abs(error) / Math.abs(y);
      relativeRows++;
    }
  }
  const targetMean = targetSum / n;
  let totalSquares = 0;
  for (let i = 0; i < n; i++) totalSquares += ((targets[i] as number) - targetMean) ** 2;
  const metrics: Partial<Record<PerformanceMetricName, number>> = { mae: absSum / n, rmse: Math.sqrt(squareSum / n) };
  const notes: string[] = [];
  if (relativeRows > 0) metrics.mape = (100 * relativeSum) / relativeRows;
  else notes.push('mape: every target is zero');
  if (relativeRows < n && relativeRows > 0) notes.push(`mape: ${n - relativeRows} rows with a zero target left out`);
  if (totalSquares > 0) metrics.r2 = 1 - squareSum / totalSquares;
  else notes.push('r2: the targets are constant');
  return { metrics, notes };
}
