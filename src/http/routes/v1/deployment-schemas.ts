import { z } from 'zod';
import { deploymentLimits, stickySources } from '../../../domain/deployments/deployment.js';
import { epochMillisSchema, requestComponents, responseComponents } from './schemas.js';

// Ranges are checked again by the domain, whose messages name the field; these describe the wire.
const versionRef = { model: z.string().describe('Registered model name'), version: z.number().int().describe('Version number') };

const stickySchema = z
  .object({ source: z.enum(stickySources).describe("'header': a request header; 'input': a field of the request's inputs"), name: z.string() })
  .describe('Pins requests with the same key to the same version');
const batchingSchema = z.object({
  maxBatchSize: z.number().int().describe(`1 (no batching) to ${deploymentLimits.maxBatchSize}`),
  maxWaitMs: z.number().int().describe(`0 to ${deploymentLimits.maxWaitMs}`),
});
const loggingSchema = z.object({
  sampleRate: z.number().describe('Share of predictions logged, 0 to 1'),
  retentionDays: z.number().int().describe(`1 to ${deploymentLimits.retentionDays}`),
});
const shadowSchema = z.object(versionRef).describe('Receives a copy of every request; its answers are logged, never returned');

export const deploymentSpecSchema = z
  .object({
    versions: z.array(z.object({ ...versionRef, weight: z.number().int().describe('Percent of traffic; the weights sum to 100') })).optional(),
    alias: z.object({ model: z.string(), alias: z.string() }).optional().describe('Follow whatever version this alias points at'),
    shadows: z.array(shadowSchema),
    sticky: stickySchema.nullable(),
    batching: batchingSchema,
    logging: loggingSchema,
  })
  .describe('Exactly one of versions and alias')
  .register(responseComponents, { id: 'DeploymentSpec' });

export const deploymentRevisionSchema = z
  .object({ revision: z.number().int().min(1), time: epochMillisSchema, actor: z.string(), comment: z.string(), spec: deploymentSpecSchema })
  .register(responseComponents, { id: 'DeploymentRevision' });

export const deploymentSchema = z
  .object({
    name: z.string(),
    project: z.string().describe("The project's name"),
    createdTime: epochMillisSchema,
    lastUpdateTime: epochMillisSchema,
    current: deploymentRevisionSchema.describe('The revision that serves now'),
  })
  .register(responseComponents, { id: 'Deployment' });

export const deploymentAnswerSchema = z.object({ deployment: deploymentSchema }).register(responseComponents, { id: 'DeploymentAnswer' });
export const deploymentListSchema = z.object({ deployments: z.array(deploymentSchema) }).register(responseComponents, { id: 'DeploymentList' });
export const deploymentRevisionListSchema = z.object({ revisions: z.array(deploymentRevisionSchema).describe('Oldest first') }).register(responseComponents, { id: 'DeploymentRevisionList' });

export const deploymentSpecInputSchema = z
  .strictObject({
    versions: z
      .array(z.strictObject({ ...versionRef, weight: z.number().int().optional().describe('Percent of traffic; may be left out when there is one version') }))
      .optional(),
    alias: z.strictObject({ model: z.string(), alias: z.string().describe('e.g. production') }).optional(),
    shadows: z.array(z.strictObject(versionRef)).optional(),
    sticky: z.strictObject({ source: z.enum(stickySources), name: z.string() }).nullable().optional(),
    batching: z.strictObject({ maxBatchSize: z.number().int().optional(), maxWaitMs: z.number().int().optional() }).optional().describe('Default: maxBatchSize 1 (off), maxWaitMs 0'),
    logging: z.strictObject({ sampleRate: z.number().optional(), retentionDays: z.number().int().optional() }).optional().describe('Default: sampleRate 1, retentionDays 30'),
  })
  .describe('Exactly one of versions and alias')
  .register(requestComponents, { id: 'DeploymentSpecInput' });

const commentSchema = z.string().max(deploymentLimits.commentLength).optional().describe('Why: kept with the revision and in the audit trail');

export const createDeploymentBodySchema = z
  .strictObject({
    name: z.string().min(1).max(deploymentLimits.nameLength).describe("Unique across projects; letters, digits, '_', '.', '-'"),
    project: z.string().min(1).optional().describe("Project name (needs role deployer or admin there); 'default' when absent"),
    spec: deploymentSpecInputSchema,
    comment: commentSchema,
  })
  .register(requestComponents, { id: 'CreateDeploymentRequest' });

export const updateDeploymentBodySchema = z
  .strictObject({
    spec: deploymentSpecInputSchema,
    comment: commentSchema,
    expectedRevision: z.number().int().min(1).optional().describe('The revision this change was made from; refused with INVALID_STATE if another change landed since'),
  }).register(requestComponents, { id: 'UpdateDeploymentRequest' });

export const rollbackDeploymentBodySchema = z
  .strictObject({ revision: z.number().int().min(1).optional().describe('The revision to serve again; the one before the current when absent'), comment: commentSchema })
  .register(requestComponents, { id: 'RollbackDeploymentRequest' });

export const deploymentNameParamsSchema = z.strictObject({ name: z.string().min(1) });
export const listDeploymentsQuerySchema = z.strictObject({ project: z.string().min(1).optional().describe('Only deployments of this project (by name)') });
