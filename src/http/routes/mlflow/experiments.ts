import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { TrackingService } from '../../../domain/tracking/tracking-service.js';
import { experimentJson, mlflowInt64, mlflowKeyValue, mlflowViewType, optional, parseRequest, repeated, withPageToken } from './mlflow-json.js';
import { requestFields } from './request-fields.js';

/** Request schemas of the MLflow experiment endpoints (snake_case, as on the wire). */
export const mlflowExperimentSchemas = {
  create: z.object({ name: z.string(), artifact_location: optional(z.string()), tags: repeated(mlflowKeyValue) }),
  get: z.object({ experiment_id: z.string() }),
  getByName: z.object({ experiment_name: z.string() }),
  search: z.object({
    max_results: optional(mlflowInt64),
    page_token: optional(z.string()),
    filter: optional(z.string()),
    order_by: repeated(z.string()),
    view_type: mlflowViewType,
  }),
  update: z.object({ experiment_id: z.string(), new_name: z.string() }),
  setTag: z.object({ experiment_id: z.string(), key: z.string(), value: optional(z.string()) }),
  deleteTag: z.object({ experiment_id: z.string(), key: z.string() }),
};

/** MLflow's default page size for experiments/search when the caller sends none. */
const defaultSearchPageSize = 1000;

export function registerExperimentRoutes(server: FastifyInstance, tracking: TrackingService): void {
  const s = mlflowExperimentSchemas;
  const fields = <T extends z.ZodType>(schema: T, request: FastifyRequest): z.output<T> => parseRequest(schema, requestFields(request));

  server.post('/experiments/create', async (request) => {
    const body = fields(s.create, request);
    const experimentId = await tracking.createExperiment(body.name, body.artifact_location, body.tags);
    return { experiment_id: experimentId };
  });

  server.get('/experiments/get', async (request) => {
    const query = fields(s.get, request);
    return { experiment: experimentJson(await tracking.getExperiment(query.experiment_id)) };
  });

  server.get('/experiments/get-by-name', async (request) => {
    const query = fields(s.getByName, request);
    return { experiment: experimentJson(await tracking.getExperimentByName(query.experiment_name)) };
  });

  const search = async (request: FastifyRequest) => {
    const query = fields(s.search, request);
    const page = await tracking.searchExperiments({
      filter: query.filter ?? '',
      viewType: query.view_type,
      maxResults: query.max_results ?? defaultSearchPageSize,
      orderBy: query.order_by,
      ...(query.page_token ? { pageToken: query.page_token } : {}),
    });
    const json: Record<string, unknown> = {};
    if (page.items.length > 0) json['experiments'] = page.items.map(experimentJson);
    return withPageToken(json, page.nextPageToken);
  };
  server.post('/experiments/search', search);
  server.get('/experiments/search', search);

  server.post('/experiments/update', async (request) => {
    const body = fields(s.update, request);
    await tracking.renameExperiment(body.experiment_id, body.new_name);
    return {};
  });

  server.post('/experiments/delete', async (request) => {
    await tracking.deleteExperiment(fields(s.get, request).experiment_id);
    return {};
  });

  server.post('/experiments/restore', async (request) => {
    await tracking.restoreExperiment(fields(s.get, request).experiment_id);
    return {};
  });

  server.post('/experiments/set-experiment-tag', async (request) => {
    const body = fields(s.setTag, request);
    await tracking.setExperimentTag(body.experiment_id, body.key, body.value ?? '');
    return {};
  });

  server.post('/experiments/delete-experiment-tag', async (request) => {
    const body = fields(s.deleteTag, request);
    await tracking.deleteExperimentTag(body.experiment_id, body.key);
    return {};
  });
}
