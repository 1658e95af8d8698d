import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { RegistryService } from '../../../domain/registry/registry-service.js';
import { mlflowInt64, mlflowKeyValue, optional, parseRequest, repeated, withPageToken } from './mlflow-json.js';
import { modelVersionJson } from './registry-json.js';
import { requestFields } from './request-fields.js';

const version = z.union([z.string(), z.number()]);
/** proto3-JSON bool; a query string or a loose client may send "true"/"false". */
const bool = z.union([z.boolean(), z.enum(['true', 'false', 'True', 'False']).transform((v) => v.toLowerCase() === 'true')]);

/** Request schemas of the MLflow model-version endpoints (snake_case, as on the wire). */
export const mlflowModelVersionSchemas = {
  create: z.object({
    name: z.string(),
    source: z.string(),
    run_id: optional(z.string()),
    tags: repeated(mlflowKeyValue),
    run_link: optional(z.string()),
    description: optional(z.string()),
  }),
  version: z.object({ name: z.string(), version }),
  update: z.object({ name: z.string(), version, description: optional(z.string()) }),
  transition: z.object({ name: z.string(), version, stage: z.string(), archive_existing_versions: optional(bool) }),
  search: z.object({ filter: optional(z.string()), max_results: optional(mlflowInt64), order_by: repeated(z.string()), page_token: optional(z.string()) }),
  setTag: z.object({ name: z.string(), version, key: z.string(), value: optional(z.string()) }),
  deleteTag: z.object({ name: z.string(), version, key: z.string() }),
};

/** What the server assumes when the caller sends no max_results (MLflow's client sends 10,000). */
const defaultSearchPageSize = 10_000;

export function registerModelVersionRoutes(server: FastifyInstance, registry: RegistryService): void {
  const s = mlflowModelVersionSchemas;
  const fields = <T extends z.ZodType>(schema: T, request: FastifyRequest): z.output<T> => parseRequest(schema, requestFields(request));

  server.post('/model-versions/create', async (request) => {
    const body = fields(s.create, request);
    const created = await registry.createModelVersion({
      name: body.name,
      source: body.source,
      runId: body.run_id ?? '',
      runLink: body.run_link ?? '',
      description: body.description ?? '',
      userId: '',
      tags: body.tags,
    });
    return { model_version: modelVersionJson(created) };
  });

  server.get('/model-versions/get', async (request) => {
    const query = fields(s.version, request);
    return { model_version: modelVersionJson(await registry.getModelVersion(query.name, query.version)) };
  });

  server.patch('/model-versions/update', async (request) => {
    const body = fields(s.update, request);
    return { model_version: modelVersionJson(await registry.updateModelVersion(body.name, body.version, body.description ?? '')) };
  });

  server.delete('/model-versions/delete', async (request) => {
    const body = fields(s.version, request);
    await registry.deleteModelVersion(body.name, body.version);
    return {};
  });

  server.post('/model-versions/transition-stage', async (request) => {
    const body = fields(s.transition, request);
    const moved = await registry.transitionModelVersionStage(body.name, body.version, body.stage, body.archive_existing_versions ?? false);
    return { model_version: modelVersionJson(moved) };
  });

  const search = async (request: FastifyRequest) => {
    const query = fields(s.search, request);
    const page = await registry.searchModelVersions({
      filter: query.filter ?? '',
      maxResults: query.max_results ?? defaultSearchPageSize,
      orderBy: query.order_by,
      ...(query.page_token ? { pageToken: query.page_token } : {}),
    });
    const json: Record<string, unknown> = {};
    if (page.items.length > 0) json['model_versions'] = page.items.map(modelVersionJson);
    return withPageToken(json, page.nextPageToken);
  };
  server.get('/model-versions/search', search);
  server.post('/model-versions/search', search);

  server.get('/model-versions/get-download-uri', async (request) => {
    const query = fields(s.version, request);
    return { artifact_uri: await registry.getModelVersionDownloadUri(query.name, query.version) };
  });

  server.post('/model-versions/set-tag', async (request) => {
    const body = fields(s.setTag, request);
    await registry.setModelVersionTag(body.name, body.version, body.key, body.value ?? '');
    return {};
  });

  server.delete('/model-versions/delete-tag', async (request) => {
    const body = fields(s.deleteTag, request);
    await registry.deleteModelVersionTag(body.name, body.version, body.key);
    return {};
  });
}
