import { deploymentNameParamsSchema } from './deployment-schemas.js';
import {
  monitorListSchema,
  monitorResponseSchema,
  monitorResultsSchema,
  monitorSpecBodySchema,
  monitorWindowsSchema,
  resultsQuerySchema,
  runSummarySchema,
  windowsQuerySchema,
} from './monitor-schemas.js';
import { monitorIdParamsSchema } from './reference-schemas.js';
import { jsonRoute, type AnyRoute } from './route.js';
import { defined } from './wire.js';
import { z } from 'zod';

const empty = z.object({});

/** Monitors of deployments (docs/monitoring.md, "Monitors and alerts"). */
export const monitorRoutes: AnyRoute[] = [
  jsonRoute({
    method: 'GET',
    path: '/deployments/{name}/monitors',
    operationId: 'listMonitors',
    summary: "A deployment's monitors",
    tag: 'deployments',
    params: deploymentNameParamsSchema,
    response: monitorListSchema,
    handler: async ({ params }, { monitors }) => ({ monitors: await monitors.list(params.name) }),
  }),
  jsonRoute({
    method: 'POST',
    path: '/deployments/{name}/monitors',
    operationId: 'createMonitor',
    summary: 'Creates a monitor of a deployment',
    tag: 'deployments',
    status: 201,
    params: deploymentNameParamsSchema,
    body: monitorSpecBodySchema,
    response: monitorResponseSchema,
    handler: async ({ params, body }, { monitors }) => ({ monitor: await monitors.create(params.name, body) }),
  }),
  jsonRoute({
    method: 'GET',
    path: '/monitors/{id}',
    operationId: 'getMonitor',
    summary: 'A monitor',
    tag: 'deployments',
    params: monitorIdParamsSchema,
    response: monitorResponseSchema,
    handler: async ({ params }, { monitors }) => ({ monitor: await monitors.get(params.id) }),
  }),
  jsonRoute({
    method: 'PUT',
    path: '/monitors/{id}',
    operationId: 'updateMonitor',
    summary: "Replaces a monitor's spec",
    tag: 'deployments',
    params: monitorIdParamsSchema,
    body: monitorSpecBodySchema,
    response: monitorResponseSchema,
    handler: async ({ params, body }, { monitors }) => ({ monitor: await monitors.update(params.id, body) }),
  }),
  jsonRoute({
    method: 'DELETE',
    path: '/monitors/{id}',
    operationId: 'deleteMonitor',
    summary: 'Deletes a monitor with its windows, results and alerts',
    tag: 'deployments',
    params: monitorIdParamsSchema,
    response: empty,
    handler: async ({ params }, { monitors }) => {
      await monitors.delete(params.id);
      return {};
    },
  }),
  jsonRoute({
    method: 'POST',
    path: '/monitors/{id}/run',
    operationId: 'runMonitor',
    summary: 'Runs a monitor now, outside its schedule',
    tag: 'deployments',
    params: monitorIdParamsSchema,
    response: runSummarySchema,
    handler: async ({ params }, { monitors }) => ({ run: await monitors.runNow(params.id) }),
  }),
  jsonRoute({
    method: 'GET',
    path: '/monitors/{id}/results',
    operationId: 'listMonitorResults',
    summary: "A monitor's results: one per check per window, oldest first",
    tag: 'deployments',
    params: monitorIdParamsSchema,
    query: resultsQuerySchema,
    response: monitorResultsSchema,
    handler: async ({ params, query }, { monitors }) => ({ results: await monitors.results(params.id, defined(query)) }),
  }),
  jsonRoute({
    method: 'GET',
    path: '/monitors/{id}/windows',
    operationId: 'listMonitorWindows',
    summary: "A monitor's windows with profile, drift and performance, newest first",
    tag: 'deployments',
    params: monitorIdParamsSchema,
    query: windowsQuerySchema,
    response: monitorWindowsSchema,
    handler: async ({ params, query }, { monitors }) => ({ windows: await monitors.windows(params.id, query.limit) }),
  }),
];
