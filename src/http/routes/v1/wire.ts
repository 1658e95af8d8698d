import type { Metric, Run } from '../../../domain/tracking/types.js';

type WireValue = number | 'NaN' | 'Infinity' | '-Infinity';

/** JSON cannot carry NaN or infinities; they go out as strings (see `metricValueSchema`). */
export function wireValue(value: number): WireValue {
  if (Number.isFinite(value)) return value;
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? 'Infinity' : '-Infinity';
}

function toWireMetric<M extends Metric>(metric: M): Omit<M, 'value'> & { value: WireValue } {
  return Number.isFinite(metric.value) ? metric : { ...metric, value: wireValue(metric.value) };
}

export function toWireRun(run: Run) {
  return { ...run, data: { ...run.data, metrics: run.data.metrics.map(toWireMetric) } };
}

/** Drops absent optional fields, which `exactOptionalPropertyTypes` tells apart from `undefined` values. */
export function defined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as never;
}
