import { sql, type Kysely } from 'kysely';
import type { SqlDialectName } from '../dialect.js';

/**
 * Webhooks, their deliveries, and the dispatchers' shared cursor into the audit trail. The cursor
 * starts at the audit head: an installation that upgrades does not replay its history.
 */
export async function up(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void> {
  const autoId = dialect === 'postgres' ? sql`bigserial primary key` : sql`integer primary key autoincrement`;

  await db.schema
    .createTable('webhooks')
    .addColumn('id', autoId as never)
    .addColumn('project_id', 'bigint', (c) => c.notNull().references('projects.id'))
    .addColumn('url', 'text', (c) => c.notNull())
    /** JSON array of action patterns. */
    .addColumn('events', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    /** In clear: signing needs the secret itself (see docs/webhooks.md). */
    .addColumn('secret', 'text', (c) => c.notNull())
    /** The audit head when the webhook was created: only later events reach it. */
    .addColumn('since_seq', 'bigint', (c) => c.notNull())
    .addColumn('created_time', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webhooks_project').on('webhooks').column('project_id').execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('webhook_id', 'bigint', (c) => c.notNull().references('webhooks.id'))
    .addColumn('event_seq', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    /** Due time while pending (pushed forward by a lease while an attempt is in flight); null when done. */
    .addColumn('next_attempt_time', 'bigint')
    .addColumn('created_time', 'bigint', (c) => c.notNull())
    .addColumn('delivered_time', 'bigint')
    /** JSON array of attempts: time, response status, error, duration. */
    .addColumn('history', 'text', (c) => c.notNull())
    .addUniqueConstraint('webhook_deliveries_event', ['webhook_id', 'event_seq'])
    .execute();
  await db.schema.createIndex('webhook_deliveries_due').on('webhook_deliveries').columns(['status', 'next_attempt_time']).execute();
  await db.schema.createIndex('webhook_deliveries_created').on('webhook_deliveries').column('created_time').execute();

  await db.schema
    .createTable('webhook_cursor')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .execute();
  await sql`insert into webhook_cursor (id, seq) select 1, seq from audit_head where id = 1`.execute(db);
}
