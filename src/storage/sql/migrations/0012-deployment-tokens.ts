import type { Kysely } from 'kysely';

/**
 * API tokens scoped to one deployment (docs/access.md, "Deployment-scoped tokens").
 *
 * `deployment_id` deliberately carries no foreign key. Each choice a foreign key offers is wrong
 * here: without ON DELETE it would block deleting a deployment that has tokens; SET NULL would turn
 * a scoped token into one with all its owner's rights; CASCADE would erase the token from listings
 * and leave its audit events pointing at nothing. Instead the token lookup on every request joins
 * the deployment by id (primary key), and a token whose deployment is gone is refused (401). Ids are
 * never reused (autoincrement, bigserial), so a deployment made again under the same name does not
 * revive old tokens. `deployment_name` keeps the name for listings once the deployment is gone.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('api_tokens').addColumn('deployment_id', 'bigint').execute();
  await db.schema.alterTable('api_tokens').addColumn('deployment_name', 'text').execute();
}
