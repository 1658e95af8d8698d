import { driftReport } from './drift/drift-report.js';
import type { ColumnSample, DriftReport, FeatureDrift } from './drift/drift-types.js';
import type { LabelledPrediction } from './feedback-store.js';
import type { MonitorCheck, Severity, StoredMonitor } from './monitor.js';
import type { NewResult } from './monitor-store.js';
import { scorePredictions } from './performance/score-predictions.js';
import type { PerformanceMetrics } from './performance/performance-types.js';

/** A closed window as the checks judge it. */
export interface JudgedWindow {
  seq: number;
  start: number;
  end: number;
  rows: number;
  /** The window's column samples (from its sketch); null when there was no reference to sketch against. */
  samples: ColumnSample[] | null;
  /** Column names that came from outputs. */
  outputs: ReadonlySet<string>;
}

export interface JudgeContext {
  monitor: StoredMonitor;
  /** The reference's column samples; null when the monitor has none. */
  reference: ColumnSample[] | null;
  now: number;
}

type DriftCheck = Exclude<MonitorCheck, { kind: 'performance' }>;

/**
 * Judges the drift checks of one closed window: dataset drift over the feature columns (outputs
 * excluded), feature drift per feature, prediction drift per output column. A window that cannot be
 * judged (no reference, no rows, the feature absent) gets a result with a null value and a note,
 * never a made-up score.
 */
export function judgeDrift(ctx: JudgeContext, w: JudgedWindow): { report: DriftReport | null; results: NewResult[] } {
  const checks = ctx.monitor.checks.filter((c): c is DriftCheck => c.kind !== 'performance');
  if (checks.length === 0 && ctx.reference === null) return { report: null, results: [] };
  const unjudged = (note: string) => ({ report: null, results: checks.map((c) => result(ctx, w, c, { checkKey: unjudgedKey(c), feature: c.kind === 'feature_drift' ? (c.feature ?? null) : null, method: '', value: null, threshold: null, passed: null, note })) });
  if (ctx.reference === null || w.samples === null) return unjudged('no reference set for this monitor: set one to judge drift');
  if (w.rows === 0) return unjudged('empty window: no predictions');
  const isOutput = (s: ColumnSample) => w.outputs.has(s.name);
  const featureRef = ctx.reference.filter((s) => !isOutput(s));
  const outputRef = ctx.reference.filter(isOutput);
  const features = driftReport(featureRef, w.samples, ctx.monitor.drift);
  const outputs = outputRef.length > 0 ? driftReport(outputRef, w.samples, ctx.monitor.drift) : null;
  const report: DriftReport = { features: [...features.features, ...(outputs?.features ?? [])], dataset: features.dataset };
  const results: NewResult[] = [];
  for (const check of checks) {
    if (check.kind === 'dataset_drift') {
      const d = features.dataset;
      const judged = d.columns > 0;
      results.push(
        result(ctx, w, check, {
          checkKey: 'dataset_drift',
          feature: null,
          method: 'drift_share',
          value: judged ? d.share : null,
          threshold: d.driftShare,
          passed: judged ? !d.drift : null,
          note: judged ? null : 'no feature column could be tested',
        }),
      );
    } else if (check.kind === 'feature_drift') {
      const names = check.feature !== undefined ? [check.feature] : features.features.map((f) => f.name);
      for (const name of names) results.push(featureResult(ctx, w, check, `feature_drift:${name}`, name, features.features.find((f) => f.name === name)));
    } else {
      const wanted = ctx.monitor.task?.predictionOutput;
      const drifts = (outputs?.features ?? []).filter((f) => wanted === undefined || f.name === wanted || f.name.startsWith(`${wanted}[`));
      if (drifts.length === 0) {
        results.push(result(ctx, w, check, { checkKey: 'prediction_drift:*', feature: null, method: '', value: null, threshold: null, passed: null, note: 'the reference has no column named after an output of the predictions' }));
      }
      for (const f of drifts) results.push(featureResult(ctx, w, check, `prediction_drift:${f.name}`, f.name, f));
    }
  }
  return { report, results };
}

/** Judges the performance checks of one window from its labelled predictions; `labelled` is null without a task. */
export function judgePerformance(ctx: JudgeContext, w: Pick<JudgedWindow, 'seq' | 'start' | 'end'>, labelled: LabelledPrediction[] | null): { performance: PerformanceMetrics | null; results: NewResult[] } {
  const task = ctx.monitor.task;
  if (!task || labelled === null) return { performance: null, results: [] };
  const performance = labelled.length > 0 ? scorePredictions(task, labelled) : { labelled: 0, metrics: {} };
  const results: NewResult[] = [];
  for (const check of ctx.monitor.checks) {
    if (check.kind !== 'performance') continue;
    const minLabelled = check.minLabelled ?? 1;
    const value = performance.metrics[check.metric];
    const base = { checkKey: `performance:${check.metric}`, feature: null, method: check.metric, threshold: check.min ?? check.max ?? null };
    const window = { ...w, rows: performance.labelled };
    if (performance.labelled < minLabelled) {
      results.push(result(ctx, window, check, { ...base, value: null, passed: null, note: `${performance.labelled} labelled predictions scored, fewer than minLabelled ${minLabelled}` }));
    } else if (value === undefined || !Number.isFinite(value)) {
      results.push(result(ctx, window, check, { ...base, value: null, passed: null, note: performance.notes?.join('; ') || `${check.metric} cannot be computed on this window's labels` }));
    } else {
      const below = check.min !== undefined && value < check.min;
      const above = check.max !== undefined && value > check.max;
      results.push(result(ctx, window, check, { ...base, threshold: below || check.max === undefined ? (check.min ?? null) : check.max, value, passed: !below && !above, note: null }));
    }
  }
  return { performance, results };
}

function featureResult(ctx: JudgeContext, w: JudgedWindow, check: DriftCheck, checkKey: string, name: string, f: FeatureDrift | undefined): NewResult {
  if (!f) return result(ctx, w, check, { checkKey, feature: name, method: '', value: null, threshold: null, passed: null, note: `'${name}' is not a column of the reference` });
  if (f.skipped !== null || f.score === null) return result(ctx, w, check, { checkKey, feature: name, method: f.method, value: null, threshold: f.threshold, passed: null, note: f.skipped ?? 'not tested' });
  return result(ctx, w, check, { checkKey, feature: name, method: f.method, value: f.score, threshold: f.threshold, passed: !f.drift, note: null });
}

function unjudgedKey(check: DriftCheck): string {
  if (check.kind === 'dataset_drift') return 'dataset_drift';
  if (check.kind === 'feature_drift') return `feature_drift:${check.feature ?? '*'}`;
  return 'prediction_drift:*';
}

interface Judgement {
  checkKey: string;
  feature: string | null;
  method: string;
  value: number | null;
  threshold: number | null;
  passed: boolean | null;
  note: string | null;
}

function result(ctx: JudgeContext, w: Pick<JudgedWindow, 'seq' | 'start' | 'end'> & { rows?: number }, check: MonitorCheck, j: Judgement): NewResult {
  return {
    monitorId: ctx.monitor.id,
    windowSeq: w.seq,
    windowStart: w.start,
    windowEnd: w.end,
    rows: w.rows ?? 0,
    kind: check.kind,
    severity: check.severity,
    computedTime: ctx.now,
    ...j,
    message: alertMessage(ctx.monitor, j, check.severity, w),
  };
}

function alertMessage(monitor: StoredMonitor, j: Judgement, severity: Severity, w: { start: number; end: number }): string {
  const score = j.value === null ? 'no value' : `${j.method} ${round(j.value)}`;
  const bound = j.threshold === null ? '' : ` (threshold ${round(j.threshold)})`;
  return `[${severity}] monitor '${monitor.name}' of deployment '${monitor.deployment}': ${j.checkKey} failed with ${score}${bound} in the window ${new Date(w.start).toISOString()} to ${new Date(w.end).toISOString()}`;
}

function round(x: number): string {
  return String(Number(x.toPrecision(4)));
}
