import type { Kysely } from 'kysely';
import type { SqlDialectName } from '../dialect.js';

/**
 * The prediction log: an append-heavy series in its own narrow table, written in batches by the
 * background writer and read by range. No foreign keys: a deployment's delete must not wait on (or
 * fail over) millions of log rows; the retention pass removes the rows of deleted deployments.
 */
export async function up(db: Kysely<unknown>, _dialect: SqlDialectName): Promise<void> {
  await db.schema
    .createTable('predictions')
    // The UUID handed to the caller (x-prediction-id).
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('deployment_id', 'bigint', (c) => c.notNull())
    .addColumn('project_id', 'bigint', (c) => c.notNull())
    .addColumn('time', 'bigint', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('latency_ms', 'double precision', (c) => c.notNull())
    // JSON arrays of LoggedTensor / ShadowOutcome.
    .addColumn('inputs', 'text', (c) => c.notNull())
    .addColumn('outputs', 'text', (c) => c.notNull())
    .addColumn('shadows', 'text', (c) => c.notNull())
    .execute();
  // One index serves both reads: a deployment's newest predictions (walked from the top, keyset on
  // time then id) and the retention purge (a deployment's rows below a time).
  await db.schema.createIndex('predictions_deployment_time').on('predictions').columns(['deployment_id', 'time desc', 'id desc']).execute();
}
