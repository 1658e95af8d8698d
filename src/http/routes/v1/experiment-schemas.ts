import { z } from 'zod';
import { limits } from '../../../domain/tracking/validation.js';
import {
  experimentSchema,
  keyValueInputSchema,
  pageTokenSchema,
  queryListSchema,
  requestComponents,
  responseComponents,
  viewTypeSchema,
} from './schemas.js';

export const experimentDefaultMaxResults = 100;

const searchFields = {
  filter: z.string().default('').describe("Search grammar, e.g. `name LIKE 'fraud%' AND tags.team = 'risk'`"),
  viewType: viewTypeSchema.default('ACTIVE_ONLY'),
  maxResults: z.number().int().min(1).max(limits.searchExperimentsMaxResults).default(experimentDefaultMaxResults),
  pageToken: pageTokenSchema.optional(),
  project: z.string().min(1).optional().describe('Only experiments of this project (by name)'),
};

export const searchExperimentsBodySchema = z
  .strictObject({ ...searchFields, orderBy: z.array(z.string()).default([]).describe('e.g. `["name ASC"]`') })
  .register(requestComponents, { id: 'SearchExperimentsRequest' });

export const listExperimentsQuerySchema = z.strictObject({
  ...searchFields,
  maxResults: z.coerce.number().int().min(1).max(limits.searchExperimentsMaxResults).default(experimentDefaultMaxResults),
  orderBy: queryListSchema.default([]).describe('Repeat the parameter for several keys'),
});

export const experimentPageSchema = z
  .object({ experiments: z.array(experimentSchema), nextPageToken: z.string().optional() })
  .register(responseComponents, { id: 'ExperimentPage' });

export const createExperimentBodySchema = z
  .strictObject({
    name: z.string().min(1).describe('Unique among experiments, deleted ones included; at most 500 characters'),
    artifactLocation: z.string().min(1).optional().describe('Where run artifacts go; the server chooses when absent'),
    project: z.string().min(1).optional().describe("Name of the project to create it in (needs role contributor or higher there); the 'default' project when absent"),
    tags: z.array(keyValueInputSchema).default([]),
  })
  .register(requestComponents, { id: 'CreateExperimentRequest' });

export const updateExperimentBodySchema = z
  .strictObject({ name: z.string().min(1).describe('The new name') })
  .register(requestComponents, { id: 'UpdateExperimentRequest' });

export const setTagBodySchema = z.strictObject(keyValueInputSchema.shape).register(requestComponents, { id: 'SetTagRequest' });

export const experimentNameQuerySchema = z.strictObject({ name: z.string().min(1) });

export const experimentEnvelopeSchema = z
  .object({ experiment: experimentSchema })
  .register(responseComponents, { id: 'ExperimentEnvelope' });
