import type { Kysely } from 'kysely';
import type { SqlDialectName } from '../dialect.js';

/**
 * Blobs are shared by every path with the same content; deleting or overwriting a path asks whether
 * any other path still refers to the blob, which must not scan the whole artifact index.
 */
export async function up(db: Kysely<unknown>, _dialect: SqlDialectName): Promise<void> {
  await db.schema.createIndex('artifact_files_sha256').on('artifact_files').column('sha256').execute();
}
