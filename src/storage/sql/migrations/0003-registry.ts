import { sql, type Kysely } from 'kysely';
import type { SqlDialectName } from '../dialect.js';

/**
 * Model registry tables. Versions, tags and aliases point at the model's internal id, so a rename
 * touches one row. Model names are unique through their own index (not a column constraint) so
 * that a later migration can replace it by a (project_id, name) index when projects arrive.
 */
export async function up(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void> {
  const autoId = dialect === 'postgres' ? sql`bigserial primary key` : sql`integer primary key autoincrement`;
  // Names sort and compare byte-wise on both databases.
  const nameText = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;

  await db.schema
    .createTable('registered_models')
    .addColumn('id', autoId as never)
    .addColumn('name', nameText as never, (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('creation_time', 'bigint', (c) => c.notNull())
    .addColumn('last_update_time', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('registered_models_name').on('registered_models').column('name').unique().execute();
  await db.schema.createIndex('registered_models_creation').on('registered_models').columns(['creation_time', 'name']).execute();
  await db.schema.createIndex('registered_models_update').on('registered_models').columns(['last_update_time', 'name']).execute();

  await db.schema
    .createTable('model_versions')
    .addColumn('id', autoId as never)
    .addColumn('model_id', 'bigint', (c) => c.notNull().references('registered_models.id'))
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addColumn('creation_time', 'bigint', (c) => c.notNull())
    .addColumn('last_update_time', 'bigint', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('current_stage', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('run_link', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('model_versions_model_version').on('model_versions').columns(['model_id', 'version']).unique().execute();
  await db.schema.createIndex('model_versions_model_stage').on('model_versions').columns(['model_id', 'current_stage', 'version']).execute();
  await db.schema.createIndex('model_versions_run').on('model_versions').column('run_id').execute();

  await db.schema
    .createTable('registered_model_tags')
    .addColumn('model_id', 'bigint', (c) => c.notNull().references('registered_models.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('registered_model_tags_pk', ['model_id', 'key'])
    .execute();
  await db.schema.createIndex('registered_model_tags_key_value').on('registered_model_tags').columns(['key', 'value']).execute();

  await db.schema
    .createTable('model_version_tags')
    .addColumn('version_id', 'bigint', (c) => c.notNull().references('model_versions.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('model_version_tags_pk', ['version_id', 'key'])
    .execute();
  await db.schema.createIndex('model_version_tags_key_value').on('model_version_tags').columns(['key', 'value']).execute();

  await db.schema
    .createTable('registered_model_aliases')
    .addColumn('model_id', 'bigint', (c) => c.notNull().references('registered_models.id'))
    .addColumn('alias', 'text', (c) => c.notNull())
    .addColumn('version_id', 'bigint', (c) => c.notNull().references('model_versions.id'))
    .addPrimaryKeyConstraint('registered_model_aliases_pk', ['model_id', 'alias'])
    .execute();
  await db.schema.createIndex('registered_model_aliases_version').on('registered_model_aliases').column('version_id').execute();
}
