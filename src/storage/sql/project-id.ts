import type { Kysely } from 'kysely';
import { notFound } from '../../domain/errors.js';
import type { Schema } from './schema.js';

/** The internal id of the project named `name`; NOT_FOUND when there is none. */
export async function projectIdByName(db: Kysely<Schema>, name: string): Promise<number> {
  const row = await db.selectFrom('projects').select('id').where('name', '=', name).executeTakeFirst();
  if (!row) throw notFound(`No project named '${name}'`);
  return Number(row.id);
}
