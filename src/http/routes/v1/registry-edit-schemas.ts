import { z } from 'zod';
import { requestComponents } from './schemas.js';

export const updateModelBodySchema = z
  .strictObject({
    description: z.string().optional().describe('Replaces the description'),
    newName: z.string().min(1).optional().describe('Renames the model; versions, aliases, tags and card follow'),
  })
  .register(requestComponents, { id: 'UpdateRegisteredModelRequest' });

export const updateVersionBodySchema = z
  .strictObject({
    description: z.string().optional().describe('Replaces the description'),
    stage: z.string().min(1).optional().describe('Legacy MLflow stage: None, Staging, Production or Archived (any case)'),
    archiveExistingVersions: z.boolean().optional().describe('With stage Staging or Production: move the other versions in that stage to Archived'),
  })
  .register(requestComponents, { id: 'UpdateModelVersionRequest' });

export const setTagBodySchema = z
  .strictObject({ value: z.string().describe('At most 5000 characters') })
  .register(requestComponents, { id: 'SetTagValueRequest' });

export const modelTagParamsSchema = z.strictObject({ name: z.string().min(1), key: z.string().min(1) });
export const versionTagParamsSchema = z.strictObject({
  name: z.string().min(1),
  version: z.string().regex(/^\d+$/, 'a version number'),
  key: z.string().min(1),
});
