import { sql, type Kysely } from 'kysely';
import type { SqlDialectName } from '../dialect.js';

/**
 * Deployments and their revisions. A revision holds the whole spec as JSON, so serving reads one
 * row and a rollback copies one; the domain validates the spec before it is written.
 */
export async function up(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void> {
  const autoId = dialect === 'postgres' ? sql`bigserial primary key` : sql`integer primary key autoincrement`;

  await db.schema
    .createTable('deployments')
    .addColumn('id', autoId as never)
    .addColumn('project_id', 'bigint', (c) => c.notNull().references('projects.id'))
    // Unique across projects: inference URLs name a deployment alone (/v2/models/{name}).
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('current_revision', 'integer', (c) => c.notNull())
    .addColumn('created_time', 'bigint', (c) => c.notNull())
    .addColumn('last_update_time', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('deployments_project').on('deployments').column('project_id').execute();

  await db.schema
    .createTable('deployment_revisions')
    .addColumn('deployment_id', 'bigint', (c) => c.notNull().references('deployments.id'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('spec', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull())
    .addColumn('time', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('deployment_revisions_pk', ['deployment_id', 'revision'])
    .execute();
}
