import { invalidArgument } from '../../domain/errors.js';
import type { RunBatch } from '../../domain/tracking/tracking-store.js';
import type { KeyValue, Metric } from '../../domain/tracking/types.js';
import { lastValuePerKey } from './experiment-sql-store.js';

/** A metric point as stored: NaN becomes value 0 with `is_nan` 1. */
export interface StoredPoint {
  runId: number;
  key: string;
  step: number;
  timestamp: number;
  /** 0 for NaN; "latest" comparisons use this stored value, as the database does. */
  value: number;
  isNan: number;
}

/** One logBatch call, checked and shaped for writing before any transaction opens. */
export interface PreparedLog {
  runId: string;
  runInternalId: number;
  params: KeyValue[];
  tags: KeyValue[];
  points: StoredPoint[];
}

export function prepareLog(runId: string, runInternalId: number, batch: RunBatch): PreparedLog {
  return {
    runId,
    runInternalId,
    params: uniqueParams(batch.params, runId),
    tags: lastValuePerKey(batch.tags),
    points: batch.metrics.map((metric) => toStoredPoint(runInternalId, metric)),
  };
}

function toStoredPoint(runId: number, metric: Metric): StoredPoint {
  const nan = Number.isNaN(metric.value);
  return { runId, key: metric.key, step: metric.step, timestamp: metric.timestamp, value: nan ? 0 : metric.value, isNan: nan ? 1 : 0 };
}

/** `a` comes after `b` in MLflow's "latest" order: by step, then timestamp, then value. */
function isLater(a: StoredPoint, b: StoredPoint): boolean {
  if (a.step !== b.step) return a.step > b.step;
  if (a.timestamp !== b.timestamp) return a.timestamp > b.timestamp;
  return a.value > b.value;
}

/** The latest point per (run, key) among `points`. */
export function latestPerKey(points: Iterable<StoredPoint>): StoredPoint[] {
  const byKey = new Map<string, StoredPoint>();
  for (const point of points) {
    const id = `${point.runId}\u0000${point.key}`;
    const current = byKey.get(id);
    if (!current || isLater(point, current)) byKey.set(id, point);
  }
  return [...byKey.values()];
}

/** Collapses repeats of a key with the same value; a key given two values is refused. */
function uniqueParams(params: readonly KeyValue[], runId: string): KeyValue[] {
  const byKey = new Map<string, string>();
  for (const { key, value } of params) {
    const seen = byKey.get(key);
    if (seen !== undefined && seen !== value) throw changedParam(key, seen, value, runId);
    byKey.set(key, value);
  }
  return [...byKey].map(([key, value]) => ({ key, value }));
}

export function changedParam(key: string, oldValue: string, newValue: string, runId: string): Error {
  return invalidArgument(
    `Changing param values is not allowed. Param with key='${key}' was already logged with value='${oldValue}' ` +
      `for run ID='${runId}'. Attempted logging new value '${newValue}'.`,
  );
}
