import { z } from 'zod';
import { referenceSources } from '../../../domain/monitoring/monitor.js';
import { epochMillisSchema, requestComponents, responseComponents } from './schemas.js';

const nullableNumber = z.number().nullable();

export const numericalProfileSchema = z
  .object({
    name: z.string(),
    type: z.literal('numerical'),
    count: z.number().describe('Finite values'),
    missing: z.number().describe('Missing (null, NaN) cells'),
    infinite: z.number().describe('±Infinity cells'),
    mean: nullableNumber,
    std: nullableNumber.describe('Population standard deviation'),
    min: nullableNumber,
    max: nullableNumber,
    quantiles: z.array(z.object({ q: z.number(), value: z.number() })),
    histogram: z.object({ edges: z.array(z.number()), counts: z.array(z.number()) }).describe('Equal-width bins over [min, max]'),
  })
  .register(responseComponents, { id: 'NumericalProfile' });

export const categoricalProfileSchema = z
  .object({
    name: z.string(),
    type: z.literal('categorical'),
    count: z.number(),
    missing: z.number(),
    distinct: z.number(),
    values: z.array(z.object({ value: z.string(), count: z.number() })).describe('Most frequent first, at most 50'),
    otherCount: z.number().describe('Cells of the values past the first 50'),
    newShare: nullableNumber.describe('Share of values the reference never had; null for a reference'),
  })
  .register(responseComponents, { id: 'CategoricalProfile' });

export const datasetProfileSchema = z
  .object({ rows: z.number(), columns: z.array(z.discriminatedUnion('type', [numericalProfileSchema, categoricalProfileSchema])) })
  .register(responseComponents, { id: 'DatasetProfile' });

export const monitorReferenceSchema = z
  .object({
    monitorId: z.number().int(),
    source: z.enum(referenceSources),
    description: z.string().describe('File name, the training dataset URI, or the prediction time range'),
    rows: z.number(),
    createdTime: epochMillisSchema,
    createdBy: z.string(),
    modelVersion: z
      .object({ model: z.string(), version: z.number().int() })
      .optional()
      .describe("A lineage reference's model version; monitor runs move it to the version the deployment serves"),
    profile: datasetProfileSchema,
  })
  .register(responseComponents, { id: 'MonitorReference' });

export const monitorReferenceResponseSchema = z.object({ reference: monitorReferenceSchema });

export const monitorIdParamsSchema = z.strictObject({ id: z.coerce.number().int().min(1) });

const columnTypesSchema = z
  .record(z.string(), z.enum(['numerical', 'categorical', 'ignore']))
  .describe('Column types chosen instead of the inferred ones; `ignore` leaves a column out');

/** The JSON form of the PUT body (a file body is the other form). */
export const referenceSourceBodySchema = z
  .discriminatedUnion('source', [
    z.strictObject({ source: z.literal('lineage'), columnTypes: columnTypesSchema.optional() }),
    z.strictObject({
      source: z.literal('predictions'),
      from: epochMillisSchema.describe('Inclusive'),
      to: epochMillisSchema.describe('Exclusive'),
      columnTypes: columnTypesSchema.optional(),
    }),
  ])
  .register(requestComponents, { id: 'ReferenceSource' });

export const referenceFileQuerySchema = z.strictObject({
  name: z.string().min(1).max(500).optional().describe('The file name; its extension names the format when the Content-Type does not'),
  columnTypes: z
    .string()
    .max(10_000)
    .optional()
    .describe('`col=numerical|categorical|ignore`, comma-separated: types chosen instead of the inferred ones'),
});
