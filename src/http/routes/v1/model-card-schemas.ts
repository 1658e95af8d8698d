import { z } from 'zod';
import { modelCardLimits, riskTiers } from '../../../domain/registry/model-card.js';
import { epochMillisSchema, metricValueSchema, requestComponents, responseComponents } from './schemas.js';

const cardField = z.enum(['owner', 'intendedUse', 'limitations', 'trainingData', 'riskTier', 'riskRationale', 'evaluation']);
/** Accepted so that older clients keep working, and ignored: the card records the signed-in caller. */
const ignoredUpdatedBy = z
  .string()
  .max(modelCardLimits.updatedByLength)
  .optional()
  .meta({ deprecated: true, description: 'Ignored: the card records the signed-in caller (`local` without authentication)' });
const text = (what: string) => z.string().max(modelCardLimits.textLength).default('').describe(`${what}; at most 20,000 characters`);

export const modelCardSchema = z
  .object({
    name: z.string(),
    owner: z.string(),
    intendedUse: z.string(),
    limitations: z.string(),
    trainingData: z.string(),
    fairnessNotes: z.string(),
    riskTier: z.enum(riskTiers).nullable().describe('`null` until assessed'),
    riskRationale: z.string(),
    evaluation: z
      .object({
        version: z.number().int(),
        runId: z.string(),
        metrics: z.array(z.object({ key: z.string(), value: metricValueSchema })).describe("The latest value of each of the run's metrics"),
        filledTime: epochMillisSchema,
      })
      .nullable()
      .describe('Filled from a version\'s run by `POST /models/{name}/card/evaluation`'),
    updatedTime: epochMillisSchema.nullable().describe('`null` when the card was never written'),
    updatedBy: z.string().describe('Who wrote the card last: the signed-in caller (`local` without authentication)'),
  })
  .register(responseComponents, { id: 'ModelCard' });

export const modelCardEnvelopeSchema = z
  .object({
    card: modelCardSchema,
    completeness: z
      .object({
        complete: z.boolean(),
        required: z.array(cardField).describe('Evaluation is required for high and critical tiers'),
        missing: z.array(cardField),
      })
      .describe('The evidence a promotion request quotes'),
  })
  .register(responseComponents, { id: 'ModelCardEnvelope' });

export const putModelCardBodySchema = z
  .strictObject({
    owner: text('Who answers for the model'),
    intendedUse: text('What the model is for'),
    limitations: text('Where it should not be used'),
    trainingData: text('What it was trained on'),
    fairnessNotes: text('Fairness considerations'),
    riskTier: z.enum(riskTiers).nullable().default(null),
    riskRationale: text('Why this tier'),
    updatedBy: ignoredUpdatedBy,
  })
  .register(requestComponents, { id: 'PutModelCardRequest' });

export const fillEvaluationBodySchema = z
  .strictObject({
    version: z.number().int().min(1).describe("The version whose run's latest metrics fill the summary"),
    updatedBy: ignoredUpdatedBy,
  })
  .register(requestComponents, { id: 'FillModelCardEvaluationRequest' });
