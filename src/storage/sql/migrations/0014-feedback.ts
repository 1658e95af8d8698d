import type { Kysely } from 'kysely';
import type { SqlDialectName } from '../dialect.js';

/**
 * Ground truth for logged predictions: one row per prediction (a later label replaces the earlier).
 * The deployment and prediction time are copied from the prediction so windows find their labels
 * by (deployment, prediction time) without touching the log. No foreign key to the log: its
 * retention pass deletes in bulk, and labelled reads join the log anyway.
 */
export async function up(db: Kysely<unknown>, _dialect: SqlDialectName): Promise<void> {
  await db.schema
    .createTable('feedback')
    .addColumn('prediction_id', 'text', (c) => c.primaryKey())
    .addColumn('deployment_id', 'bigint', (c) => c.notNull())
    .addColumn('project_id', 'bigint', (c) => c.notNull())
    .addColumn('prediction_time', 'bigint', (c) => c.notNull())
    // JSON: a string (a class) or a number (regression); null when an expert only commented.
    .addColumn('label', 'text')
    .addColumn('comment', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_time', 'bigint', (c) => c.notNull())
    .execute();
  // A window's labels (by prediction time) and the labels that arrived since a run (by created time).
  await db.schema.createIndex('feedback_deployment_prediction_time').on('feedback').columns(['deployment_id', 'prediction_time']).execute();
  await db.schema.createIndex('feedback_deployment_created_time').on('feedback').columns(['deployment_id', 'created_time', 'prediction_id']).execute();
}
