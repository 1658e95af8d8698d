import { z } from 'zod';
import { runStatuses } from '../../../domain/tracking/types.js';

/**
 * Wire schemas of the native API shared by several resources. Response entities are registered in
 * `responseComponents` and request bodies in `requestComponents`, so the OpenAPI document can name
 * them under `components.schemas` (requests in their input form, responses in their output form).
 */
export const responseComponents = z.registry<{ id: string }>();
export const requestComponents = z.registry<{ id: string }>();

/** JSON has no NaN or infinities; like MLflow, they travel as these strings. */
export const nonFiniteNames = ['NaN', 'Infinity', '-Infinity'] as const;

export const metricValueSchema = z
  .union([z.number(), z.enum(nonFiniteNames)])
  .describe('A double; NaN and infinities are sent as the strings "NaN", "Infinity", "-Infinity".');

/** Request form: the same union, decoded to a plain number. */
export const metricValueInputSchema = metricValueSchema.transform((value) => (typeof value === 'number' ? value : Number(value)));

export const epochMillisSchema = z.number().int().min(0).describe('Unix epoch milliseconds');

export const keyValueSchema = z.object({ key: z.string(), value: z.string() }).register(responseComponents, { id: 'KeyValue' });

export const keyValueInputSchema = z.strictObject({
  key: z.string().min(1).describe('Letters, digits and `_ - . space / :`, at most 250 characters'),
  value: z.string().describe('Param values up to 6000 characters, tag values up to 8000'),
});

export const lifecycleStageSchema = z.enum(['active', 'deleted']);
export const viewTypeSchema = z.enum(['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL']).describe('Which lifecycle stages to include');
export const runStatusSchema = z.enum(runStatuses);

export const experimentSchema = z
  .object({
    experimentId: z.string(),
    name: z.string(),
    artifactLocation: z.string(),
    lifecycleStage: lifecycleStageSchema,
    creationTime: epochMillisSchema,
    lastUpdateTime: epochMillisSchema,
    projectId: z.number().int().describe('Internal id of the project; experiments never move between projects'),
    project: z.string().describe('Name of the project the experiment belongs to'),
    tags: z.array(keyValueSchema),
  })
  .register(responseComponents, { id: 'Experiment' });

export const runInfoSchema = z
  .object({
    runId: z.string(),
    runName: z.string(),
    experimentId: z.string(),
    userId: z.string(),
    status: runStatusSchema,
    startTime: epochMillisSchema,
    endTime: epochMillisSchema.nullable().describe('Null while the run has not ended'),
    artifactUri: z.string(),
    lifecycleStage: lifecycleStageSchema,
  })
  .register(responseComponents, { id: 'RunInfo' });

export const metricSchema = z
  .object({ key: z.string(), value: metricValueSchema, timestamp: epochMillisSchema, step: z.number().int() })
  .register(responseComponents, { id: 'Metric' });

export const datasetSchema = z
  .object({
    name: z.string(),
    digest: z.string(),
    sourceType: z.string(),
    source: z.string(),
    schema: z.string().optional(),
    profile: z.string().optional(),
  })
  .register(responseComponents, { id: 'Dataset' });

export const datasetInputSchema = z
  .object({ tags: z.array(keyValueSchema), dataset: datasetSchema })
  .register(responseComponents, { id: 'DatasetInput' });

export const runSchema = z
  .object({
    info: runInfoSchema,
    data: z.object({
      metrics: z.array(metricSchema).describe('The latest value of each metric'),
      params: z.array(keyValueSchema),
      tags: z.array(keyValueSchema),
    }),
    inputs: z.object({ datasetInputs: z.array(datasetInputSchema) }),
  })
  .register(responseComponents, { id: 'Run' });

export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.string().describe('A stable code from the error catalogue, e.g. NOT_FOUND'),
      message: z.string().describe('What went wrong; names the offending field'),
    }),
  })
  .register(responseComponents, { id: 'Error' });

export const emptySchema = z.object({}).register(responseComponents, { id: 'Empty' });

export const pageTokenSchema = z.string().min(1).describe('Opaque token from a previous page');

/** A list field in a query string arrives as one string or, when repeated, as an array. */
export const queryListSchema = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => (Array.isArray(value) ? value : [value]));

export const runIdParamsSchema = z.strictObject({ runId: z.string().min(1) });
export const experimentIdParamsSchema = z.strictObject({ experimentId: z.string().min(1) });
export const tagKeyQuerySchema = z.strictObject({ key: z.string().min(1).describe('The tag key') });
