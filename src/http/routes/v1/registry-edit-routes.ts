import { invalidArgument } from '../../../domain/errors.js';
import { canonicalStage } from '../../../domain/registry/registry-service.js';
import { modelTagParamsSchema, setTagBodySchema, updateModelBodySchema, updateVersionBodySchema, versionTagParamsSchema } from './registry-edit-schemas.js';
import { modelEnvelopeSchema, modelNameParamsSchema, versionEnvelopeSchema, versionParamsSchema } from './registry-schemas.js';
import { jsonRoute, type AnyRoute } from './route.js';
import { emptySchema } from './schemas.js';

/** Edits of registered models and versions on the native API (the MLflow routes have had them all along). */
export const registryEditRoutes: AnyRoute[] = [
  jsonRoute({
    method: 'PATCH',
    path: '/models/{name}',
    operationId: 'updateModel',
    summary: 'Change the description of a model and/or rename it',
    tag: 'models',
    params: modelNameParamsSchema,
    body: updateModelBodySchema,
    response: modelEnvelopeSchema,
    handler: async ({ params, body }, { registry }) => {
      if (body.description === undefined && body.newName === undefined) throw invalidArgument('body: give description, newName or both');
      let name = params.name;
      // Renaming first: a refused rename (taken name) leaves the description as it was too.
      if (body.newName !== undefined && body.newName !== name) name = (await registry.renameRegisteredModel(name, body.newName)).name;
      const model = body.description === undefined ? await registry.getRegisteredModel(name) : await registry.updateRegisteredModel(name, body.description);
      return { model };
    },
  }),
  jsonRoute({
    method: 'DELETE',
    path: '/models/{name}',
    operationId: 'deleteModel',
    summary: 'Delete a model with its versions, tags, aliases and card',
    tag: 'models',
    params: modelNameParamsSchema,
    response: emptySchema,
    handler: async ({ params }, { registry }) => {
      await registry.deleteRegisteredModel(params.name);
      return {};
    },
  }),
  jsonRoute({
    method: 'PUT',
    path: '/models/{name}/tags/{key}',
    operationId: 'setModelTag',
    summary: 'Set a tag of a model (an existing key takes the new value)',
    tag: 'models',
    params: modelTagParamsSchema,
    body: setTagBodySchema,
    response: modelEnvelopeSchema,
    handler: async ({ params, body }, { registry }) => {
      await registry.setRegisteredModelTag(params.name, params.key, body.value);
      return { model: await registry.getRegisteredModel(params.name) };
    },
  }),
  jsonRoute({
    method: 'DELETE',
    path: '/models/{name}/tags/{key}',
    operationId: 'deleteModelTag',
    summary: 'Remove a tag of a model; removing a missing key is a no-op',
    tag: 'models',
    params: modelTagParamsSchema,
    response: modelEnvelopeSchema,
    handler: async ({ params }, { registry }) => {
      await registry.deleteRegisteredModelTag(params.name, params.key);
      return { model: await registry.getRegisteredModel(params.name) };
    },
  }),
  jsonRoute({
    method: 'PATCH',
    path: '/models/{name}/versions/{version}',
    operationId: 'updateModelVersion',
    summary: 'Change the description of a version and/or move it to a legacy stage',
    tag: 'models',
    params: versionParamsSchema,
    body: updateVersionBodySchema,
    response: versionEnvelopeSchema,
    handler: async ({ params, body }, { registry }) => {
      if (body.description === undefined && body.stage === undefined) throw invalidArgument('body: give description, stage or both');
      if (body.archiveExistingVersions !== undefined && body.stage === undefined) throw invalidArgument('archiveExistingVersions: only with a stage');
      // Checked before anything is written, so a bad stage leaves the description untouched.
      if (body.stage !== undefined) canonicalStage(body.stage);
      let version = await registry.getModelVersion(params.name, params.version);
      if (body.stage !== undefined) version = await registry.transitionModelVersionStage(params.name, params.version, body.stage, body.archiveExistingVersions ?? false);
      if (body.description !== undefined) version = await registry.updateModelVersion(params.name, params.version, body.description);
      return { version };
    },
  }),
  jsonRoute({
    method: 'PUT',
    path: '/models/{name}/versions/{version}/tags/{key}',
    operationId: 'setModelVersionTag',
    summary: 'Set a tag of a version (an existing key takes the new value)',
    tag: 'models',
    params: versionTagParamsSchema,
    body: setTagBodySchema,
    response: versionEnvelopeSchema,
    handler: async ({ params, body }, { registry }) => {
      await registry.setModelVersionTag(params.name, params.version, params.key, body.value);
      return { version: await registry.getModelVersion(params.name, params.version) };
    },
  }),
  jsonRoute({
    method: 'DELETE',
    path: '/models/{name}/versions/{version}/tags/{key}',
    operationId: 'deleteModelVersionTag',
    summary: 'Remove a tag of a version; removing a missing key is a no-op',
    tag: 'models',
    params: versionTagParamsSchema,
    response: versionEnvelopeSchema,
    handler: async ({ params }, { registry }) => {
      await registry.deleteModelVersionTag(params.name, params.version, params.key);
      return { version: await registry.getModelVersion(params.name, params.version) };
    },
  }),
];
