import { z } from 'zod';
import { driftMethodIds } from '../../../domain/monitoring/drift/drift-types.js';
import { alertStatuses, performanceMetricNames, severities } from '../../../domain/monitoring/monitor.js';
import { monitorLimits } from '../../../domain/monitoring/monitor-validation.js';
import { monitorReadLimits } from '../../../domain/monitoring/monitor-service.js';
import { datasetProfileSchema } from './reference-schemas.js';
import { epochMillisSchema, requestComponents, responseComponents } from './schemas.js';

const severitySchema = z.enum(severities);
const methodChoiceSchema = z.object({ method: z.enum(driftMethodIds).optional(), threshold: z.number().optional() });

const checkSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('dataset_drift'), severity: severitySchema }),
  z.object({ kind: z.literal('feature_drift'), feature: z.string().optional().describe('Every feature when absent: one result and one alert per feature'), severity: severitySchema }),
  z.object({ kind: z.literal('prediction_drift'), severity: severitySchema }),
  z.object({
    kind: z.literal('performance'),
    metric: z.enum(performanceMetricNames),
    min: z.number().optional(),
    max: z.number().optional(),
    minLabelled: z.number().int().optional().describe('Windows with fewer labelled predictions are not judged (default 1)'),
    severity: severitySchema,
  }),
]);

const actionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('retrain'), minSeverity: severitySchema }),
  z.object({ kind: z.literal('promote_challenger'), minSeverity: severitySchema, challengerAlias: z.string(), alias: z.string() }),
]);

const specFields = {
  name: z.string().max(monitorLimits.nameLength),
  schedule: z.string().describe('Cron in UTC: 5 fields, or 6 with seconds first'),
  window: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('time'), minutes: z.number().int().describe('Tumbling windows aligned to the epoch') }),
    z.object({ kind: z.literal('count'), predictions: z.number().int() }),
  ]),
  features: z.array(z.string()).optional().describe('Names for the flattened input columns, in order'),
  task: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('classification'), predictionOutput: z.string().optional(), probabilityOutput: z.string().optional(), positiveLabel: z.string().optional() }),
      z.object({ kind: z.literal('regression'), predictionOutput: z.string().optional() }),
    ])
    .optional(),
  drift: z
    .object({ columns: z.record(z.string(), methodChoiceSchema).optional(), numerical: methodChoiceSchema.optional(), categorical: methodChoiceSchema.optional(), all: methodChoiceSchema.optional(), driftShare: z.number().optional() })
    .optional(),
  checks: z.array(checkSchema),
  actions: z.array(actionSchema),
  enabled: z.boolean(),
};

/** The request body: checked in full by the domain (validateMonitorSpec), described here for the OpenAPI document. */
export const monitorSpecBodySchema = z
  .object({ ...specFields, actions: specFields.actions.optional(), enabled: specFields.enabled.optional().describe('Default true') })
  .passthrough()
  .register(requestComponents, { id: 'MonitorSpec' });

export const monitorSchema = z
  .object({ ...specFields, id: z.number().int(), deployment: z.string(), project: z.string(), createdTime: epochMillisSchema, createdBy: z.string(), updatedTime: epochMillisSchema })
  .register(responseComponents, { id: 'Monitor' });

export const monitorResponseSchema = z.object({ monitor: monitorSchema });
export const monitorListSchema = z.object({ monitors: z.array(monitorSchema) });

export const runSummarySchema = z
  .object({
    run: z.object({ windowsClosed: z.number().int(), predictionsRead: z.number().int(), results: z.number().int(), alertsOpened: z.number().int(), alertsResolved: z.number().int() }),
  })
  .register(responseComponents, { id: 'MonitorRunSummary' });

export const monitorResultSchema = z
  .object({
    monitorId: z.number().int(),
    windowStart: epochMillisSchema,
    windowEnd: epochMillisSchema.describe('Exclusive'),
    rows: z.number().int().describe('Predictions in the window (labelled ones for performance checks)'),
    checkKey: z.string().describe('dataset_drift, feature_drift:<feature>, prediction_drift:<output>, performance:<metric>'),
    kind: z.enum(['dataset_drift', 'feature_drift', 'prediction_drift', 'performance']),
    feature: z.string().nullable(),
    method: z.string().describe('Drift method, drift_share, or the metric'),
    value: z.number().nullable().describe('Null when the window could not be judged (see note)'),
    threshold: z.number().nullable(),
    passed: z.boolean().nullable(),
    severity: severitySchema,
    note: z.string().nullable(),
    computedTime: epochMillisSchema,
  })
  .register(responseComponents, { id: 'MonitorResult' });

export const monitorResultsSchema = z.object({ results: z.array(monitorResultSchema).describe('Oldest first') });

const featureDriftSchema = z.object({
  name: z.string(),
  type: z.enum(['numerical', 'categorical']),
  method: z.enum(driftMethodIds),
  kind: z.enum(['p_value', 'distance']),
  statistic: z.number().nullable(),
  pValue: z.number().nullable(),
  score: z.number().nullable(),
  threshold: z.number(),
  drift: z.boolean(),
  skipped: z.string().nullable(),
  reference: z.object({ count: z.number(), missing: z.number() }),
  current: z.object({ count: z.number(), missing: z.number() }),
});

export const driftReportSchema = z
  .object({
    features: z.array(featureDriftSchema),
    dataset: z.object({ columns: z.number().int(), driftedColumns: z.number().int(), share: z.number(), driftShare: z.number(), drift: z.boolean() }),
  })
  .register(responseComponents, { id: 'DriftReport' });

export const performanceMetricsSchema = z
  .object({
    labelled: z.number().int(),
    metrics: z.record(z.string(), z.number()),
    perClass: z.array(z.object({ label: z.string(), precision: z.number(), recall: z.number(), f1: z.number(), support: z.number() })).optional(),
    skipped: z.number().int().optional(),
    notes: z.array(z.string()).optional(),
  })
  .register(responseComponents, { id: 'PerformanceMetrics' });

export const monitorWindowsSchema = z
  .object({
    windows: z
      .array(
        z.object({
          start: epochMillisSchema,
          end: epochMillisSchema,
          rows: z.number().int(),
          closed: z.boolean(),
          profile: datasetProfileSchema,
          drift: driftReportSchema.nullable(),
          performance: performanceMetricsSchema.nullable(),
        }),
      )
      .describe('Newest first; the open window too (closed false)'),
  })
  .register(responseComponents, { id: 'MonitorWindows' });

export const windowsQuerySchema = z.strictObject({ limit: z.coerce.number().int().min(1).max(monitorReadLimits.windows).default(monitorReadLimits.defaultWindows) });

export const resultsQuerySchema = z.strictObject({
  from: z.coerce.number().int().min(0).optional().describe('Windows ending after this time'),
  to: z.coerce.number().int().min(0).optional().describe('Windows starting before this time'),
  checkKey: z.string().min(1).max(300).optional(),
});

export const alertSchema = z
  .object({
    id: z.number().int(),
    monitorId: z.number().int(),
    monitor: z.string(),
    deployment: z.string(),
    project: z.string(),
    checkKey: z.string(),
    severity: severitySchema,
    status: z.enum(alertStatuses),
    message: z.string(),
    value: z.number().nullable(),
    threshold: z.number().nullable(),
    occurrences: z.number().int().describe('Failing windows seen while the alert was unresolved'),
    openedTime: epochMillisSchema,
    lastSeenTime: epochMillisSchema,
    acknowledgedBy: z.string().nullable(),
    acknowledgedTime: epochMillisSchema.nullable(),
    resolvedBy: z.string().nullable().describe('`auto` when the check passed again'),
    resolvedTime: epochMillisSchema.nullable(),
  })
  .register(responseComponents, { id: 'Alert' });

export const alertResponseSchema = z.object({ alert: alertSchema });
export const alertListSchema = z.object({ alerts: z.array(alertSchema).describe('Most recently seen first') });
export const alertIdParamsSchema = z.strictObject({ id: z.coerce.number().int().min(1) });
export const alertsQuerySchema = z.strictObject({ status: z.enum(alertStatuses).optional() });
