import { invalidArgument } from '../../../domain/errors.js';
import { getLineage, type ModelLineage } from '../../../domain/registry/lineage.js';
import type { RegistryService } from '../../../domain/registry/registry-service.js';
import type { ModelVersion } from '../../../domain/registry/types.js';
import { jsonRoute, type AnyRoute } from './route.js';
import {
  aliasParamsSchema,
  createModelBodySchema,
  createVersionBodySchema,
  lineageSchema,
  listModelsQuerySchema,
  modelDetailSchema,
  modelEnvelopeSchema,
  modelNameParamsSchema,
  modelPageSchema,
  setAliasBodySchema,
  versionDetailSchema,
  versionEnvelopeSchema,
  versionParamsSchema,
} from './registry-schemas.js';
import { defined, wireValue } from './wire.js';

const runsSource = /^runs:\/([^/]+)/;

/** Every live version of a model, newest first, read through the registry's own search. */
async function allVersions(registry: RegistryService, name: string): Promise<ModelVersion[]> {
  // The search grammar has no escapes; a name holding a single quote is quoted with double quotes.
  const quoted = name.includes("'") ? `"${name}"` : `'${name}'`;
  const versions: ModelVersion[] = [];
  let pageToken: string | undefined;
  do {
    const page = await registry.searchModelVersions({
      filter: `name = ${quoted}`,
      maxResults: 10_000,
      orderBy: ['version_number DESC'],
      ...(pageToken ? { pageToken } : {}),
    });
    versions.push(...page.items);
    pageToken = page.nextPageToken;
  } while (pageToken);
  return versions;
}

function toWireLineage<L extends ModelLineage>(lineage: L) {
  if (!lineage.run) return lineage;
  const metrics = lineage.run.metrics.map((m) => ({ ...m, value: wireValue(m.value) }));
  return { ...lineage, run: { ...lineage.run, metrics } };
}

export const registryRoutes: AnyRoute[] = [
  jsonRoute({
    method: 'GET',
    path: '/models',
    operationId: 'listModels',
    summary: 'Search registered models with the search grammar, ordered and paged',
    tag: 'models',
    query: listModelsQuerySchema,
    response: modelPageSchema,
    handler: async ({ query }, { registry }) => {
      const page = await registry.searchRegisteredModels(defined(query));
      return { models: page.items, ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}) };
    },
  }),
  jsonRoute({
    method: 'POST',
    path: '/models',
    operationId: 'createModel',
    summary: 'Register a model name',
    tag: 'models',
    status: 201,
    body: createModelBodySchema,
    response: modelEnvelopeSchema,
    handler: async ({ body }, { registry }) => ({ model: await registry.createRegisteredModel(body.name, body.description, body.tags, body.project) }),
  }),
  jsonRoute({
    method: 'GET',
    path: '/models/{name}',
    operationId: 'getModel',
    summary: 'Get a registered model with all its versions and aliases',
    tag: 'models',
    params: modelNameParamsSchema,
    response: modelDetailSchema,
    handler: async ({ params }, { registry }) => {
      const model = await registry.getRegisteredModel(params.name);
      return { model, versions: await allVersions(registry, model.name) };
    },
  }),
  jsonRoute({
    method: 'POST',
    path: '/models/{name}/versions',
    operationId: 'createModelVersion',
    summary: "Register a new version of a model from a run's artifacts (`runs:/<runId>/<path>`), or with `upload` for files uploaded directly",
    tag: 'models',
    status: 201,
    params: modelNameParamsSchema,
    body: createVersionBodySchema,
    response: versionEnvelopeSchema,
    handler: async ({ params, body }, { registry, modelFiles }) => {
      if (body.upload) {
        if (body.source !== undefined || body.runId !== undefined) throw invalidArgument('source and runId must be absent when upload is true: the files are uploaded to the version');
        return { version: await modelFiles.createUploadVersion(params.name, { description: body.description, tags: body.tags }) };
      }
      if (body.source === undefined) throw invalidArgument("Missing value for required parameter 'source' (or set upload to true)");
      const runId = body.runId ?? runsSource.exec(body.source)?.[1] ?? '';
      const version = await registry.createModelVersion({
        name: params.name,
        source: body.source,
        runId,
        runLink: '',
        description: body.description,
        userId: '',
        tags: body.tags,
      });
      return { version };
    },
  }),
  jsonRoute({
    method: 'GET',
    path: '/models/{name}/versions/{version}',
    operationId: 'getModelVersion',
    summary: 'Get one version of a model with its files, format and signature',
    tag: 'models',
    params: versionParamsSchema,
    response: versionDetailSchema,
    handler: async ({ params }, { registry, modelFiles }) => {
      const version = await registry.getModelVersion(params.name, params.version);
      return { version, files: await modelFiles.files(version.name, version.version) };
    },
  }),
  jsonRoute({
    method: 'DELETE',
    path: '/models/{name}/versions/{version}',
    operationId: 'deleteModelVersion',
    summary: 'Delete a version; its number is never reused and its aliases are removed',
    tag: 'models',
    params: versionParamsSchema,
    response: modelEnvelopeSchema,
    handler: async ({ params }, { registry }) => {
      await registry.deleteModelVersion(params.name, params.version);
      return { model: await registry.getRegisteredModel(params.name) };
    },
  }),
  jsonRoute({
    method: 'GET',
    path: '/models/{name}/versions/{version}/lineage',
    operationId: 'getModelVersionLineage',
    summary: "Where a version came from: its run, the run's code version, datasets, params and metrics",
    tag: 'models',
    params: versionParamsSchema,
    response: lineageSchema,
    handler: async ({ params }, { registry, tracking, modelFiles }) => {
      const lineage = await getLineage(registry, tracking, params.name, params.version);
      const { format, flavors, signature } = await registry.getModelVersion(lineage.version.name, lineage.version.version);
      const files = await modelFiles.files(lineage.version.name, lineage.version.version);
      return toWireLineage({ ...lineage, version: { ...lineage.version, format, flavors, signature, files } });
    },
  }),
  jsonRoute({
    method: 'PUT',
    path: '/models/{name}/aliases/{alias}',
    operationId: 'setModelAlias',
    summary: 'Point an alias at a version (an existing alias moves)',
    tag: 'models',
    params: aliasParamsSchema,
    body: setAliasBodySchema,
    response: modelEnvelopeSchema,
    handler: async ({ params, body }, { registry }) => {
      await registry.setRegisteredModelAlias(params.name, params.alias, body.version);
      return { model: await registry.getRegisteredModel(params.name) };
    },
  }),
  jsonRoute({
    method: 'DELETE',
    path: '/models/{name}/aliases/{alias}',
    operationId: 'deleteModelAlias',
    summary: 'Remove an alias; removing a missing one is a no-op',
    tag: 'models',
    params: aliasParamsSchema,
    response: modelEnvelopeSchema,
    handler: async ({ params }, { registry }) => {
      await registry.deleteRegisteredModelAlias(params.name, params.alias);
      return { model: await registry.getRegisteredModel(params.name) };
    },
  }),
];
