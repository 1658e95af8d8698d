import { performanceMetricNames, type PerformanceMetricName } from '../monitor.js';

/**
 * Run-metric keys read as each performance metric, besides the metric's own name. They cover what
 * people and MLflow's scikit-learn autologging log (`accuracy_score`, `mean_absolute_error`, ...).
 */
const aliases: Record<PerformanceMetricName, string[]> = {
  accuracy: ['accuracy_score', 'acc'],
  precision: ['precision_score'],
  recall: ['recall_score'],
  f1: ['f1_score'],
  roc_auc: ['roc_auc_score', 'auc'],
  log_loss: ['logloss'],
  mae: ['mean_absolute_error'],
  rmse: ['root_mean_squared_error'],
  mape: ['mean_absolute_percentage_error'],
  r2: ['r2_score'],
};

/**
 * Prefixes tried in this order: held-out scores first (what production should match), training
 * scores last. `training_` is the prefix of MLflow's autologged metrics.
 */
const prefixes = ['test_', '', 'val_', 'validation_', 'eval_', 'training_', 'train_'];

/**
 * The training baseline of each performance metric from a run's metrics: for each metric the first
 * key found among (prefix × [name, ...aliases]), prefixes in the order above, keys compared
 * case-insensitively. MAPE keys written by scikit-learn are fractions (0.12), ours percentages: a
 * `mean_absolute_percentage_error` key is multiplied by 100; a key named `mape` is taken as is.
 */
export function trainingBaseline(runMetrics: ReadonlyArray<{ key: string; value: number }> | Record<string, number>): Partial<Record<PerformanceMetricName, number>> {
  const entries = Array.isArray(runMetrics) ? runMetrics.map((m) => [m.key, m.value] as const) : Object.entries(runMetrics);
  const byKey = new Map<string, number>();
  for (const [key, value] of entries) if (Number.isFinite(value)) byKey.set(key.toLowerCase(), value);
  const baseline: Partial<Record<PerformanceMetricName, number>> = {};
  for (const metric of performanceMetricNames) {
    found: for (const prefix of prefixes) {
      for (const name of [metric, ...aliases[metric]]) {
        const value = byKey.get(prefix + name);
        if (value === undefined) continue;
        baseline[metric] = name === 'mean_absolute_percentage_error' ? value * 100 : value;
        break found;
      }
    }
  }
  return baseline;
}

