import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** The event as a delivery's body carries it. */
export interface WebhookEventBody {
  seq: number;
  time: number;
  actor: string;
  action: string;
  resourceType: string;
  resourceId: string;
  /** The project's name. */
  project: string;
  details: Record<string, unknown>;
}

/** A delivery's JSON body. */
export interface WebhookPayload {
  /** The event's id (its audit hash): the same for every webhook and every attempt, to deduplicate on. */
  id: string;
  event: WebhookEventBody;
  deliveryId: string;
  attempt: number;
}

export const signatureHeaders = {
  event: 'x-cairn-event',
  delivery: 'x-cairn-delivery',
  timestamp: 'x-cairn-timestamp',
  signature: 'x-cairn-signature',
} as const;

/** A new signing secret: 32 random bytes, prefixed so people can tell what it is when they find one. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/** `sha256=<hex>` of HMAC-SHA256 over `<timestamp>.<body>` keyed with the webhook's secret. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver does: recompute the signature and compare in constant time. */
export function verifyWebhookSignature(secret: string, timestamp: string, body: string, signature: string): boolean {
  const expected = Buffer.from(webhookSignature(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The headers of one POST; the timestamp is Unix seconds, as receivers compare it to their clock. */
export function signedHeaders(secret: string, payload: WebhookPayload, body: string, nowMs: number): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  return {
    'content-type': 'application/json',
    [signatureHeaders.event]: payload.event.action,
    [signatureHeaders.delivery]: payload.deliveryId,
    [signatureHeaders.timestamp]: timestamp,
    [signatureHeaders.signature]: webhookSignature(secret, timestamp, body),
  };
}
