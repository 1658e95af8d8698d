import { sql, type Kysely } from 'kysely';
import type { SqlDialectName } from '../dialect.js';

/** Experiment tracking tables. Experiment "0" (Default) exists from the start, as MLflow clients assume. */
export async function up(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void> {
  const autoId = dialect === 'postgres' ? sql`bigserial primary key` : sql`integer primary key autoincrement`;
  // Artifact paths are compared byte-wise (prefix ranges), whatever the server's default collation.
  const pathText = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;

  await db.schema
    .createTable('experiments')
    .addColumn('experiment_id', autoId as never)
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('artifact_location', 'text', (c) => c.notNull())
    .addColumn('lifecycle_stage', 'text', (c) => c.notNull())
    .addColumn('creation_time', 'bigint', (c) => c.notNull())
    .addColumn('last_update_time', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('experiment_tags')
    .addColumn('experiment_id', 'bigint', (c) => c.notNull().references('experiments.experiment_id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('experiment_tags_pk', ['experiment_id', 'key'])
    .execute();

  await db.schema
    .createTable('runs')
    .addColumn('id', autoId as never)
    .addColumn('run_uuid', 'text', (c) => c.notNull().unique())
    .addColumn('experiment_id', 'bigint', (c) => c.notNull().references('experiments.experiment_id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('start_time', 'bigint', (c) => c.notNull())
    .addColumn('end_time', 'bigint')
    .addColumn('artifact_uri', 'text', (c) => c.notNull())
    .addColumn('lifecycle_stage', 'text', (c) => c.notNull())
    .addColumn('deleted_time', 'bigint')
    .execute();
  await db.schema
    .createIndex('runs_experiment_start')
    .on('runs')
    .columns(['experiment_id', 'lifecycle_stage', 'start_time'])
    .execute();

  for (const table of ['run_tags', 'params']) {
    await db.schema
      .createTable(table)
      .addColumn('run_id', 'bigint', (c) => c.notNull().references('runs.id'))
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint(`${table}_pk`, ['run_id', 'key'])
      .execute();
    await db.schema.createIndex(`${table}_key_value`).on(table).columns(['key', 'value']).execute();
  }

  // The append-heavy series: narrow, no primary key, read by (run, key) range.
  await db.schema
    .createTable('metric_points')
    .addColumn('run_id', 'bigint', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('step', 'bigint', (c) => c.notNull())
    .addColumn('timestamp', 'bigint', (c) => c.notNull())
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addColumn('is_nan', 'integer', (c) => c.notNull())
    .execute();
  // Covering (value and is_nan included) so a history read never visits the table itself.
  await db.schema
    .createIndex('metric_points_run_key_step')
    .on('metric_points')
    .columns(['run_id', 'key', 'step', 'timestamp', 'value', 'is_nan'])
    .execute();

  await db.schema
    .createTable('latest_metrics')
    .addColumn('run_id', 'bigint', (c) => c.notNull().references('runs.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('step', 'bigint', (c) => c.notNull())
    .addColumn('timestamp', 'bigint', (c) => c.notNull())
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addColumn('is_nan', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('latest_metrics_pk', ['run_id', 'key'])
    .execute();
  await db.schema.createIndex('latest_metrics_key_value').on('latest_metrics').columns(['key', 'value']).execute();

  await db.schema
    .createTable('datasets')
    .addColumn('id', autoId as never)
    .addColumn('experiment_id', 'bigint', (c) => c.notNull().references('experiments.experiment_id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('source_type', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('schema', 'text')
    .addColumn('profile', 'text')
    .addUniqueConstraint('datasets_experiment_name_digest', ['experiment_id', 'name', 'digest'])
    .execute();

  await db.schema
    .createTable('run_inputs')
    .addColumn('run_id', 'bigint', (c) => c.notNull().references('runs.id'))
    .addColumn('dataset_id', 'bigint', (c) => c.notNull().references('datasets.id'))
    .addColumn('tags', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('run_inputs_pk', ['run_id', 'dataset_id'])
    .execute();

  await db.schema
    .createTable('artifact_files')
    .addColumn('path', pathText as never, (c) => c.primaryKey())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('created_time', 'bigint', (c) => c.notNull())
    .execute();

  const now = Date.now();
  await sql`insert into experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time)
            values (0, 'Default', 'mlflow-artifacts:/0', 'active', ${now}, ${now})`.execute(db);
}
