import { deploymentNameParamsSchema } from './deployment-schemas.js';
import {
  bulkFeedbackBodyLimit,
  bulkFeedbackBodySchema,
  bulkFeedbackResultSchema,
  feedbackBodySchema,
  feedbackPageSchema,
  feedbackResultSchema,
  listFeedbackQuerySchema,
  reviewQueueQuerySchema,
  reviewQueueSchema,
} from './feedback-schemas.js';
import { predictionIdParamsSchema } from './prediction-schemas.js';
import { jsonRoute, type AnyRoute } from './route.js';
import { defined } from './wire.js';

/** Ground truth for logged predictions (docs/monitoring.md, "Feedback and performance"). */
export const feedbackRoutes: AnyRoute[] = [
  jsonRoute({
    method: 'POST',
    path: '/predictions/{id}/feedback',
    operationId: 'recordFeedback',
    summary: 'Label (or comment on) one logged prediction; a later label replaces it',
    tag: 'deployments',
    params: predictionIdParamsSchema,
    body: feedbackBodySchema,
    response: feedbackResultSchema,
    handler: async ({ params, body }, { feedback }) => {
      const { label, comment, source } = defined(body);
      return { feedback: await feedback.record(params.id, { label, ...(comment !== undefined ? { comment } : {}) }, source) };
    },
  }),
  jsonRoute({
    method: 'POST',
    path: '/deployments/{name}/feedback',
    operationId: 'recordDeploymentFeedback',
    summary: "Label many of a deployment's predictions: all recorded, or none (unknown ids are named)",
    tag: 'deployments',
    params: deploymentNameParamsSchema,
    body: bulkFeedbackBodySchema,
    bodyLimit: bulkFeedbackBodyLimit,
    response: bulkFeedbackResultSchema,
    handler: async ({ params, body }, { feedback }) => {
      const { items, source } = defined(body);
      return { recorded: await feedback.recordMany(params.name, items.map((item) => defined(item)), source) };
    },
  }),
  jsonRoute({
    method: 'GET',
    path: '/deployments/{name}/feedback',
    operationId: 'listDeploymentFeedback',
    summary: "A deployment's feedback, newest first",
    tag: 'deployments',
    params: deploymentNameParamsSchema,
    query: listFeedbackQuerySchema,
    response: feedbackPageSchema,
    handler: async ({ params, query }, { feedback }) => feedback.list(params.name, defined(query)),
  }),
  jsonRoute({
    method: 'GET',
    path: '/deployments/{name}/review-queue',
    operationId: 'getReviewQueue',
    summary: 'Recent predictions without feedback, for experts to label',
    tag: 'deployments',
    params: deploymentNameParamsSchema,
    query: reviewQueueQuerySchema,
    response: reviewQueueSchema,
    handler: async ({ params, query }, { feedback }) => {
      const { strategy, limit } = defined(query);
      return { predictions: await feedback.reviewQueue(params.name, strategy, limit) };
    },
  }),
];
