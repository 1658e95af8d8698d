import type { WebhookEventBody } from './webhook-signature.js';
import type { DeliveryAttempt, DeliveryStatus, NewWebhook, StoredWebhook, Webhook, WebhookDelivery } from './webhook.js';

export interface DeliveryListQuery {
  status?: DeliveryStatus;
  /** Only deliveries of events before this sequence number (the page token). */
  beforeSeq?: number;
  limit: number;
}

/**
 * Persistence of webhooks. Creating and deleting write their audit events (`webhook.create`,
 * `webhook.delete`) in the same transaction; the secret is never part of them.
 */
export interface WebhookStore {
  /** The id of the project named `name`; NOT_FOUND when there is none. */
  projectId(name: string): Promise<number>;
  /** LIMIT_EXCEEDED when the project already has `webhookLimits.webhooksPerProject`. */
  createWebhook(webhook: NewWebhook): Promise<Webhook>;
  listWebhooks(projectId: number): Promise<Webhook[]>;
  getWebhook(id: number): Promise<StoredWebhook | null>;
  /** Removes the webhook and its deliveries (pending ones are never sent). */
  deleteWebhook(webhook: StoredWebhook): Promise<void>;
  /** Newest event first. */
  listDeliveries(webhookId: number, query: DeliveryListQuery): Promise<WebhookDelivery[]>;
}

/** An audit event some webhook of its project may want. */
export interface QueuedEvent {
  seq: number;
  projectId: number;
  action: string;
}

/** What the dispatcher needs to match events to a webhook. */
export interface WebhookTarget {
  id: number;
  projectId: number;
  events: string[];
  /** The audit sequence number when the webhook was created; only later events reach it. */
  sinceSeq: number;
}

export interface NewDelivery {
  id: string;
  webhookId: number;
  eventSeq: number;
  createdTime: number;
}

/** A delivery leased to one dispatcher for one attempt. */
export interface ClaimedDelivery {
  id: string;
  /** This attempt's number, 1 for the first. */
  attempt: number;
  createdTime: number;
  history: DeliveryAttempt[];
  webhook: { id: number; url: string; secret: string };
  /** The audit event's hash, the payload's `id`. */
  eventId: string;
  event: WebhookEventBody;
}

export interface AttemptOutcome {
  status: DeliveryStatus;
  nextAttemptTime: number | null;
  deliveredTime: number | null;
  history: DeliveryAttempt[];
}

/**
 * The delivery queue shared by every replica. Fan-out is idempotent (one delivery per webhook and
 * event, whoever inserts it first) and the cursor moves only by compare-and-set; claiming is one
 * conditional UPDATE, so no two dispatchers send the same attempt.
 */
export interface DeliveryQueue {
  /** The last audit sequence number already fanned out. */
  cursor(): Promise<number>;
  /** The last committed audit sequence number: every event up to it is visible. */
  auditHead(): Promise<number>;
  /** Events in `(after, upTo]` of projects that have a webhook, oldest first. */
  eventsForWebhooks(after: number, upTo: number, limit: number): Promise<QueuedEvent[]>;
  webhookTargets(projectIds: readonly number[]): Promise<WebhookTarget[]>;
  /** Inserts deliveries; one that already exists for its webhook and event is left alone. */
  enqueue(deliveries: readonly NewDelivery[]): Promise<void>;
  /** Moves the cursor from `from` to `to`; false when another dispatcher moved it first. */
  advanceCursor(from: number, to: number): Promise<boolean>;
  /** Leases up to `limit` pending deliveries due at `now` until `leaseUntil`, counting the attempt. */
  claimDue(now: number, leaseUntil: number, limit: number): Promise<ClaimedDelivery[]>;
  /** Records an attempt's outcome unless the lease was lost (another attempt started since). */
  finishAttempt(id: string, attempt: number, outcome: AttemptOutcome): Promise<void>;
  /** Deletes delivered and failed deliveries created before `before`; answers how many. */
  purgeFinished(before: number): Promise<number>;
}
