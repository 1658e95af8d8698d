import { randomUUID } from 'node:crypto';
import type { Authorizer } from '../access/authorizer.js';
import type { Clock } from '../clock.js';
import { invalidArgument, notFound } from '../errors.js';
import { validateEventPatterns, validateWebhookUrl } from './webhook-patterns.js';
import { newWebhookSecret, type WebhookPayload } from './webhook-signature.js';
import type { WebhookStore } from './webhook-store.js';
import { defaultWebhookEvents, webhookLimits, type CreatedWebhook, type DeliveryPage, type DeliveryStatus, type StoredWebhook, type Webhook } from './webhook.js';

/** The outcome of one POST to a receiver. */
export interface SendResult {
  /** The receiver answered 2xx. */
  ok: boolean;
  responseStatus: number | null;
  error: string | null;
  durationMs: number;
}

/** Signs and POSTs a payload (runtime/webhook-sender.ts). */
export interface WebhookSender {
  send(target: { url: string; secret: string }, payload: WebhookPayload): Promise<SendResult>;
}

export interface CreateWebhookInput {
  url: string;
  events?: readonly string[];
  description?: string;
}

export interface DeliveryListOptions {
  status?: DeliveryStatus;
  maxResults?: number;
  pageToken?: string;
}

export interface PingResult extends SendResult {
  deliveryId: string;
}

export interface WebhookServiceOptions {
  store: WebhookStore;
  authorizer: Authorizer;
  sender: WebhookSender;
  clock: Clock;
}

/** Webhooks of a project: managed, and their deliveries seen, by those who may manage the project. */
export class WebhookService {
  constructor(private readonly options: WebhookServiceOptions) {}

  async listWebhooks(project: string): Promise<Webhook[]> {
    const projectId = await this.options.store.projectId(project);
    await this.options.authorizer.requireProject(projectId, 'manage', 'to manage webhooks');
    return this.options.store.listWebhooks(projectId);
  }

  /** Creates a webhook; the answer holds its signing secret, shown this once. */
  async createWebhook(project: string, input: CreateWebhookInput): Promise<CreatedWebhook> {
    const projectId = await this.options.store.projectId(project);
    await this.options.authorizer.requireProject(projectId, 'manage', 'to manage webhooks');
    const url = validateWebhookUrl(input.url);
    const events = validateEventPatterns(input.events ?? defaultWebhookEvents);
    const description = input.description ?? '';
    if (description.length > webhookLimits.descriptionLength) {
      throw invalidArgument(`description: longer than ${webhookLimits.descriptionLength} characters`);
    }
    const secret = newWebhookSecret();
    const webhook = await this.options.store.createWebhook({
      projectId,
      url,
      events,
      description,
      secret,
      createdBy: this.options.authorizer.caller().name,
      createdTime: this.options.clock.now(),
    });
    return { webhook, secret };
  }

  async deleteWebhook(id: string): Promise<void> {
    const webhook = await this.managed(id);
    await this.options.store.deleteWebhook(webhook);
  }

  /** A webhook's deliveries, newest event first. */
  async listDeliveries(id: string, options: DeliveryListOptions = {}): Promise<DeliveryPage> {
    const webhook = await this.managed(id);
    const limit = options.maxResults ?? webhookLimits.deliveriesPageDefault;
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > webhookLimits.deliveriesPageMax) {
      throw invalidArgument(`maxResults: between 1 and ${webhookLimits.deliveriesPageMax}`);
    }
    const beforeSeq = decodeDeliveryToken(options.pageToken);
    const deliveries = await this.options.store.listDeliveries(webhook.id, {
      limit: limit + 1,
      ...(options.status ? { status: options.status } : {}),
      ...(beforeSeq !== undefined ? { beforeSeq } : {}),
    });
    if (deliveries.length <= limit) return { deliveries };
    const page = deliveries.slice(0, limit);
    return { deliveries: page, nextPageToken: encodeDeliveryToken(page[page.length - 1]!.eventSeq) };
  }

  /**
   * Sends a signed `webhook.ping` event now, outside the queue and without retries, so whoever sets
   * up a receiver sees at once whether it answers and verifies.
   */
  async ping(id: string): Promise<PingResult> {
    const webhook = await this.managed(id);
    const deliveryId = randomUUID();
    const payload: WebhookPayload = {
      id: `ping-${deliveryId}`,
      event: {
        seq: 0,
        time: this.options.clock.now(),
        actor: this.options.authorizer.caller().name,
        action: 'webhook.ping',
        resourceType: 'webhook',
        resourceId: String(webhook.id),
        project: webhook.project,
        details: {},
      },
      deliveryId,
      attempt: 1,
    };
    const result = await this.options.sender.send(webhook, payload);
    return { deliveryId, ...result };
  }

  private async managed(id: string): Promise<StoredWebhook> {
    const numeric = /^\d{1,15}$/.test(id) ? Number(id) : undefined;
    const webhook = numeric === undefined ? null : await this.options.store.getWebhook(numeric);
    if (!webhook) throw notFound(`Webhook '${id}' not found`);
    await this.options.authorizer.requireProject(webhook.projectId, 'manage', 'to manage webhooks');
    return webhook;
  }
}

function encodeDeliveryToken(beforeSeq: number): string {
  return Buffer.from(JSON.stringify({ before: beforeSeq })).toString('base64url');
}

function decodeDeliveryToken(token: string | undefined): number | undefined {
  if (token === undefined || token === '') return undefined;
  try {
    const { before } = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { before?: unknown };
    if (typeof before === 'number' && Number.isSafeInteger(before) && before > 0) return before;
  } catch {
    // Falls through to the error below.
  }
  throw invalidArgument(`Invalid pageToken '${token}': it is not a token this server issued`);
}
