import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { RegistryService } from '../../../domain/registry/registry-service.js';
import { mlflowInt64, mlflowKeyValue, optional, parseRequest, repeated, withPageToken } from './mlflow-json.js';
import { modelVersionJson, registeredModelJson } from './registry-json.js';
import { requestFields } from './request-fields.js';

const version = z.union([z.string(), z.number()]);

/** Request schemas of the MLflow registered-model endpoints (snake_case, as on the wire). */
export const mlflowRegisteredModelSchemas = {
  create: z.object({ name: z.string(), tags: repeated(mlflowKeyValue), description: optional(z.string()) }),
  name: z.object({ name: z.string() }),
  rename: z.object({ name: z.string(), new_name: z.string() }),
  update: z.object({ name: z.string(), description: optional(z.string()) }),
  search: z.object({ filter: optional(z.string()), max_results: optional(mlflowInt64), order_by: repeated(z.string()), page_token: optional(z.string()) }),
  latest: z.object({ name: z.string(), stages: repeated(z.string()) }),
  setTag: z.object({ name: z.string(), key: z.string(), value: optional(z.string()) }),
  deleteTag: z.object({ name: z.string(), key: z.string() }),
  setAlias: z.object({ name: z.string(), alias: z.string(), version }),
  alias: z.object({ name: z.string(), alias: z.string() }),
};

/** MLflow's default page size for registered-models/search. */
const defaultSearchPageSize = 100;

export function registerRegisteredModelRoutes(server: FastifyInstance, registry: RegistryService): void {
  const s = mlflowRegisteredModelSchemas;
  const fields = <T extends z.ZodType>(schema: T, request: FastifyRequest): z.output<T> => parseRequest(schema, requestFields(request));

  server.post('/registered-models/create', async (request) => {
    const body = fields(s.create, request);
    return { registered_model: registeredModelJson(await registry.createRegisteredModel(body.name, body.description ?? '', body.tags)) };
  });

  server.get('/registered-models/get', async (request) => {
    return { registered_model: registeredModelJson(await registry.getRegisteredModel(fields(s.name, request).name)) };
  });

  server.post('/registered-models/rename', async (request) => {
    const body = fields(s.rename, request);
    return { registered_model: registeredModelJson(await registry.renameRegisteredModel(body.name, body.new_name)) };
  });

  server.patch('/registered-models/update', async (request) => {
    const body = fields(s.update, request);
    return { registered_model: registeredModelJson(await registry.updateRegisteredModel(body.name, body.description ?? '')) };
  });

  server.delete('/registered-models/delete', async (request) => {
    await registry.deleteRegisteredModel(fields(s.name, request).name);
    return {};
  });

  const search = async (request: FastifyRequest) => {
    const query = fields(s.search, request);
    const page = await registry.searchRegisteredModels({
      filter: query.filter ?? '',
      maxResults: query.max_results ?? defaultSearchPageSize,
      orderBy: query.order_by,
      ...(query.page_token ? { pageToken: query.page_token } : {}),
    });
    const json: Record<string, unknown> = {};
    if (page.items.length > 0) json['registered_models'] = page.items.map(registeredModelJson);
    return withPageToken(json, page.nextPageToken);
  };
  server.get('/registered-models/search', search);
  server.post('/registered-models/search', search);

  const latest = async (request: FastifyRequest) => {
    const body = fields(s.latest, request);
    const versions = await registry.getLatestVersions(body.name, body.stages);
    return versions.length > 0 ? { model_versions: versions.map(modelVersionJson) } : {};
  };
  server.post('/registered-models/get-latest-versions', latest);
  server.get('/registered-models/get-latest-versions', latest);

  server.post('/registered-models/set-tag', async (request) => {
    const body = fields(s.setTag, request);
    await registry.setRegisteredModelTag(body.name, body.key, body.value ?? '');
    return {};
  });

  server.delete('/registered-models/delete-tag', async (request) => {
    const body = fields(s.deleteTag, request);
    await registry.deleteRegisteredModelTag(body.name, body.key);
    return {};
  });

  server.post('/registered-models/alias', async (request) => {
    const body = fields(s.setAlias, request);
    await registry.setRegisteredModelAlias(body.name, body.alias, body.version);
    return {};
  });

  server.delete('/registered-models/alias', async (request) => {
    const body = fields(s.alias, request);
    await registry.deleteRegisteredModelAlias(body.name, body.alias);
    return {};
  });

  server.get('/registered-models/alias', async (request) => {
    const query = fields(s.alias, request);
    return { model_version: modelVersionJson(await registry.getModelVersionByAlias(query.name, query.alias)) };
  });
}
