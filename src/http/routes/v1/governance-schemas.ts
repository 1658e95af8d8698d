import { z } from 'zod';
import { policyChecks, policyMetricSchema, policyTiers, promotionPolicySchema } from '../../../domain/governance/policy.js';
import { promotionLimits, promotionStatuses } from '../../../domain/governance/promotion.js';
import { riskTiers } from '../../../domain/registry/model-card.js';
import { epochMillisSchema, metricValueSchema, requestComponents, responseComponents } from './schemas.js';

const cardField = z.enum(['owner', 'intendedUse', 'limitations', 'trainingData', 'riskTier', 'riskRationale', 'evaluation']);
const comment = z.string().max(promotionLimits.commentLength).optional().describe('At most 5,000 characters');

const policyFields = {
  approvals: z.number().int(),
  separationOfDuties: z.boolean(),
  checks: z.array(z.enum(policyChecks)),
  metric: policyMetricSchema.nullable(),
};

export const promotionPolicyResponseSchema = z.object(policyFields).register(responseComponents, { id: 'PromotionPolicy' });

export const effectivePolicySchema = z
  .object({
    riskTier: z.enum(policyTiers).describe('`default` applies to models whose card has no risk tier'),
    ...policyFields,
    source: z.enum(['project', 'default']).describe("`project` when the project wrote it, `default` for Cairn's built-in policy"),
    updatedTime: epochMillisSchema.nullable(),
    updatedBy: z.string(),
  })
  .register(responseComponents, { id: 'EffectivePolicy' });

export const policyListSchema = z.object({ policies: z.array(effectivePolicySchema) }).register(responseComponents, { id: 'PolicyList' });
export const policyEnvelopeSchema = z.object({ policy: effectivePolicySchema }).register(responseComponents, { id: 'PolicyEnvelope' });

export const putPolicyBodySchema = promotionPolicySchema.register(requestComponents, { id: 'PutPolicyRequest' });

export const projectParamsSchema = z.strictObject({ project: z.string().min(1).describe('Project name') });
export const policyParamsSchema = z.strictObject({ project: z.string().min(1).describe('Project name'), riskTier: z.string().min(1).describe(policyTiers.join(' | ')) });

export const promotionSchema = z
  .object({
    id: z.string(),
    project: z.string(),
    model: z.string(),
    version: z.number().int(),
    alias: z.string(),
    status: z.enum(promotionStatuses),
    requestedBy: z.string(),
    comment: z.string(),
    createdTime: epochMillisSchema,
    decidedTime: epochMillisSchema.nullable(),
    evidence: z
      .object({
        cardComplete: z.boolean(),
        missingCardFields: z.array(cardField),
        riskTier: z.enum(riskTiers).nullable(),
        metric: z
          .object({
            key: z.string(),
            higherIsBetter: z.boolean(),
            candidate: metricValueSchema.nullable(),
            current: metricValueSchema.nullable(),
            currentVersion: z.number().int().nullable().describe('The version holding the alias when the request was opened'),
          })
          .nullable()
          .describe('null when the policy names no metric'),
        beatsCurrent: z.boolean().nullable(),
        checks: z.array(z.object({ name: z.enum(policyChecks), passed: z.boolean(), detail: z.string() })),
      })
      .describe('Computed by Cairn when the request was opened'),
    policy: promotionPolicyResponseSchema.describe('The policy in force when the request was opened'),
    decisions: z.array(z.object({ actor: z.string(), decision: z.enum(['approve', 'reject', 'withdraw']), comment: z.string(), time: epochMillisSchema })),
  })
  .register(responseComponents, { id: 'Promotion' });

export const promotionEnvelopeSchema = z.object({ promotion: promotionSchema }).register(responseComponents, { id: 'PromotionEnvelope' });
export const promotionListSchema = z
  .object({ promotions: z.array(promotionSchema), nextPageToken: z.string().optional() })
  .register(responseComponents, { id: 'PromotionList' });

export const openPromotionBodySchema = z
  .strictObject({
    model: z.string().min(1),
    version: z.number().int().min(1),
    alias: z.string().min(1).describe('Usually a protected alias such as `production`'),
    comment,
  })
  .register(requestComponents, { id: 'OpenPromotionRequest' });

export const decidePromotionBodySchema = z.strictObject({ comment }).register(requestComponents, { id: 'DecidePromotionRequest' });

export const promotionParamsSchema = z.strictObject({ id: z.string().min(1) });

export const promotionListQuerySchema = z.strictObject({
  status: z.enum(promotionStatuses).optional(),
  project: z.string().min(1).optional().describe('Project name'),
  model: z.string().min(1).optional(),
  maxResults: z.coerce.number().int().min(1).max(promotionLimits.listMaxResults).default(100),
  pageToken: z.string().optional(),
});
