import type { Clock } from '../domain/clock.js';
import type { SendResult, WebhookSender } from '../domain/webhooks/webhook-service.js';
import { signedHeaders, type WebhookPayload } from '../domain/webhooks/webhook-signature.js';

export interface HttpWebhookSenderOptions {
  clock: Clock;
  /** An attempt without an answer within this time fails. */
  timeoutMs: number;
  userAgent: string;
  /** Aborts attempts in flight when Cairn shuts down. */
  shutdown?: AbortSignal;
}

/**
 * POSTs signed payloads with fetch. Redirects are not followed (a 3xx is a failure): the receiver
 * was registered by its URL, and following would hand the signed body to wherever it points.
 */
export class HttpWebhookSender implements WebhookSender {
  constructor(private readonly options: HttpWebhookSenderOptions) {}

  async send(target: { url: string; secret: string }, payload: WebhookPayload): Promise<SendResult> {
    const body = JSON.stringify(payload);
    const headers = { ...signedHeaders(target.secret, payload, body, this.options.clock.now()), 'user-agent': this.options.userAgent };
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const signal = this.options.shutdown ? AbortSignal.any([timeout, this.options.shutdown]) : timeout;
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    try {
      const response = await fetch(target.url, { method: 'POST', headers, body, redirect: 'manual', signal });
      // The answer's body is not kept; dropping it frees the connection.
      await response.body?.cancel().catch(() => undefined);
      const ok = response.status >= 200 && response.status < 300;
      return { ok, responseStatus: response.status, error: ok ? null : `HTTP ${response.status}`, durationMs: elapsed() };
    } catch (error) {
      return { ok: false, responseStatus: null, error: failureReason(error, timeout, this.options.timeoutMs), durationMs: elapsed() };
    }
  }
}

function failureReason(error: unknown, timeout: AbortSignal, timeoutMs: number): string {
  if (timeout.aborted) return `no answer within ${timeoutMs} ms`;
  if ((error as { name?: string }).name === 'AbortError') return 'interrupted: Cairn shut down';
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof cause?.code === 'string') return `cannot connect: ${cause.code}`;
  if (typeof cause?.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}
