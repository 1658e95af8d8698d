import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { TrackingService } from '../../../domain/tracking/tracking-service.js';
import type { DatasetInput } from '../../../domain/tracking/types.js';
import {
  mlflowDouble,
  mlflowInt64,
  mlflowKeyValue,
  mlflowMetricList,
  mlflowRunStatus,
  mlflowViewType,
  optional,
  parseRequest,
  repeated,
  requireRunId,
  runIdFields,
  runInfoJson,
  runJson,
  withPageToken,
} from './mlflow-json.js';
import { requestFields } from './request-fields.js';

const datasetInput = z
  .object({
    tags: repeated(mlflowKeyValue),
    dataset: z.object({
      name: z.string(),
      digest: z.string(),
      source_type: z.string(),
      source: z.string(),
      schema: optional(z.string()),
      profile: optional(z.string()),
    }),
  })
  .transform(({ tags, dataset }): DatasetInput => ({
    tags,
    dataset: {
      name: dataset.name,
      digest: dataset.digest,
      sourceType: dataset.source_type,
      source: dataset.source,
      ...(dataset.schema !== undefined ? { schema: dataset.schema } : {}),
      ...(dataset.profile !== undefined ? { profile: dataset.profile } : {}),
    },
  }));

/** Request schemas of the MLflow run endpoints (snake_case, as on the wire). */
export const mlflowRunSchemas = {
  create: z.object({
    experiment_id: optional(z.string()),
    user_id: optional(z.string()),
    run_name: optional(z.string()),
    start_time: optional(mlflowInt64),
    tags: repeated(mlflowKeyValue),
  }),
  runId: z.object(runIdFields),
  update: z.object({ ...runIdFields, status: optional(mlflowRunStatus), end_time: optional(mlflowInt64), run_name: optional(z.string()) }),
  logMetric: z.object({ ...runIdFields, key: z.string(), value: mlflowDouble, timestamp: mlflowInt64, step: optional(mlflowInt64) }),
  keyValue: z.object({ ...runIdFields, key: z.string(), value: optional(z.string()) }),
  deleteTag: z.object({ ...runIdFields, key: z.string() }),
  logBatch: z.object({ ...runIdFields, metrics: mlflowMetricList, params: repeated(mlflowKeyValue), tags: repeated(mlflowKeyValue) }),
  logModel: z.object({ ...runIdFields, model_json: z.string() }),
  logInputs: z.object({ ...runIdFields, datasets: repeated(datasetInput) }),
  search: z.object({
    experiment_ids: repeated(z.string()),
    filter: optional(z.string()),
    run_view_type: mlflowViewType,
    max_results: optional(mlflowInt64),
    order_by: repeated(z.string()),
    page_token: optional(z.string()),
  }),
};

/** MLflow's limits on request bodies (reference sheet §8); dataset schemas and profiles may be large. */
const logBatchBodyLimit = 1_000_000;
const logInputsBodyLimit = 40 * 1024 * 1024;
const logModelBodyLimit = 16 * 1024 * 1024;
const defaultSearchPageSize = 1000;

export function registerRunRoutes(server: FastifyInstance, tracking: TrackingService): void {
  const s = mlflowRunSchemas;
  const fields = <T extends z.ZodType>(schema: T, request: FastifyRequest): z.output<T> => parseRequest(schema, requestFields(request));

  server.post('/runs/create', async (request) => {
    const body = fields(s.create, request);
    const run = await tracking.createRun({
      tags: body.tags,
      ...(body.experiment_id ? { experimentId: body.experiment_id } : {}),
      ...(body.user_id ? { userId: body.user_id } : {}),
      ...(body.run_name ? { runName: body.run_name } : {}),
      ...(body.start_time !== undefined ? { startTime: body.start_time } : {}),
    });
    return { run: runJson(run) };
  });

  server.get('/runs/get', async (request) => ({ run: runJson(await tracking.getRun(requireRunId(fields(s.runId, request)))) }));

  server.post('/runs/update', async (request) => {
    const body = fields(s.update, request);
    const info = await tracking.updateRun(requireRunId(body), {
      ...(body.status !== undefined ? { status: body.status } : {}),
      ...(body.end_time !== undefined ? { endTime: body.end_time } : {}),
      ...(body.run_name !== undefined ? { runName: body.run_name } : {}),
    });
    return { run_info: runInfoJson(info) };
  });

  server.post('/runs/delete', async (request) => {
    await tracking.deleteRun(requireRunId(fields(s.runId, request)));
    return {};
  });

  server.post('/runs/restore', async (request) => {
    await tracking.restoreRun(requireRunId(fields(s.runId, request)));
    return {};
  });

  server.post('/runs/log-metric', async (request) => {
    const body = fields(s.logMetric, request);
    await tracking.logMetric(requireRunId(body), { key: body.key, value: body.value, timestamp: body.timestamp, step: body.step ?? 0 });
    return {};
  });

  server.post('/runs/log-parameter', async (request) => {
    const body = fields(s.keyValue, request);
    await tracking.logParam(requireRunId(body), body.key, body.value ?? '');
    return {};
  });

  server.post('/runs/set-tag', async (request) => {
    const body = fields(s.keyValue, request);
    await tracking.setTag(requireRunId(body), body.key, body.value ?? '');
    return {};
  });

  server.post('/runs/delete-tag', async (request) => {
    const body = fields(s.deleteTag, request);
    await tracking.deleteTag(requireRunId(body), body.key);
    return {};
  });

  server.post('/runs/log-batch', { bodyLimit: logBatchBodyLimit }, async (request) => {
    const body = fields(s.logBatch, request);
    await tracking.logBatch(requireRunId(body), { metrics: body.metrics, params: body.params, tags: body.tags });
    return {};
  });

  server.post('/runs/log-model', { bodyLimit: logModelBodyLimit }, async (request) => {
    const body = fields(s.logModel, request);
    await tracking.logModel(requireRunId(body), body.model_json);
    return {};
  });

  server.post('/runs/log-inputs', { bodyLimit: logInputsBodyLimit }, async (request) => {
    const body = fields(s.logInputs, request);
    await tracking.logInputs(requireRunId(body), body.datasets);
    return {};
  });

  server.post('/runs/search', async (request) => {
    const body = fields(s.search, request);
    const page = await tracking.searchRuns({
      experimentIds: body.experiment_ids,
      filter: body.filter ?? '',
      viewType: body.run_view_type,
      maxResults: body.max_results ?? defaultSearchPageSize,
      orderBy: body.order_by,
      ...(body.page_token ? { pageToken: body.page_token } : {}),
    });
    const json: Record<string, unknown> = {};
    if (page.items.length > 0) json['runs'] = page.items.map(runJson);
    return withPageToken(json, page.nextPageToken);
  });
}
