import type { Transport } from './transport.js';
import type { CreatedWebhook, DeliveryPage, DeliveryStatus, Webhook } from '../domain/webhooks/webhook.js';
import type { PingResult } from '../domain/webhooks/webhook-service.js';

export type { CreatedWebhook, DeliveryAttempt, DeliveryPage, DeliveryStatus, Webhook, WebhookDelivery } from '../domain/webhooks/webhook.js';
export type { PingResult } from '../domain/webhooks/webhook-service.js';
export type { WebhookEventBody, WebhookPayload } from '../domain/webhooks/webhook-signature.js';

export interface CreateWebhookOptions {
  /** Action patterns: `'*'`, `'<family>.*'` or exact actions; `['model.*', 'model_version.*', 'promotion.*']` by default. */
  events?: string[];
  description?: string;
}

export interface DeliveryListOptions {
  status?: DeliveryStatus;
  maxResults?: number;
  pageToken?: string;
}

const projectPath = (project: string): string => `/projects/${encodeURIComponent(project)}/webhooks`;
const webhookPath = (id: number | string): string => `/webhooks/${encodeURIComponent(String(id))}`;

/** Webhooks of a project and their deliveries: `client.webhooks`. Needs role admin in the project. */
export class WebhooksApi {
  constructor(private readonly transport: Transport) {}

  /**
   * The project's webhooks (without their secrets).
   * @example
   * for (const hook of await client.webhooks.list('default')) console.log(hook.id, hook.url, hook.events);
   */
  async list(project: string): Promise<Webhook[]> {
    return (await this.transport.json<{ webhooks: Webhook[] }>('GET', projectPath(project))).webhooks;
  }

  /**
   * Creates a webhook. The answer's `secret` signs every delivery and is never shown again.
   * @example
   * const { webhook, secret } = await client.webhooks.create('default', 'https://ci.example.com/cairn', { events: ['model.alias.*'] });
   */
  create(project: string, url: string, options: CreateWebhookOptions = {}): Promise<CreatedWebhook> {
    return this.transport.json('POST', projectPath(project), { body: { url, ...options } });
  }

  /**
   * Deletes a webhook and its deliveries.
   * @example
   * await client.webhooks.delete(3);
   */
  async delete(id: number | string): Promise<void> {
    await this.transport.json('DELETE', webhookPath(id));
  }

  /**
   * One page of a webhook's deliveries, newest event first, each with its attempts.
   * @example
   * const { deliveries } = await client.webhooks.deliveries(3, { status: 'failed' });
   */
  deliveries(id: number | string, options: DeliveryListOptions = {}): Promise<DeliveryPage> {
    const { maxResults, ...rest } = options;
    return this.transport.json('GET', `${webhookPath(id)}/deliveries`, { query: { ...rest, ...(maxResults !== undefined ? { maxResults: String(maxResults) } : {}) } });
  }

  /**
   * Sends a signed `webhook.ping` now and answers how the receiver replied.
   * @example
   * const { ok, responseStatus } = await client.webhooks.test(3);
   */
  test(id: number | string): Promise<PingResult> {
    return this.transport.json('POST', `${webhookPath(id)}/test`);
  }
}
