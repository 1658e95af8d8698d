import { seg, v1Get, v1Send } from './http.js';

/** Project webhooks and their deliveries (native API). */

export interface Webhook {
  id: number;
  project: string;
  url: string;
  events: string[];
  description: string;
  createdTime: number;
  createdBy: string;
}

export interface WebhookDelivery {
  id: string;
  eventSeq: number;
  action: string;
  resourceType: string;
  resourceId: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  createdTime: number;
  nextAttemptTime: number | null;
  deliveredTime: number | null;
  history: { attempt: number; time: number; responseStatus: number | null; error: string | null; durationMs: number }[];
}

export interface PingResult {
  ok: boolean;
  responseStatus: number | null;
  error: string | null;
  durationMs: number;
}

export async function listWebhooks(project: string, signal?: AbortSignal): Promise<Webhook[]> {
  const body = await v1Get<{ webhooks?: Webhook[] }>(`/projects/${seg(project)}/webhooks`, {}, signal);
  return body.webhooks ?? [];
}

/** The signing secret is in this answer only. */
export function createWebhook(project: string, input: { url: string; events?: string[]; description?: string }): Promise<{ webhook: Webhook; secret: string }> {
  return v1Send<{ webhook: Webhook; secret: string }>('POST', `/projects/${seg(project)}/webhooks`, input);
}

export async function deleteWebhook(id: number): Promise<void> {
  await v1Send('DELETE', `/webhooks/${seg(id)}`);
}

export function pingWebhook(id: number): Promise<PingResult> {
  return v1Send<PingResult>('POST', `/webhooks/${seg(id)}/test`);
}

export async function listDeliveries(id: number, signal?: AbortSignal): Promise<WebhookDelivery[]> {
  const body = await v1Get<{ deliveries?: WebhookDelivery[] }>(`/webhooks/${seg(id)}/deliveries`, { maxResults: 20 }, signal);
  return body.deliveries ?? [];
}
