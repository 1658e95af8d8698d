import { z } from 'zod';
import { defaultWebhookEvents, deliveryStatuses, webhookLimits } from '../../../domain/webhooks/webhook.js';
import { epochMillisSchema, pageTokenSchema, requestComponents, responseComponents } from './schemas.js';

export const webhookSchema = z
  .object({
    id: z.number().int(),
    project: z.string().describe("The project's name"),
    url: z.string().describe('The http(s) URL that receives the POSTs'),
    events: z.array(z.string()).describe("Action patterns: '*', '<family>.*' or an exact action"),
    description: z.string(),
    createdTime: epochMillisSchema,
    createdBy: z.string(),
  })
  .register(responseComponents, { id: 'Webhook' });

export const webhookListSchema = z.object({ webhooks: z.array(webhookSchema) }).register(responseComponents, { id: 'WebhookList' });

export const createdWebhookSchema = z
  .object({
    webhook: webhookSchema,
    secret: z.string().describe('Signs every delivery (X-Cairn-Signature). Shown only in this answer: keep it to verify deliveries.'),
  })
  .register(responseComponents, { id: 'CreatedWebhook' });

export const deliveryAttemptSchema = z
  .object({
    attempt: z.number().int().min(1),
    time: epochMillisSchema,
    responseStatus: z.number().int().nullable().describe('Null when no answer came (timeout, refused connection)'),
    error: z.string().nullable().describe('Null when the attempt succeeded'),
    durationMs: z.number().int().min(0),
  })
  .register(responseComponents, { id: 'WebhookDeliveryAttempt' });

export const webhookDeliverySchema = z
  .object({
    id: z.string().describe('Sent as X-Cairn-Delivery; the same on every attempt'),
    webhookId: z.number().int(),
    eventSeq: z.number().int().describe("The audit event's sequence number"),
    action: z.string(),
    resourceType: z.string(),
    resourceId: z.string(),
    status: z.enum(deliveryStatuses),
    attempts: z.number().int().min(0),
    createdTime: epochMillisSchema,
    nextAttemptTime: epochMillisSchema.nullable().describe('When the next attempt is due; null once delivered or failed'),
    deliveredTime: epochMillisSchema.nullable(),
    history: z.array(deliveryAttemptSchema),
  })
  .register(responseComponents, { id: 'WebhookDelivery' });

export const deliveryPageSchema = z
  .object({ deliveries: z.array(webhookDeliverySchema).describe('Newest event first'), nextPageToken: z.string().optional() })
  .register(responseComponents, { id: 'WebhookDeliveryPage' });

export const pingResultSchema = z
  .object({
    deliveryId: z.string(),
    ok: z.boolean().describe('The receiver answered 2xx'),
    responseStatus: z.number().int().nullable(),
    error: z.string().nullable(),
    durationMs: z.number().int().min(0),
  })
  .register(responseComponents, { id: 'WebhookPingResult' });

export const webhookProjectParamsSchema = z.strictObject({ project: z.string().min(1).describe('Project name') });
export const webhookIdParamsSchema = z.strictObject({ id: z.string().min(1) });

export const createWebhookBodySchema = z
  .strictObject({
    url: z.string().min(1).max(webhookLimits.urlLength).describe('http or https, without credentials'),
    events: z
      .array(z.string())
      .max(webhookLimits.patternsPerWebhook)
      .optional()
      .describe(`Action patterns; default ${defaultWebhookEvents.map((e) => `'${e}'`).join(', ')}`),
    description: z.string().max(webhookLimits.descriptionLength).optional(),
  })
  .register(requestComponents, { id: 'CreateWebhookRequest' });

export const listDeliveriesQuerySchema = z.strictObject({
  status: z.enum(deliveryStatuses).optional(),
  maxResults: z.coerce.number().int().min(1).max(webhookLimits.deliveriesPageMax).optional().describe(`At most ${webhookLimits.deliveriesPageMax}; default ${webhookLimits.deliveriesPageDefault}`),
  pageToken: pageTokenSchema.optional(),
});
