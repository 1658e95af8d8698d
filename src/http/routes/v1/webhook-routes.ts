import { jsonRoute, type AnyRoute } from './route.js';
import { emptySchema } from './schemas.js';
import {
  createdWebhookSchema,
  createWebhookBodySchema,
  deliveryPageSchema,
  listDeliveriesQuerySchema,
  pingResultSchema,
  webhookIdParamsSchema,
  webhookListSchema,
  webhookProjectParamsSchema,
} from './webhook-schemas.js';
import { defined } from './wire.js';

/** Webhooks of a project and their deliveries; every route needs role admin in the project. */
export const webhookRoutes: AnyRoute[] = [
  jsonRoute({
    method: 'GET',
    path: '/projects/{project}/webhooks',
    operationId: 'listWebhooks',
    summary: "List a project's webhooks (never their secrets)",
    tag: 'webhooks',
    params: webhookProjectParamsSchema,
    response: webhookListSchema,
    handler: async ({ params }, { webhooks }) => ({ webhooks: await webhooks.listWebhooks(params.project) }),
  }),
  jsonRoute({
    method: 'POST',
    path: '/projects/{project}/webhooks',
    operationId: 'createWebhook',
    summary: 'Create a webhook; the answer shows its signing secret, once',
    tag: 'webhooks',
    status: 201,
    params: webhookProjectParamsSchema,
    body: createWebhookBodySchema,
    response: createdWebhookSchema,
    handler: async ({ params, body }, { webhooks }) => webhooks.createWebhook(params.project, defined(body)),
  }),
  jsonRoute({
    method: 'DELETE',
    path: '/webhooks/{id}',
    operationId: 'deleteWebhook',
    summary: 'Delete a webhook with its deliveries; pending ones are never sent',
    tag: 'webhooks',
    params: webhookIdParamsSchema,
    response: emptySchema,
    handler: async ({ params }, { webhooks }) => {
      await webhooks.deleteWebhook(params.id);
      return {};
    },
  }),
  jsonRoute({
    method: 'GET',
    path: '/webhooks/{id}/deliveries',
    operationId: 'listWebhookDeliveries',
    summary: "A webhook's deliveries with every attempt, newest event first",
    tag: 'webhooks',
    params: webhookIdParamsSchema,
    query: listDeliveriesQuerySchema,
    response: deliveryPageSchema,
    handler: async ({ params, query }, { webhooks }) => webhooks.listDeliveries(params.id, defined(query)),
  }),
  jsonRoute({
    method: 'POST',
    path: '/webhooks/{id}/test',
    operationId: 'testWebhook',
    summary: 'Send a signed webhook.ping event now, once, and answer how the receiver replied',
    tag: 'webhooks',
    params: webhookIdParamsSchema,
    response: pingResultSchema,
    handler: async ({ params }, { webhooks }) => webhooks.ping(params.id),
  }),
];
