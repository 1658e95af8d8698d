/** A webhook: where Cairn POSTs the events of one project that match its patterns. */
export interface Webhook {
  id: number;
  /** The project's name. */
  project: string;
  /** http(s) URL that receives the POSTs. */
  url: string;
  /** Action patterns (see webhook-patterns.ts), e.g. `model.*`, `promotion.approve`. */
  events: string[];
  description: string;
  createdTime: number;
  createdBy: string;
}

/** A webhook as stored: with its project id and signing secret, which never leave the server. */
export interface StoredWebhook extends Webhook {
  projectId: number;
  secret: string;
}

export interface NewWebhook {
  projectId: number;
  url: string;
  events: string[];
  description: string;
  secret: string;
  createdBy: string;
  createdTime: number;
}

/** The answer to creating a webhook: the only time the secret is shown. */
export interface CreatedWebhook {
  webhook: Webhook;
  /** Signs every delivery (`X-Cairn-Signature`); keep it to verify them. Never shown again. */
  secret: string;
}

export const deliveryStatuses = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

/** One try at sending a delivery. */
export interface DeliveryAttempt {
  attempt: number;
  time: number;
  /** The receiver's HTTP status; null when no answer came (timeout, refused connection). */
  responseStatus: number | null;
  /** Why the attempt failed; null when it succeeded. */
  error: string | null;
  durationMs: number;
}

/** One event on its way to one webhook, with every attempt so far. */
export interface WebhookDelivery {
  /** Also sent as `X-Cairn-Delivery` and `deliveryId`; the same on every attempt. */
  id: string;
  webhookId: number;
  eventSeq: number;
  action: string;
  resourceType: string;
  resourceId: string;
  status: DeliveryStatus;
  attempts: number;
  createdTime: number;
  /** When the next attempt is due; null once delivered or failed. */
  nextAttemptTime: number | null;
  /** When the receiver accepted it; null until then. */
  deliveredTime: number | null;
  history: DeliveryAttempt[];
}

export interface DeliveryPage {
  deliveries: WebhookDelivery[];
  nextPageToken?: string;
}

/** Explicit limits (documented in docs/webhooks.md). */
export const webhookLimits = {
  urlLength: 2_000,
  descriptionLength: 500,
  patternsPerWebhook: 20,
  patternLength: 100,
  webhooksPerProject: 50,
  deliveriesPageDefault: 50,
  deliveriesPageMax: 500,
} as const;

/** Patterns a webhook gets when it names none: registry and approval events. */
export const defaultWebhookEvents: readonly string[] = ['model.*', 'model_version.*', 'promotion.*'];
