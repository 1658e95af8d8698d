import { sql, type Kysely } from 'kysely';
import type { SqlDialectName } from '../dialect.js';

/**
 * Monitors, their windows (the open window's sketch and the cursor into the prediction log), the
 * results time series and alerts. No foreign key to deployments: deleting a deployment must not
 * fail over its monitors; reads join deployments, so a deleted deployment's monitors disappear.
 */
export async function up(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void> {
  const autoId = dialect === 'postgres' ? sql`bigserial primary key` : sql`integer primary key autoincrement`;

  await db.schema
    .createTable('monitors')
    .addColumn('id', autoId as never)
    .addColumn('deployment_id', 'bigint', (c) => c.notNull())
    .addColumn('project_id', 'bigint', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    // JSON MonitorSpec, validated by the domain before it is written.
    .addColumn('spec', 'text', (c) => c.notNull())
    .addColumn('created_time', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('updated_time', 'bigint', (c) => c.notNull())
    // Where the next run continues in the prediction log (exclusive); null before the first run.
    .addColumn('cursor_time', 'bigint')
    .addColumn('cursor_id', 'text')
    // Feedback created after this time has not been looked at yet (late labels re-score windows).
    .addColumn('feedback_since', 'bigint', (c) => c.notNull())
    // Bumped by every committed run: two runs racing on one monitor cannot both commit.
    .addColumn('state_version', 'integer', (c) => c.notNull())
    .addUniqueConstraint('monitors_deployment_name', ['deployment_id', 'name'])
    .execute();

  await db.schema
    .createTable('monitor_windows')
    .addColumn('monitor_id', 'bigint', (c) => c.notNull())
    // 1, 2, ... per monitor: count windows may start in the same millisecond.
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('window_end', 'bigint', (c) => c.notNull())
    .addColumn('closed', 'integer', (c) => c.notNull())
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('predictions', 'integer', (c) => c.notNull())
    // JSON WindowState: the sketch, output columns seen, the cursor the window began at.
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('drift', 'text')
    .addColumn('performance', 'text')
    .addPrimaryKeyConstraint('monitor_windows_pk', ['monitor_id', 'seq'])
    .execute();
  await db.schema.createIndex('monitor_windows_time').on('monitor_windows').columns(['monitor_id', 'window_start']).execute();

  await db.schema
    .createTable('monitor_results')
    .addColumn('monitor_id', 'bigint', (c) => c.notNull())
    .addColumn('window_seq', 'integer', (c) => c.notNull())
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('window_end', 'bigint', (c) => c.notNull())
    .addColumn('check_key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('feature', 'text')
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('value', 'double precision')
    .addColumn('threshold', 'double precision')
    // 1 passed, 0 failed, null not judged.
    .addColumn('passed', 'integer')
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('computed_time', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('monitor_results_pk', ['monitor_id', 'window_seq', 'check_key'])
    .execute();
  await db.schema.createIndex('monitor_results_time').on('monitor_results').columns(['monitor_id', 'window_start']).execute();

  await db.schema
    .createTable('alerts')
    .addColumn('id', autoId as never)
    .addColumn('monitor_id', 'bigint', (c) => c.notNull())
    .addColumn('deployment_id', 'bigint', (c) => c.notNull())
    .addColumn('project_id', 'bigint', (c) => c.notNull())
    .addColumn('check_key', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('value', 'double precision')
    .addColumn('threshold', 'double precision')
    .addColumn('occurrences', 'integer', (c) => c.notNull())
    .addColumn('opened_time', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_time', 'bigint', (c) => c.notNull())
    .addColumn('acknowledged_by', 'text')
    .addColumn('acknowledged_time', 'bigint')
    .addColumn('resolved_by', 'text')
    .addColumn('resolved_time', 'bigint')
    .execute();
  // At most one unresolved alert per check: a check that keeps failing bumps it instead.
  await db.schema
    .createIndex('alerts_one_unresolved')
    .on('alerts')
    .columns(['monitor_id', 'check_key'])
    .unique()
    .where(sql.ref('status'), '<>', 'resolved')
    .execute();
  await db.schema.createIndex('alerts_deployment').on('alerts').columns(['deployment_id', 'status']).execute();
}
