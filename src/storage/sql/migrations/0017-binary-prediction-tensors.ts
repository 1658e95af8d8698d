import { sql, type Kysely } from 'kysely';
import type { SqlDialectName } from '../dialect.js';

/**
 * The prediction log keeps its tensors in the binary form of tensor-log-codec.ts (a third of the
 * JSON text's size, and no number to format per logged value). SQLite stores a blob in a text
 * column as it is, so only Postgres changes the columns' type; the JSON text already logged stays
 * readable as bytes that start with '[', which the codec reads as JSON.
 */
export async function up(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void> {
  if (dialect !== 'postgres') return;
  for (const column of ['inputs', 'outputs']) {
    await sql`alter table predictions alter column ${sql.ref(column)} type bytea using convert_to(${sql.ref(column)}, 'UTF8')`.execute(db);
  }
}
