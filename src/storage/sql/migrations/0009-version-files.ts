import { sql, type Kysely } from 'kysely';
import type { SqlDialectName } from '../dialect.js';

/**
 * What a model version holds: its files with their sizes and sha256 digests (copied from the
 * artifact index when the version is made, so they stay the record even if artifacts change later),
 * the format, MLflow flavours and the signature. Versions made before this migration read as
 * `unknown` with no files.
 */
export async function up(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void> {
  // Paths sort byte-wise on both databases, as artifact paths do.
  const pathText = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
  await db.schema.alterTable('model_versions').addColumn('format', 'text', (c) => c.notNull().defaultTo('unknown')).execute();
  await db.schema.alterTable('model_versions').addColumn('flavors', 'text').execute();
  await db.schema.alterTable('model_versions').addColumn('signature', 'text').execute();
  await db.schema
    .createTable('model_version_files')
    .addColumn('version_id', 'bigint', (c) => c.notNull().references('model_versions.id'))
    .addColumn('path', pathText as never, (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('model_version_files_pk', ['version_id', 'path'])
    .execute();
}
