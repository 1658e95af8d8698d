import { z } from 'zod';
import { predictionLimits } from '../../../domain/predictions/prediction-service.js';
import { lineageSchema } from './registry-schemas.js';
import { epochMillisSchema, pageTokenSchema, responseComponents } from './schemas.js';

export const loggedTensorSchema = z
  .object({
    name: z.string(),
    datatype: z.string().describe('Open Inference Protocol datatype, e.g. FP32, INT64, BYTES'),
    shape: z.array(z.number().int()),
    data: z.array(z.union([z.number(), z.string(), z.boolean(), z.null()])).describe('Flat, row-major; INT64 beyond 2^53 as decimal strings; NaN as null'),
  })
  .register(responseComponents, { id: 'LoggedTensor' });

export const shadowOutcomeSchema = z
  .object({
    model: z.string(),
    version: z.number().int(),
    latencyMs: z.number(),
    outputs: z.array(loggedTensorSchema).nullable().describe('`null` when the shadow failed'),
    error: z.string().nullable(),
  })
  .register(responseComponents, { id: 'ShadowOutcome' });

export const predictionSchema = z
  .object({
    id: z.string().describe('The prediction id the caller got (x-prediction-id)'),
    time: epochMillisSchema.describe('When the request arrived'),
    deployment: z.string(),
    project: z.string().describe("The deployment's project"),
    revision: z.number().int().describe('The deployment revision that routed the request'),
    model: z.string().describe('The registered model that answered'),
    version: z.number().int(),
    inputs: z.array(loggedTensorSchema),
    outputs: z.array(loggedTensorSchema),
    latencyMs: z.number().describe("From the request's arrival to its answer being ready"),
    shadows: z.array(shadowOutcomeSchema).describe('What each shadow version answered; never returned to the caller'),
  })
  .register(responseComponents, { id: 'Prediction' });

export const predictionWithLineageSchema = z
  .object({
    prediction: predictionSchema,
    lineage: lineageSchema.nullable().describe('As GET /models/{name}/versions/{version}/lineage answers; `null` when the version has since been deleted'),
  })
  .register(responseComponents, { id: 'PredictionWithLineage' });

export const predictionPageSchema = z
  .object({ predictions: z.array(predictionSchema).describe('Newest first'), nextPageToken: z.string().optional() })
  .register(responseComponents, { id: 'PredictionPage' });

export const predictionIdParamsSchema = z.strictObject({ id: z.string().min(1).max(100) });

export const listPredictionsQuerySchema = z.strictObject({
  maxResults: z.coerce.number().int().min(1).max(predictionLimits.maxResults).default(predictionLimits.defaultMaxResults),
  pageToken: pageTokenSchema.optional(),
});
