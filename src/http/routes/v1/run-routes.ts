import { systemTags, type DatasetInput, type KeyValue, type Run } from '../../../domain/tracking/types.js';
import { jsonRoute, streamRoute, type AnyRoute } from './route.js';
import {
  createRunBodySchema,
  logBatchBodySchema,
  logInputsBodySchema,
  metricHistoryQuerySchema,
  metricHistorySchema,
  runEnvelopeSchema,
  runPageSchema,
  searchRunsBodySchema,
  updateRunBodySchema,
} from './run-schemas.js';
import { emptySchema, runIdParamsSchema, tagKeyQuerySchema } from './schemas.js';
import { defined, toWireRun } from './wire.js';

const envelope = (run: Run) => ({ run: toWireRun(run) });

export const runRoutes: AnyRoute[] = [
  jsonRoute({
    method: 'POST',
    path: '/runs',
    operationId: 'createRun',
    summary: 'Start a run (status RUNNING)',
    tag: 'runs',
    status: 201,
    body: createRunBodySchema,
    response: runEnvelopeSchema,
    handler: async ({ body }, { tracking }) => {
      const { parentRunId, tags, ...rest } = body;
      let allTags: KeyValue[] = tags;
      if (parentRunId !== undefined) {
        // A nested run must point at a run that exists; the lookup throws NOT_FOUND otherwise.
        await tracking.getRun(parentRunId);
        allTags = [...tags.filter((t) => t.key !== systemTags.parentRunId), { key: systemTags.parentRunId, value: parentRunId }];
      }
      return envelope(await tracking.createRun({ ...defined(rest), tags: allTags }));
    },
  }),
  jsonRoute({
    method: 'POST',
    path: '/runs/search',
    operationId: 'searchRuns',
    summary: 'Search runs of some experiments with the search grammar, ordered and paged',
    tag: 'runs',
    body: searchRunsBodySchema,
    response: runPageSchema,
    handler: async ({ body }, { tracking }) => {
      const page = await tracking.searchRuns(defined(body));
      return { runs: page.items.map(toWireRun), ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}) };
    },
  }),
  jsonRoute({
    method: 'GET',
    path: '/runs/{runId}',
    operationId: 'getRun',
    summary: 'Get a run with its latest metrics, params, tags and inputs',
    tag: 'runs',
    params: runIdParamsSchema,
    response: runEnvelopeSchema,
    handler: async ({ params }, { tracking }) => envelope(await tracking.getRun(params.runId)),
  }),
  jsonRoute({
    method: 'PATCH',
    path: '/runs/{runId}',
    operationId: 'updateRun',
    summary: 'Rename a run or change its status; a terminal status ends it',
    tag: 'runs',
    params: runIdParamsSchema,
    body: updateRunBodySchema,
    response: runEnvelopeSchema,
    handler: async ({ params, body }, { tracking }) => {
      await tracking.updateRun(params.runId, defined(body));
      return envelope(await tracking.getRun(params.runId));
    },
  }),
  jsonRoute({
    method: 'DELETE',
    path: '/runs/{runId}',
    operationId: 'deleteRun',
    summary: 'Soft-delete a run; restore undoes it',
    tag: 'runs',
    params: runIdParamsSchema,
    response: runEnvelopeSchema,
    handler: async ({ params }, { tracking }) => {
      await tracking.deleteRun(params.runId);
      return envelope(await tracking.getRun(params.runId));
    },
  }),
  jsonRoute({
    method: 'POST',
    path: '/runs/{runId}/restore',
    operationId: 'restoreRun',
    summary: 'Restore a deleted run',
    tag: 'runs',
    params: runIdParamsSchema,
    response: runEnvelopeSchema,
    handler: async ({ params }, { tracking }) => {
      await tracking.restoreRun(params.runId);
      return envelope(await tracking.getRun(params.runId));
    },
  }),
  jsonRoute({
    method: 'POST',
    path: '/runs/{runId}/batch',
    operationId: 'logBatch',
    summary: 'Log metrics, params and tags in one all-or-nothing write',
    tag: 'runs',
    params: runIdParamsSchema,
    body: logBatchBodySchema,
    response: emptySchema,
    handler: async ({ params, body }, { tracking }) => {
      await tracking.logBatch(params.runId, body);
      return {};
    },
  }),
  jsonRoute({
    method: 'POST',
    path: '/runs/{runId}/inputs',
    operationId: 'logInputs',
    summary: 'Record the datasets a run used',
    tag: 'runs',
    params: runIdParamsSchema,
    body: logInputsBodySchema,
    // A dataset profile alone may be 16 MB (MLflow's limit).
    bodyLimit: 40 * 1024 * 1024,
    response: emptySchema,
    handler: async ({ params, body }, { tracking }) => {
      const inputs: DatasetInput[] = body.datasets.map(({ tags, dataset }) => ({ tags, dataset: defined(dataset) }));
      await tracking.logInputs(params.runId, inputs);
      return {};
    },
  }),
  jsonRoute({
    method: 'DELETE',
    path: '/runs/{runId}/tags',
    operationId: 'deleteRunTag',
    summary: 'Remove a tag from a run (the key goes in the query, as keys may contain `/`)',
    tag: 'runs',
    params: runIdParamsSchema,
    query: tagKeyQuerySchema,
    response: emptySchema,
    handler: async ({ params, query }, { tracking }) => {
      await tracking.deleteTag(params.runId, query.key);
      return {};
    },
  }),
  // A JSON answer sent as bytes: the points come from the database already in this API's wire form
  // (see TrackingService.getMetricHistoryJson), so only the envelope is written here.
  streamRoute({
    method: 'GET',
    path: '/runs/{runId}/metric-history',
    operationId: 'getMetricHistory',
    summary: 'Every logged value of one metric of a run',
    tag: 'runs',
    params: runIdParamsSchema,
    query: metricHistoryQuerySchema,
    response: metricHistorySchema,
    handler: async ({ params, query }, { tracking }, { reply }) => {
      const page = await tracking.getMetricHistoryJson({ runId: params.runId, ...defined(query) });
      const token = page.nextPageToken ? `,"nextPageToken":${JSON.stringify(page.nextPageToken)}` : '';
      const body = Buffer.concat([Buffer.from('{"metrics":'), page.json, Buffer.from(`${token}}`)]);
      return reply.type('application/json; charset=utf-8').send(body);
    },
  }),
];
