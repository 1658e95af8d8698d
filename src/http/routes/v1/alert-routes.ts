import { deploymentNameParamsSchema } from './deployment-schemas.js';
import { alertIdParamsSchema, alertListSchema, alertResponseSchema, alertsQuerySchema } from './monitor-schemas.js';
import { jsonRoute, type AnyRoute } from './route.js';

/** Alerts of monitors: read by viewers, acknowledged by contributors, resolved by deployers. */
export const alertRoutes: AnyRoute[] = [
  jsonRoute({
    method: 'GET',
    path: '/deployments/{name}/alerts',
    operationId: 'listAlerts',
    summary: "A deployment's alerts, most recently seen first",
    tag: 'deployments',
    params: deploymentNameParamsSchema,
    query: alertsQuerySchema,
    response: alertListSchema,
    handler: async ({ params, query }, { monitors }) => ({ alerts: await monitors.alerts(params.name, query.status) }),
  }),
  jsonRoute({
    method: 'POST',
    path: '/alerts/{id}/acknowledge',
    operationId: 'acknowledgeAlert',
    summary: 'Acknowledges an open alert',
    tag: 'deployments',
    params: alertIdParamsSchema,
    response: alertResponseSchema,
    handler: async ({ params }, { monitors }) => ({ alert: await monitors.acknowledge(params.id) }),
  }),
  jsonRoute({
    method: 'POST',
    path: '/alerts/{id}/resolve',
    operationId: 'resolveAlert',
    summary: 'Resolves an alert by hand',
    tag: 'deployments',
    params: alertIdParamsSchema,
    response: alertResponseSchema,
    handler: async ({ params }, { monitors }) => ({ alert: await monitors.resolve(params.id) }),
  }),
];
