import type { Kysely } from 'kysely';
import type { SqlDialectName } from '../dialect.js';

/**
 * One card per registered model, keyed by the model's internal id so a rename keeps it. The
 * evaluation summary is a JSON document (written and read whole, never queried inside).
 */
export async function up(db: Kysely<unknown>, _dialect: SqlDialectName): Promise<void> {
  await db.schema
    .createTable('model_cards')
    .addColumn('model_id', 'bigint', (c) => c.primaryKey().references('registered_models.id'))
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('intended_use', 'text', (c) => c.notNull())
    .addColumn('limitations', 'text', (c) => c.notNull())
    .addColumn('training_data', 'text', (c) => c.notNull())
    .addColumn('fairness_notes', 'text', (c) => c.notNull())
    .addColumn('risk_tier', 'text')
    .addColumn('risk_rationale', 'text', (c) => c.notNull())
    .addColumn('evaluation', 'text')
    .addColumn('updated_time', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();
}
