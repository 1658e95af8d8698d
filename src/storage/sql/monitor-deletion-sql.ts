import type { Kysely } from 'kysely';
import type { Schema } from './schema.js';

/**
 * Deletes monitors with every row kept for them (windows, results, alerts, reference, run claims),
 * inside the caller's transaction: one monitor (`id`) or all of a deployment's (`deployment_id`),
 * the latter when the deployment itself is deleted. In one transaction because SQLite may hand a
 * deleted monitor's id to the next one, which must not inherit any of these. Retrain requests stay:
 * they are the record of what was asked. Answers how many monitors went.
 */
export async function deleteMonitors(trx: Kysely<Schema>, by: 'id' | 'deployment_id', value: number): Promise<number> {
  const ids = trx.selectFrom('monitors').select('id').where(by, '=', value);
  for (const table of ['monitor_results', 'monitor_windows', 'alerts', 'monitor_references', 'monitor_runs'] as const) {
    await trx.deleteFrom(table).where('monitor_id', 'in', ids).execute();
  }
  const { numDeletedRows } = await trx.deleteFrom('monitors').where(by, '=', value).executeTakeFirst();
  return Number(numDeletedRows);
}
