import { z } from 'zod';
import { registryLimits } from '../../../domain/registry/registry-service.js';
import { modelStages, modelVersionStatuses } from '../../../domain/registry/types.js';
import { modelFileSchema, versionContentFields } from './model-file-schemas.js';
import {
  epochMillisSchema,
  keyValueInputSchema,
  keyValueSchema,
  lifecycleStageSchema,
  metricSchema,
  pageTokenSchema,
  queryListSchema,
  requestComponents,
  responseComponents,
  runStatusSchema,
} from './schemas.js';

export const modelDefaultMaxResults = 100;

export const modelVersionSchema = z
  .object({
    name: z.string(),
    version: z.number().int().min(1),
    creationTime: epochMillisSchema,
    lastUpdateTime: epochMillisSchema,
    userId: z.string().describe('Who registered it: the signed-in caller; without authentication empty (`local` for uploads)'),
    currentStage: z.enum(modelStages).describe('Legacy MLflow stage'),
    description: z.string(),
    source: z.string().describe('`runs:/<runId>/<path>` or `mlflow-artifacts:/...`'),
    runId: z.string().describe('Empty when the version names no run'),
    runLink: z.string(),
    status: z.enum(modelVersionStatuses).describe('PENDING_REGISTRATION while an upload version waits for its files'),
    tags: z.array(keyValueSchema),
    aliases: z.array(z.string()),
    ...versionContentFields,
  })
  .register(responseComponents, { id: 'ModelVersion' });

export const registeredModelSchema = z
  .object({
    name: z.string(),
    creationTime: epochMillisSchema,
    lastUpdateTime: epochMillisSchema,
    description: z.string(),
    projectId: z.number().int().describe('Internal id of the project'),
    project: z.string().describe('Name of the project the model belongs to'),
    latestVersions: z.array(modelVersionSchema).describe('The highest version in each stage'),
    tags: z.array(keyValueSchema),
    aliases: z.array(z.object({ alias: z.string(), version: z.number().int() })),
  })
  .register(responseComponents, { id: 'RegisteredModel' });

export const modelPageSchema = z
  .object({ models: z.array(registeredModelSchema), nextPageToken: z.string().optional() })
  .register(responseComponents, { id: 'RegisteredModelPage' });

export const modelDetailSchema = z
  .object({ model: registeredModelSchema, versions: z.array(modelVersionSchema).describe('Every version, newest first') })
  .register(responseComponents, { id: 'RegisteredModelDetail' });

export const modelEnvelopeSchema = z.object({ model: registeredModelSchema }).register(responseComponents, { id: 'RegisteredModelEnvelope' });
export const versionEnvelopeSchema = z.object({ version: modelVersionSchema }).register(responseComponents, { id: 'ModelVersionEnvelope' });
export const versionDetailSchema = z
  .object({ version: modelVersionSchema, files: z.array(modelFileSchema).describe('Recorded files with their sizes and sha256 digests, by path') })
  .register(responseComponents, { id: 'ModelVersionDetail' });

export const listModelsQuerySchema = z.strictObject({
  filter: z.string().default('').describe("Search grammar, e.g. `name LIKE 'fraud%' AND tags.team = 'risk'`"),
  maxResults: z.coerce.number().int().min(1).max(registryLimits.searchModelsMaxResults).default(modelDefaultMaxResults),
  orderBy: queryListSchema.default([]).describe('`name`, `creation_timestamp`, `last_updated_timestamp`, each with ASC or DESC; repeat for several'),
  pageToken: pageTokenSchema.optional(),
  project: z.string().min(1).optional().describe('Only models of this project (by name)'),
});

export const createModelBodySchema = z
  .strictObject({
    name: z.string().min(1).describe('Unique; at most 500 characters'),
    description: z.string().default(''),
    project: z.string().min(1).optional().describe("Name of the project to create it in (needs role contributor or higher there); the 'default' project when absent"),
    tags: z.array(keyValueInputSchema).default([]),
  })
  .register(requestComponents, { id: 'CreateRegisteredModelRequest' });

export const createVersionBodySchema = z
  .strictObject({
    source: z.string().min(1).optional().describe('`runs:/<runId>/<path>`, or `mlflow-artifacts:/...` with `runId`; required unless `upload`'),
    runId: z.string().optional().describe('Taken from a `runs:/` source when absent'),
    upload: z.boolean().default(false).describe('Create the version for files uploaded directly (no source): PENDING_REGISTRATION until finalized'),
    description: z.string().default(''),
    tags: z.array(keyValueInputSchema).default([]),
  })
  .register(requestComponents, { id: 'CreateModelVersionRequest' });

export const setAliasBodySchema = z
  .strictObject({ version: z.number().int().min(1).describe('The version the alias points at; an existing alias moves') })
  .register(requestComponents, { id: 'SetAliasRequest' });

export const modelNameParamsSchema = z.strictObject({ name: z.string().min(1) });
export const versionParamsSchema = z.strictObject({ name: z.string().min(1), version: z.string().regex(/^\d+$/, 'a version number') });
export const aliasParamsSchema = z.strictObject({ name: z.string().min(1), alias: z.string().min(1) });

const nullableString = z.string().nullable();

export const lineageSchema = z
  .object({
    version: z.object({
      name: z.string(),
      version: z.number().int(),
      source: z.string(),
      runId: z.string(),
      creationTime: epochMillisSchema,
      userId: z.string(),
      ...versionContentFields,
      files: z.array(modelFileSchema),
    }),
    run: z
      .object({
        runId: z.string(),
        runName: z.string(),
        experimentId: z.string(),
        experimentName: z.string(),
        status: runStatusSchema,
        startTime: epochMillisSchema,
        endTime: epochMillisSchema.nullable(),
        userId: z.string(),
        lifecycleStage: lifecycleStageSchema.describe('`deleted` when the run was deleted after the version was made'),
        codeVersion: z.object({
          sourceName: nullableString,
          sourceType: nullableString,
          gitCommit: nullableString,
          gitBranch: nullableString,
          gitDirty: z.boolean().nullable(),
        }),
        datasets: z.array(
          z.object({ name: z.string(), digest: z.string(), sourceType: z.string(), source: z.string(), context: nullableString }),
        ),
        params: z.array(keyValueSchema),
        metrics: z.array(metricSchema).describe('The latest value of each metric'),
      })
      .optional()
      .describe('Absent when the version names no run'),
  })
  .register(responseComponents, { id: 'ModelLineage' });
