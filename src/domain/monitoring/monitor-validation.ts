import { z } from 'zod';
import { checkSchedule } from './cron-schedule.js';
import { invalidArgument } from '../errors.js';
import { validateDriftOptions } from './drift/drift-options.js';
import { performanceMetricNames, severities, type MonitorSpec, type PerformanceMetricName } from './monitor.js';

/** Limits on a monitor spec (docs/monitoring.md, "Monitors and alerts"). */
export const monitorLimits = {
  monitorsPerDeployment: 20,
  nameLength: 100,
  checks: 50,
  actions: 10,
  features: 1000,
  /** One year. */
  windowMinutes: 525_600,
  windowPredictions: 1_000_000,
} as const;

const classificationMetrics: readonly PerformanceMetricName[] = ['accuracy', 'precision', 'recall', 'f1', 'roc_auc', 'log_loss'];
const regressionMetrics: readonly PerformanceMetricName[] = ['mae', 'rmse', 'mape', 'r2'];

const severity = z.enum(severities);
const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const tensorName = z.string().min(1).max(200);

const specSchema = z.strictObject({
  name: z
    .string()
    .min(1)
    .max(monitorLimits.nameLength)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, dot, underscore and dash, starting with a letter or digit'),
  schedule: z.string().min(1).max(200),
  window: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('time'), minutes: z.number().int().min(1).max(monitorLimits.windowMinutes) }),
    z.strictObject({ kind: z.literal('count'), predictions: z.number().int().min(1).max(monitorLimits.windowPredictions) }),
  ]),
  features: z.array(z.string().min(1).max(200)).max(monitorLimits.features).optional(),
  task: z
    .discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('classification'), predictionOutput: tensorName.optional(), probabilityOutput: tensorName.optional(), positiveLabel: z.string().min(1).max(200).optional() }),
      z.strictObject({ kind: z.literal('regression'), predictionOutput: tensorName.optional() }),
    ])
    .optional(),
  drift: z.unknown().optional(),
  checks: z
    .array(
      z.discriminatedUnion('kind', [
        z.strictObject({ kind: z.literal('dataset_drift'), severity }),
        z.strictObject({ kind: z.literal('feature_drift'), feature: z.string().min(1).max(200).optional(), severity }),
        z.strictObject({ kind: z.literal('prediction_drift'), severity }),
        z.strictObject({
          kind: z.literal('performance'),
          metric: z.enum(performanceMetricNames),
          min: finite.optional(),
          max: finite.optional(),
          minLabelled: z.number().int().min(1).max(1_000_000).optional(),
          severity,
        }),
      ]),
    )
    .max(monitorLimits.checks),
  actions: z
    .array(
      z.discriminatedUnion('kind', [
        z.strictObject({ kind: z.literal('retrain'), minSeverity: severity }),
        z.strictObject({ kind: z.literal('promote_challenger'), minSeverity: severity, challengerAlias: z.string().min(1).max(200), alias: z.string().min(1).max(200) }),
      ]),
    )
    .max(monitorLimits.actions)
    .default([]),
  enabled: z.boolean().default(true),
});

/**
 * Checks a monitor spec from outside; throws INVALID_ARGUMENT naming the first bad field. Beyond
 * the shape: a performance check needs a task whose kind has that metric and a bound, a cron has 5
 * or 6 fields, and no check is listed twice (two would fight over one alert).
 */
export function validateMonitorSpec(input: unknown): MonitorSpec {
  const parsed = specSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.length ? issue.path.join('.') : 'spec';
    throw invalidArgument(`monitor ${path}: ${issue?.message ?? 'invalid'}`);
  }
  const data = parsed.data;
  const spec: MonitorSpec = {
    name: data.name,
    schedule: validateCron(data.schedule),
    window: data.window,
    checks: data.checks.map((c) => stripUndefined(c) as MonitorSpec['checks'][number]),
    actions: data.actions,
    enabled: data.enabled,
  };
  if (data.features !== undefined) {
    const seen = new Set<string>();
    for (const f of data.features) {
      if (seen.has(f)) throw invalidArgument(`monitor features: '${f}' is listed twice`);
      seen.add(f);
    }
    spec.features = data.features;
  }
  if (data.task !== undefined) spec.task = stripUndefined(data.task) as MonitorSpec['task'] & object;
  if (data.drift !== undefined) spec.drift = validateDriftOptions(data.drift);
  const keys = new Set<string>();
  data.checks.forEach((check, i) => {
    const key = check.kind === 'feature_drift' ? `feature_drift:${check.feature ?? '*'}` : check.kind === 'performance' ? `performance:${check.metric}` : check.kind;
    if (keys.has(key)) throw invalidArgument(`monitor checks.${i}: a ${key} check is already listed`);
    keys.add(key);
    if (check.kind !== 'performance') return;
    if (!spec.task) throw invalidArgument(`monitor checks.${i}: a performance check needs task (classification or regression) to read the predictions`);
    const allowed = spec.task.kind === 'classification' ? classificationMetrics : regressionMetrics;
    if (!allowed.includes(check.metric)) throw invalidArgument(`monitor checks.${i}.metric: ${check.metric} is not a ${spec.task.kind} metric (use ${allowed.join(', ')})`);
    if (check.min === undefined && check.max === undefined) throw invalidArgument(`monitor checks.${i}: give min, max or both`);
    if (check.min !== undefined && check.max !== undefined && check.min > check.max) throw invalidArgument(`monitor checks.${i}: min ${check.min} is above max ${check.max}`);
  });
  return spec;
}

/** 5 fields, or 6 with seconds first, that the scheduler's cron parser reads (so a bad one is refused now, not skipped later). */
export function validateCron(schedule: string): string {
  const fields = schedule.trim().split(/\s+/);
  if (fields.length !== 5 && fields.length !== 6) throw invalidArgument(`monitor schedule: '${schedule}' has ${fields.length} fields; a cron has 5 (minute hour day month weekday) or 6 (seconds first)`);
  const normalized = fields.join(' ');
  checkSchedule(normalized);
  return normalized;
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
