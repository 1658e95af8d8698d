import { randomUUID } from 'node:crypto';
import type { Clock } from '../domain/clock.js';
import { attemptOutcome, defaultRetryPolicy, type RetryPolicy } from '../domain/webhooks/retry-policy.js';
import { matchesAny } from '../domain/webhooks/webhook-patterns.js';
import type { WebhookSender } from '../domain/webhooks/webhook-service.js';
import type { ClaimedDelivery, DeliveryQueue, NewDelivery } from '../domain/webhooks/webhook-store.js';

export interface WebhookDispatcherOptions {
  queue: DeliveryQueue;
  sender: WebhookSender;
  clock: Clock;
  retry?: RetryPolicy;
  /** Time between passes of the background timer. */
  intervalMs?: number;
  /** Audit events read per fan-out step. */
  eventBatch?: number;
  /** Deliveries claimed and sent at once per pass. */
  sendBatch?: number;
  /** How long a claimed attempt belongs to this dispatcher; longer than the sender's timeout. */
  leaseMs?: number;
  /** Delivered and failed deliveries are kept this long. */
  retentionMs?: number;
  onError?: (error: unknown) => void;
}

export interface DispatchSummary {
  /** Deliveries created from new audit events. */
  enqueued: number;
  /** Attempts made, and how they ended. */
  sent: number;
  delivered: number;
  retrying: number;
  failed: number;
}

const fanOutStepsPerPass = 20;
const purgeEveryMs = 3_600_000;

/**
 * Turns audit events into webhook deliveries and sends them. Any number of dispatchers (one per
 * replica) may share a database: the queue's writes make fan-out idempotent and each attempt
 * claimed by exactly one of them. A pass never overlaps the previous one of the same dispatcher.
 */
export class WebhookDispatcher {
  private readonly retry: RetryPolicy;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<DispatchSummary> | undefined;
  private lastPurge = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: WebhookDispatcherOptions) {
    this.retry = options.retry ?? defaultRetryPolicy;
  }

  /** Runs passes on an interval that does not keep the process alive. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.runOnce().catch((error: unknown) => this.options.onError?.(error));
    }, this.options.intervalMs ?? 2_000);
    this.timer.unref();
  }

  /** Stops the timer and waits for a pass in flight (abort its sends through the sender's shutdown signal). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** One pass: fan out new audit events, then send the deliveries that are due. */
  runOnce(): Promise<DispatchSummary> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async pass(): Promise<DispatchSummary> {
    const enqueued = await this.fanOut();
    const summary = { enqueued, ...(await this.sendDue()) };
    await this.purge();
    return summary;
  }

  private async fanOut(): Promise<number> {
    const { queue, clock } = this.options;
    const batch = this.options.eventBatch ?? 500;
    let enqueued = 0;
    for (let step = 0; step < fanOutStepsPerPass; step += 1) {
      const from = await queue.cursor();
      const head = await queue.auditHead();
      if (from >= head) break;
      const events = await queue.eventsForWebhooks(from, head, batch);
      // A short read reached the head; the events skipped on the way belong to projects without webhooks.
      const to = events.length < batch ? head : events[events.length - 1]!.seq;
      const targets = await queue.webhookTargets([...new Set(events.map((e) => e.projectId))]);
      const deliveries: NewDelivery[] = [];
      const now = clock.now();
      for (const event of events) {
        for (const target of targets) {
          if (target.projectId !== event.projectId || event.seq <= target.sinceSeq || !matchesAny(target.events, event.action)) continue;
          deliveries.push({ id: randomUUID(), webhookId: target.id, eventSeq: event.seq, createdTime: now });
        }
      }
      await queue.enqueue(deliveries);
      // Losing the race means another dispatcher enqueued the same events (duplicates were ignored).
      if (!(await queue.advanceCursor(from, to))) break;
      enqueued += deliveries.length;
    }
    return enqueued;
  }

  private async sendDue(): Promise<Omit<DispatchSummary, 'enqueued'>> {
    const { queue, clock } = this.options;
    const now = clock.now();
    const claimed = await queue.claimDue(now, now + (this.options.leaseMs ?? 60_000), this.options.sendBatch ?? 20);
    const outcomes = await Promise.all(claimed.map((delivery) => this.attempt(delivery)));
    return {
      sent: outcomes.length,
      delivered: outcomes.filter((s) => s === 'delivered').length,
      retrying: outcomes.filter((s) => s === 'pending').length,
      failed: outcomes.filter((s) => s === 'failed').length,
    };
  }

  private async attempt(delivery: ClaimedDelivery): Promise<string> {
    const { queue, sender, clock } = this.options;
    const started = clock.now();
    const result = await sender.send(delivery.webhook, { id: delivery.eventId, event: delivery.event, deliveryId: delivery.id, attempt: delivery.attempt });
    const outcome = attemptOutcome(delivery, result, { started, finished: clock.now() }, this.retry);
    await queue.finishAttempt(delivery.id, delivery.attempt, outcome);
    return outcome.status;
  }

  private async purge(): Promise<void> {
    const now = this.options.clock.now();
    if (now - this.lastPurge < purgeEveryMs) return;
    this.lastPurge = now;
    await this.options.queue.purgeFinished(now - (this.options.retentionMs ?? 30 * 86_400_000));
  }
}
