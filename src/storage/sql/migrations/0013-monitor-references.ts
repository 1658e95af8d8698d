import type { Kysely } from 'kysely';
import type { SqlDialectName } from '../dialect.js';

/**
 * A monitor's reference (docs/monitoring.md, "Profiles and references"): one row per monitor,
 * replaced when a new reference is set. The rows of the reference data are not kept, only their
 * summaries as JSON: the profile people read, the sketch layout (bin edges) and the reference's
 * sketch (counts per bin), together a few hundred kilobytes at most.
 *
 * No foreign key to `monitors`: that table comes with a later migration, and a monitor's delete
 * removes its reference itself in the same transaction (monitor-deletion-sql.ts).
 */
export async function up(db: Kysely<unknown>, _dialect: SqlDialectName): Promise<void> {
  await db.schema
    .createTable('monitor_references')
    .addColumn('monitor_id', 'bigint', (c) => c.primaryKey())
    .addColumn('project_id', 'bigint', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('rows', 'bigint', (c) => c.notNull())
    .addColumn('created_time', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    // A lineage reference's model version and the column types it was set with, so runs can follow the deployment.
    .addColumn('model', 'text')
    .addColumn('version', 'integer')
    .addColumn('column_types', 'text')
    .addColumn('profile', 'text', (c) => c.notNull())
    .addColumn('layout', 'text', (c) => c.notNull())
    .addColumn('sketch', 'text', (c) => c.notNull())
    .execute();
}
