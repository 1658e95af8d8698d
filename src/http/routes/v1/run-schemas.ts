import { z } from 'zod';
import { limits } from '../../../domain/tracking/validation.js';
import {
  epochMillisSchema,
  keyValueInputSchema,
  metricSchema,
  metricValueInputSchema,
  pageTokenSchema,
  requestComponents,
  responseComponents,
  runSchema,
  runStatusSchema,
  viewTypeSchema,
} from './schemas.js';

export const runDefaultMaxResults = 100;

export const createRunBodySchema = z
  .strictObject({
    experimentId: z.string().min(1).default('0').describe('Defaults to the Default experiment, "0"'),
    runName: z.string().min(1).optional().describe('Generated when absent'),
    startTime: epochMillisSchema.optional().describe('Defaults to now'),
    userId: z.string().optional().describe('Kept only without authentication; with it, the run records the signed-in caller'),
    parentRunId: z.string().min(1).optional().describe('Makes this a nested run (tag `mlflow.parentRunId`)'),
    tags: z.array(keyValueInputSchema).default([]),
  })
  .register(requestComponents, { id: 'CreateRunRequest' });

export const updateRunBodySchema = z
  .strictObject({
    status: runStatusSchema.optional(),
    endTime: epochMillisSchema.optional().describe('Send it with a terminal status to end the run'),
    runName: z.string().min(1).optional(),
  })
  .register(requestComponents, { id: 'UpdateRunRequest' });

export const runEnvelopeSchema = z.object({ run: runSchema }).register(responseComponents, { id: 'RunEnvelope' });

export const searchRunsBodySchema = z
  .strictObject({
    experimentIds: z.array(z.string().min(1)).min(1).describe('Experiments to search in'),
    filter: z.string().default('').describe("Search grammar, e.g. `metrics.rmse < 0.5 AND params.model = 'gbm'`"),
    viewType: viewTypeSchema.default('ACTIVE_ONLY'),
    maxResults: z.number().int().min(1).max(limits.searchRunsMaxResults).default(runDefaultMaxResults),
    orderBy: z.array(z.string()).default([]).describe('e.g. `["metrics.rmse ASC", "start_time DESC"]`'),
    pageToken: pageTokenSchema.optional(),
  })
  .register(requestComponents, { id: 'SearchRunsRequest' });

export const runPageSchema = z
  .object({ runs: z.array(runSchema), nextPageToken: z.string().optional() })
  .register(responseComponents, { id: 'RunPage' });

export const metricInputSchema = z.strictObject({
  key: z.string().min(1),
  value: metricValueInputSchema,
  timestamp: epochMillisSchema.describe('When the value was measured'),
  step: z.number().int().default(0),
});

export const logBatchBodySchema = z
  .strictObject({
    metrics: z.array(metricInputSchema).default([]).describe(`At most ${limits.batchMetrics}`),
    params: z.array(keyValueInputSchema).default([]).describe(`At most ${limits.batchParams}; a param never changes once logged`),
    tags: z.array(keyValueInputSchema).default([]).describe(`At most ${limits.batchTags}`),
  })
  .register(requestComponents, { id: 'LogBatchRequest' });

const datasetInputInputSchema = z.strictObject({
  tags: z.array(keyValueInputSchema).default([]).describe('e.g. `mlflow.data.context` = `training`'),
  dataset: z.strictObject({
    name: z.string().min(1),
    digest: z.string().min(1),
    sourceType: z.string().min(1),
    source: z.string().min(1),
    schema: z.string().optional(),
    profile: z.string().optional(),
  }),
});

export const logInputsBodySchema = z
  .strictObject({ datasets: z.array(datasetInputInputSchema).min(1) })
  .register(requestComponents, { id: 'LogInputsRequest' });

export const metricHistoryQuerySchema = z.strictObject({
  key: z.string().min(1).describe('The metric key'),
  maxResults: z.coerce.number().int().min(1).max(limits.metricHistoryMaxResults).optional().describe('All points when absent'),
  pageToken: pageTokenSchema.optional(),
});

export const metricHistorySchema = z
  .object({ metrics: z.array(metricSchema).describe('Ordered by step, then timestamp'), nextPageToken: z.string().optional() })
  .register(responseComponents, { id: 'MetricHistory' });
