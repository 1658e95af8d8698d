import type { PerformanceMetricName } from '../../../../src/domain/monitoring/monitor.js';
// The one rule for which run metric is a metric's training baseline (names, aliases, prefixes),
// shared with the server rather than copied: a pure function of the domain, bundled into the UI.
import { trainingBaseline } from '../../../../src/domain/monitoring/performance/training-baseline.js';

/** The training baseline of `metric` among a run's metrics (last value per key), or null when the run logged none. */
export function baselineOf(metrics: Map<string, number>, metric: PerformanceMetricName): number | null {
  return trainingBaseline(Object.fromEntries(metrics))[metric] ?? null;
}
