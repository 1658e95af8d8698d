import { sql, type Kysely } from 'kysely';
import type { SqlDialectName } from '../dialect.js';

/**
 * Scheduled monitor runs and retrain requests. A run is claimed by inserting its (monitor,
 * scheduled time): the primary key lets exactly one process win, whichever backend. The heartbeat
 * tells a run in progress from one whose process died, so a stuck run can be taken over.
 */
export async function up(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void> {
  const autoId = dialect === 'postgres' ? sql`bigserial primary key` : sql`integer primary key autoincrement`;

  await db.schema
    .createTable('monitor_runs')
    .addColumn('monitor_id', 'bigint', (c) => c.notNull())
    .addColumn('scheduled_for', 'bigint', (c) => c.notNull())
    .addColumn('claimed_by', 'text', (c) => c.notNull())
    // running | succeeded | failed
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('started_time', 'bigint', (c) => c.notNull())
    .addColumn('heartbeat_time', 'bigint', (c) => c.notNull())
    .addColumn('finished_time', 'bigint')
    .addColumn('error', 'text')
    // JSON MonitorRunSummary of a succeeded run.
    .addColumn('summary', 'text')
    .addPrimaryKeyConstraint('monitor_runs_pk', ['monitor_id', 'scheduled_for'])
    .execute();
  // Finding stuck runs reads running rows by heartbeat.
  await db.schema.createIndex('monitor_runs_status').on('monitor_runs').columns(['status', 'heartbeat_time']).execute();

  await db.schema
    .createTable('retrain_requests')
    .addColumn('id', autoId as never)
    .addColumn('monitor_id', 'bigint', (c) => c.notNull())
    .addColumn('alert_id', 'bigint', (c) => c.notNull())
    .addColumn('deployment_id', 'bigint', (c) => c.notNull())
    .addColumn('project_id', 'bigint', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('version', 'integer')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_time', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('retrain_requests_deployment').on('retrain_requests').columns(['deployment_id', 'id']).execute();
}
