import type { TrackingService } from '../../../domain/tracking/tracking-service.js';
import type { Experiment, ExperimentSearch } from '../../../domain/tracking/types.js';
import {
  createExperimentBodySchema,
  experimentEnvelopeSchema,
  experimentNameQuerySchema,
  experimentPageSchema,
  listExperimentsQuerySchema,
  searchExperimentsBodySchema,
  setTagBodySchema,
  updateExperimentBodySchema,
} from './experiment-schemas.js';
import { jsonRoute, type AnyRoute } from './route.js';
import { experimentIdParamsSchema, tagKeyQuerySchema } from './schemas.js';
import { defined } from './wire.js';

async function searchPage(tracking: TrackingService, search: ExperimentSearch) {
  const page = await tracking.searchExperiments(search);
  return { experiments: page.items, ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}) };
}

const envelope = (experiment: Experiment) => ({ experiment });

export const experimentRoutes: AnyRoute[] = [
  jsonRoute({
    method: 'GET',
    path: '/experiments',
    operationId: 'listExperiments',
    summary: 'List experiments, filtered and ordered with the search grammar',
    tag: 'experiments',
    query: listExperimentsQuerySchema,
    response: experimentPageSchema,
    handler: ({ query }, { tracking }) => searchPage(tracking, defined(query)),
  }),
  jsonRoute({
    method: 'POST',
    path: '/experiments/search',
    operationId: 'searchExperiments',
    summary: 'Search experiments (the same as listing, with the query in a JSON body)',
    tag: 'experiments',
    body: searchExperimentsBodySchema,
    response: experimentPageSchema,
    handler: ({ body }, { tracking }) => searchPage(tracking, defined(body)),
  }),
  jsonRoute({
    method: 'POST',
    path: '/experiments',
    operationId: 'createExperiment',
    summary: 'Create an experiment',
    tag: 'experiments',
    status: 201,
    body: createExperimentBodySchema,
    response: experimentEnvelopeSchema,
    handler: async ({ body }, { tracking }) => {
      const id = await tracking.createExperiment(body.name, body.artifactLocation, body.tags, body.project);
      return envelope(await tracking.getExperiment(id));
    },
  }),
  jsonRoute({
    method: 'GET',
    path: '/experiments/by-name',
    operationId: 'getExperimentByName',
    summary: 'Get an experiment by name (an active one is preferred over a deleted one)',
    tag: 'experiments',
    query: experimentNameQuerySchema,
    response: experimentEnvelopeSchema,
    handler: async ({ query }, { tracking }) => envelope(await tracking.getExperimentByName(query.name)),
  }),
  jsonRoute({
    method: 'GET',
    path: '/experiments/{experimentId}',
    operationId: 'getExperiment',
    summary: 'Get an experiment, deleted or not',
    tag: 'experiments',
    params: experimentIdParamsSchema,
    response: experimentEnvelopeSchema,
    handler: async ({ params }, { tracking }) => envelope(await tracking.getExperiment(params.experimentId)),
  }),
  jsonRoute({
    method: 'PATCH',
    path: '/experiments/{experimentId}',
    operationId: 'updateExperiment',
    summary: 'Rename an experiment',
    tag: 'experiments',
    params: experimentIdParamsSchema,
    body: updateExperimentBodySchema,
    response: experimentEnvelopeSchema,
    handler: async ({ params, body }, { tracking }) => {
      await tracking.renameExperiment(params.experimentId, body.name);
      return envelope(await tracking.getExperiment(params.experimentId));
    },
  }),
  jsonRoute({
    method: 'DELETE',
    path: '/experiments/{experimentId}',
    operationId: 'deleteExperiment',
    summary: 'Soft-delete an experiment and its runs; restore undoes it',
    tag: 'experiments',
    params: experimentIdParamsSchema,
    response: experimentEnvelopeSchema,
    handler: async ({ params }, { tracking }) => {
      await tracking.deleteExperiment(params.experimentId);
      return envelope(await tracking.getExperiment(params.experimentId));
    },
  }),
  jsonRoute({
    method: 'POST',
    path: '/experiments/{experimentId}/restore',
    operationId: 'restoreExperiment',
    summary: 'Restore a deleted experiment',
    tag: 'experiments',
    params: experimentIdParamsSchema,
    response: experimentEnvelopeSchema,
    handler: async ({ params }, { tracking }) => {
      await tracking.restoreExperiment(params.experimentId);
      return envelope(await tracking.getExperiment(params.experimentId));
    },
  }),
  jsonRoute({
    method: 'POST',
    path: '/experiments/{experimentId}/tags',
    operationId: 'setExperimentTag',
    summary: 'Set (or overwrite) a tag on an experiment',
    tag: 'experiments',
    params: experimentIdParamsSchema,
    body: setTagBodySchema,
    response: experimentEnvelopeSchema,
    handler: async ({ params, body }, { tracking }) => {
      await tracking.setExperimentTag(params.experimentId, body.key, body.value);
      return envelope(await tracking.getExperiment(params.experimentId));
    },
  }),
  jsonRoute({
    method: 'DELETE',
    path: '/experiments/{experimentId}/tags',
    operationId: 'deleteExperimentTag',
    summary: 'Remove a tag from an experiment (the key goes in the query, as keys may contain `/`)',
    tag: 'experiments',
    params: experimentIdParamsSchema,
    query: tagKeyQuerySchema,
    response: experimentEnvelopeSchema,
    handler: async ({ params, query }, { tracking }) => {
      await tracking.deleteExperimentTag(params.experimentId, query.key);
      return envelope(await tracking.getExperiment(params.experimentId));
    },
  }),
];
