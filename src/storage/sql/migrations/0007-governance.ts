import { sql, type Kysely } from 'kysely';
import type { SqlDialectName } from '../dialect.js';

/**
 * Promotion policies per project and risk tier, promotion requests and their decisions. Requests
 * point at their model by internal id without a foreign key: a request is a record for auditors and
 * outlives the model (deleting a model must not be blocked by its history). The model's name at
 * opening is kept for when the model is gone.
 */
export async function up(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void> {
  const autoId = dialect === 'postgres' ? sql`bigserial primary key` : sql`integer primary key autoincrement`;

  await db.schema
    .createTable('promotion_policies')
    .addColumn('project_id', 'bigint', (c) => c.notNull().references('projects.id'))
    .addColumn('risk_tier', 'text', (c) => c.notNull())
    .addColumn('approvals', 'integer', (c) => c.notNull())
    .addColumn('separation_of_duties', 'integer', (c) => c.notNull())
    /** JSON array of check names. */
    .addColumn('checks', 'text', (c) => c.notNull())
    .addColumn('metric_key', 'text')
    .addColumn('metric_higher_is_better', 'integer')
    .addColumn('updated_time', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('promotion_policies_pk', ['project_id', 'risk_tier'])
    .execute();

  await db.schema
    .createTable('promotion_requests')
    .addColumn('id', autoId as never)
    .addColumn('project_id', 'bigint', (c) => c.notNull())
    .addColumn('model_id', 'bigint', (c) => c.notNull())
    .addColumn('model_name', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('alias', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull())
    .addColumn('created_time', 'bigint', (c) => c.notNull())
    .addColumn('decided_time', 'bigint')
    /** JSON documents, written once when the request opens. */
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('policy', 'text', (c) => c.notNull())
    .execute();
  // At most one open request per model and alias, enforced by the database against concurrent opens.
  await db.schema
    .createIndex('promotion_requests_one_open')
    .on('promotion_requests')
    .columns(['model_id', 'alias'])
    .unique()
    .where(sql.ref('status'), '=', 'open')
    .execute();
  await db.schema.createIndex('promotion_requests_status').on('promotion_requests').columns(['status', 'id']).execute();
  await db.schema.createIndex('promotion_requests_project').on('promotion_requests').columns(['project_id', 'id']).execute();
  await db.schema.createIndex('promotion_requests_model').on('promotion_requests').columns(['model_id', 'id']).execute();

  await db.schema
    .createTable('promotion_decisions')
    .addColumn('id', autoId as never)
    .addColumn('request_id', 'bigint', (c) => c.notNull().references('promotion_requests.id'))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull())
    .addColumn('time', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('promotion_decisions_request').on('promotion_decisions').columns(['request_id', 'id']).execute();
}
