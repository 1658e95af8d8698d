import type { Kysely } from 'kysely';
import type { AttemptOutcome, ClaimedDelivery, DeliveryQueue, NewDelivery, QueuedEvent, WebhookTarget } from '../../domain/webhooks/webhook-store.js';
import type { DeliveryAttempt } from '../../domain/webhooks/webhook.js';
import type { SqlDialectName } from './dialect.js';
import type { Schema } from './schema.js';
import { chunks, inListChunk, insertRows } from './sql-support.js';

const deliveryColumns = ['id', 'webhook_id', 'event_seq', 'status', 'attempts', 'next_attempt_time', 'created_time', 'delivered_time', 'history'];

/**
 * The webhook delivery queue on SQLite and Postgres. Every write is one statement, safe for
 * several dispatchers at once: inserts ignore a delivery that exists, the cursor moves by
 * compare-and-set, and a claim is an UPDATE whose condition a concurrent claim makes false
 * (on Postgres the second UPDATE re-checks the row after the first commits; SQLite runs writes one at a time).
 */
export class DeliveryQueueSql implements DeliveryQueue {
  constructor(
    private readonly db: Kysely<Schema>,
    private readonly dialect: SqlDialectName,
  ) {}

  async cursor(): Promise<number> {
    const row = await this.db.selectFrom('webhook_cursor').select('seq').where('id', '=', 1).executeTakeFirstOrThrow();
    return Number(row.seq);
  }

  async auditHead(): Promise<number> {
    const row = await this.db.selectFrom('audit_head').select('seq').where('id', '=', 1).executeTakeFirstOrThrow();
    return Number(row.seq);
  }

  async eventsForWebhooks(after: number, upTo: number, limit: number): Promise<QueuedEvent[]> {
    const rows = await this.db
      .selectFrom('audit_events')
      .select(['seq', 'project_id', 'action'])
      .where('seq', '>', after)
      .where('seq', '<=', upTo)
      .where('project_id', 'in', this.db.selectFrom('webhooks').select('project_id'))
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map((row) => ({ seq: Number(row.seq), projectId: Number(row.project_id), action: row.action }));
  }

  async webhookTargets(projectIds: readonly number[]): Promise<WebhookTarget[]> {
    if (projectIds.length === 0) return [];
    const rows = await this.db.selectFrom('webhooks').select(['id', 'project_id', 'events', 'since_seq']).where('project_id', 'in', [...projectIds]).execute();
    return rows.map((row) => ({ id: Number(row.id), projectId: Number(row.project_id), events: JSON.parse(row.events) as string[], sinceSeq: Number(row.since_seq) }));
  }

  async enqueue(deliveries: readonly NewDelivery[]): Promise<void> {
    const rows = deliveries.map((d) => [d.id, d.webhookId, d.eventSeq, 'pending', 0, d.createdTime, d.createdTime, null, '[]']);
    await insertRows(this.db, this.dialect, 'webhook_deliveries', deliveryColumns, rows, 'on conflict (webhook_id, event_seq) do nothing');
  }

  async advanceCursor(from: number, to: number): Promise<boolean> {
    const { numUpdatedRows } = await this.db.updateTable('webhook_cursor').set({ seq: to }).where('id', '=', 1).where('seq', '=', from).executeTakeFirst();
    return numUpdatedRows > 0n;
  }

  async claimDue(now: number, leaseUntil: number, limit: number): Promise<ClaimedDelivery[]> {
    const due = this.db
      .selectFrom('webhook_deliveries')
      .select('id')
      .where('status', '=', 'pending')
      .where('next_attempt_time', '<=', now)
      .orderBy('next_attempt_time')
      .orderBy('id')
      .limit(limit);
    const claimed = await this.db
      .updateTable('webhook_deliveries')
      .set((eb) => ({ attempts: eb('attempts', '+', 1), next_attempt_time: leaseUntil }))
      .where('status', '=', 'pending')
      .where('next_attempt_time', '<=', now)
      .where('id', 'in', due)
      .returning(['id', 'webhook_id', 'event_seq', 'attempts', 'created_time', 'history'])
      .execute();
    if (claimed.length === 0) return [];

    const webhookIds = [...new Set(claimed.map((row) => Number(row.webhook_id)))];
    const webhooks = new Map<number, { id: number; url: string; secret: string }>();
    for (const ids of chunks(webhookIds, inListChunk)) {
      for (const w of await this.db.selectFrom('webhooks').select(['id', 'url', 'secret']).where('id', 'in', ids).execute()) {
        webhooks.set(Number(w.id), { id: Number(w.id), url: w.url, secret: w.secret });
      }
    }
    const seqs = [...new Set(claimed.map((row) => Number(row.event_seq)))];
    const events = new Map<number, Omit<ClaimedDelivery, 'id' | 'attempt' | 'createdTime' | 'history' | 'webhook'>>();
    for (const part of chunks(seqs, inListChunk)) {
      const rows = await this.db
        .selectFrom('audit_events as e')
        .innerJoin('projects as p', 'p.id', 'e.project_id')
        .select(['e.seq', 'e.time', 'e.actor', 'e.action', 'e.resource_type', 'e.resource_id', 'e.details', 'e.hash', 'p.name as project'])
        .where('e.seq', 'in', part)
        .execute();
      for (const e of rows) {
        const event = {
          seq: Number(e.seq),
          time: Number(e.time),
          actor: e.actor,
          action: e.action,
          resourceType: e.resource_type,
          resourceId: e.resource_id,
          project: e.project,
          details: JSON.parse(e.details) as Record<string, unknown>,
        };
        events.set(event.seq, { eventId: e.hash, event });
      }
    }
    const out: ClaimedDelivery[] = [];
    for (const row of claimed) {
      const webhook = webhooks.get(Number(row.webhook_id));
      const event = events.get(Number(row.event_seq));
      // Deleted between the claim and now (with its deliveries): nothing to send.
      if (!webhook || !event) continue;
      out.push({ id: row.id, attempt: Number(row.attempts), createdTime: Number(row.created_time), history: JSON.parse(row.history) as DeliveryAttempt[], webhook, ...event });
    }
    return out;
  }

  async finishAttempt(id: string, attempt: number, outcome: AttemptOutcome): Promise<void> {
    await this.db
      .updateTable('webhook_deliveries')
      .set({ status: outcome.status, next_attempt_time: outcome.nextAttemptTime, delivered_time: outcome.deliveredTime, history: JSON.stringify(outcome.history) })
      .where('id', '=', id)
      .where('attempts', '=', attempt)
      .where('status', '=', 'pending')
      .execute();
  }

  async purgeFinished(before: number): Promise<number> {
    const { numDeletedRows } = await this.db.deleteFrom('webhook_deliveries').where('status', '<>', 'pending').where('created_time', '<', before).executeTakeFirst();
    return Number(numDeletedRows);
  }
}
