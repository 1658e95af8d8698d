import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { TrackingService } from '../../../domain/tracking/tracking-service.js';
import { mlflowInt64, optional, parseRequest, repeated, requireRunId, runIdFields, runMetricJson, withPageToken } from './mlflow-json.js';
import { requestFields } from './request-fields.js';

/** Request schemas of the MLflow metric-history endpoints (snake_case, as on the wire). */
export const mlflowMetricSchemas = {
  getHistory: z.object({ ...runIdFields, metric_key: z.string(), max_results: optional(mlflowInt64), page_token: optional(z.string()) }),
  getHistoryBulkInterval: z.object({
    run_ids: repeated(z.string()),
    metric_key: z.string(),
    start_step: optional(mlflowInt64),
    end_step: optional(mlflowInt64),
    max_results: optional(mlflowInt64),
  }),
};

/** The UI's default sample size per run for bulk-interval history. */
const defaultBulkIntervalResults = 2500;

export function registerMetricRoutes(server: FastifyInstance, tracking: TrackingService): void {
  const s = mlflowMetricSchemas;
  const fields = <T extends z.ZodType>(schema: T, request: FastifyRequest): z.output<T> => parseRequest(schema, requestFields(request));

  server.get('/metrics/get-history', async (request, reply) => {
    const query = fields(s.getHistory, request);
    const page = await tracking.getMetricHistoryJson({
      runId: requireRunId(query),
      key: query.metric_key,
      ...(query.max_results !== undefined ? { maxResults: query.max_results } : {}),
      ...(query.page_token ? { pageToken: query.page_token } : {}),
    });
    // The points arrive as JSON in MLflow's form (see getMetricHistoryJson); only the envelope is
    // written here. No points means no `metrics` field, as MLflow answers.
    const envelope = JSON.stringify(withPageToken({}, page.nextPageToken));
    const body =
      page.count === 0
        ? envelope
        : Buffer.concat([Buffer.from('{"metrics":'), page.json, Buffer.from(envelope === '{}' ? '}' : `,${envelope.slice(1)}`)]);
    return reply.type('application/json; charset=utf-8').send(body);
  });

  server.get('/metrics/get-history-bulk-interval', async (request) => {
    const query = fields(s.getHistoryBulkInterval, request);
    const metrics = await tracking.getMetricHistoryBulkInterval({
      runIds: query.run_ids,
      key: query.metric_key,
      maxResults: query.max_results ?? defaultBulkIntervalResults,
      ...(query.start_step !== undefined ? { startStep: query.start_step } : {}),
      ...(query.end_step !== undefined ? { endStep: query.end_step } : {}),
    });
    return metrics.length > 0 ? { metrics: metrics.map(runMetricJson) } : {};
  });
}
