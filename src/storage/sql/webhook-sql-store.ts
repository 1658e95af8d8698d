import type { Kysely, Selectable } from 'kysely';
import { limitExceeded, notFound } from '../../domain/errors.js';
import type { DeliveryListQuery, WebhookStore } from '../../domain/webhooks/webhook-store.js';
import { webhookLimits, type DeliveryAttempt, type DeliveryStatus, type NewWebhook, type StoredWebhook, type Webhook, type WebhookDelivery } from '../../domain/webhooks/webhook.js';
import type { AuditTrail } from './audit-trail.js';
import { projectIdByName } from './project-id.js';
import type { Schema, WebhooksTable } from './schema.js';

/** WebhookStore on SQLite and Postgres. */
export class WebhookSqlStore implements WebhookStore {
  constructor(
    private readonly db: Kysely<Schema>,
    private readonly audit: AuditTrail,
  ) {}

  projectId(name: string): Promise<number> {
    return projectIdByName(this.db, name);
  }

  async createWebhook(webhook: NewWebhook): Promise<Webhook> {
    return this.db.transaction().execute(async (trx) => {
      const { count } = await trx.selectFrom('webhooks').select((eb) => eb.fn.countAll<number>().as('count')).where('project_id', '=', webhook.projectId).executeTakeFirstOrThrow();
      if (Number(count) >= webhookLimits.webhooksPerProject) {
        throw limitExceeded(`A project has at most ${webhookLimits.webhooksPerProject} webhooks; delete one first`);
      }
      // Events up to the head are older than the webhook; the dispatcher sends it only later ones.
      const head = await trx.selectFrom('audit_head').select('seq').where('id', '=', 1).executeTakeFirstOrThrow();
      const project = await trx.selectFrom('projects').select('name').where('id', '=', webhook.projectId).executeTakeFirstOrThrow();
      const { id } = await trx
        .insertInto('webhooks')
        .values({
          project_id: webhook.projectId,
          url: webhook.url,
          events: JSON.stringify(webhook.events),
          description: webhook.description,
          secret: webhook.secret,
          since_seq: Number(head.seq),
          created_time: webhook.createdTime,
          created_by: webhook.createdBy,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const created: Webhook = {
        id: Number(id),
        project: project.name,
        url: webhook.url,
        events: webhook.events,
        description: webhook.description,
        createdTime: webhook.createdTime,
        createdBy: webhook.createdBy,
      };
      // Only the origin: a receiver URL may carry a token in its path or query, and audit readers need not see it.
      await this.audit.record(trx, {
        action: 'webhook.create',
        resourceType: 'webhook',
        resourceId: String(created.id),
        projectId: webhook.projectId,
        details: { id: created.id, origin: new URL(webhook.url).origin, events: webhook.events },
      });
      return created;
    });
  }

  async listWebhooks(projectId: number): Promise<Webhook[]> {
    const rows = await this.webhookRows().where('w.project_id', '=', projectId).orderBy('w.id').execute();
    return rows.map((row) => toWebhook(row));
  }

  async getWebhook(id: number): Promise<StoredWebhook | null> {
    const row = await this.webhookRows().where('w.id', '=', id).executeTakeFirst();
    return row ? { ...toWebhook(row), projectId: Number(row.project_id), secret: row.secret } : null;
  }

  async deleteWebhook(webhook: StoredWebhook): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('webhook_deliveries').where('webhook_id', '=', webhook.id).execute();
      const { numDeletedRows } = await trx.deleteFrom('webhooks').where('id', '=', webhook.id).executeTakeFirst();
      if (numDeletedRows === 0n) throw notFound(`Webhook '${webhook.id}' not found`);
      await this.audit.record(trx, {
        action: 'webhook.delete',
        resourceType: 'webhook',
        resourceId: String(webhook.id),
        projectId: webhook.projectId,
        details: { id: webhook.id, origin: new URL(webhook.url).origin },
      });
    });
  }

  async listDeliveries(webhookId: number, query: DeliveryListQuery): Promise<WebhookDelivery[]> {
    let select = this.db
      .selectFrom('webhook_deliveries as d')
      .leftJoin('audit_events as e', 'e.seq', 'd.event_seq')
      .selectAll('d')
      .select(['e.action', 'e.resource_type', 'e.resource_id'])
      .where('d.webhook_id', '=', webhookId);
    if (query.status) select = select.where('d.status', '=', query.status);
    if (query.beforeSeq !== undefined) select = select.where('d.event_seq', '<', query.beforeSeq);
    const rows = await select.orderBy('d.event_seq', 'desc').limit(query.limit).execute();
    return rows.map((row) => ({
      id: row.id,
      webhookId: Number(row.webhook_id),
      eventSeq: Number(row.event_seq),
      action: row.action ?? '',
      resourceType: row.resource_type ?? '',
      resourceId: row.resource_id ?? '',
      status: row.status as DeliveryStatus,
      attempts: Number(row.attempts),
      createdTime: Number(row.created_time),
      nextAttemptTime: row.next_attempt_time === null ? null : Number(row.next_attempt_time),
      deliveredTime: row.delivered_time === null ? null : Number(row.delivered_time),
      history: JSON.parse(row.history) as DeliveryAttempt[],
    }));
  }

  private webhookRows() {
    return this.db.selectFrom('webhooks as w').innerJoin('projects as p', 'p.id', 'w.project_id').selectAll('w').select('p.name as project');
  }
}

function toWebhook(row: Selectable<WebhooksTable> & { project: string }): Webhook {
  return {
    id: Number(row.id),
    project: row.project,
    url: row.url,
    events: JSON.parse(row.events) as string[],
    description: row.description,
    createdTime: Number(row.created_time),
    createdBy: row.created_by,
  };
}
