import { sql, type Transaction } from 'kysely';
import type { DroppedAlias } from '../../domain/registry/registry-store.js';
import type { AuditTrail, StampedChange } from './audit-trail.js';
import type { Schema } from './schema.js';

/** What is being deleted: one version of a model, or (no version) the whole model. */
export interface DeletedTarget {
  model: string;
  version?: number;
}

/**
 * Closes as `withdrawn` the open promotion requests for versions that `trx` deletes, recording a
 * withdrawal decision by the caller who deletes. Such a request could never complete, and left
 * open it would block the model's queue for its alias.
 *
 * Call it before the deletion touches the versions: a decision locks its request and then the
 * version, so taking the locks in the same order here keeps the two from deadlocking (a decision
 * already under way finishes first, and this UPDATE then no longer finds its request open).
 *
 * Answers the audit events to append at the END of `trx`, with the deletion's own, so the chain
 * head stays locked only briefly.
 */
export async function withdrawRequestsOfDeleted(trx: Transaction<Schema>, audit: AuditTrail, target: DeletedTarget): Promise<StampedChange[]> {
  let closing = trx
    .updateTable('promotion_requests')
    .set({ status: 'withdrawn' })
    .where('status', '=', 'open')
    .where('model_id', 'in', trx.selectFrom('registered_models').select('id').where('name', '=', target.model));
  if (target.version !== undefined) closing = closing.where('version', '=', target.version);
  const closed = await closing.returning(['id', 'project_id', 'version', 'alias']).execute();
  if (closed.length === 0) return [];

  const reason = target.version === undefined ? 'model deleted' : 'version deleted';
  const stamped = closed.map((row) =>
    audit.stamp({
      action: 'promotion.withdraw',
      resourceType: 'promotion',
      resourceId: String(row.id),
      projectId: Number(row.project_id),
      details: { model: target.model, version: Number(row.version), alias: row.alias, status: 'withdrawn', reason },
    }),
  );
  // The time the first event was stamped, for every request closed here: they close together.
  const { actor, time } = stamped[0] as StampedChange;
  const what = target.version === undefined ? `model '${target.model}' was deleted` : `version ${target.version} of model '${target.model}' was deleted`;
  const ids = closed.map((row) => Number(row.id));
  await trx.insertInto('promotion_decisions').values(ids.map((id) => ({ request_id: id, actor, decision: 'withdraw', comment: `closed by Cairn: ${what}`, time }))).execute();
  // At most one open request per model and alias, so the list is short.
  await trx.updateTable('promotion_requests').set({ decided_time: time }).where('id', 'in', ids).execute();
  return stamped;
}

/**
 * Locks the versions `trx` is about to delete and answers the aliases they hold, for the registry's
 * deletion guard. Locking first (as a promotion does before moving an alias onto a version) means a
 * promotion under way either commits first, and its alias is seen here, or waits and then finds
 * the version gone.
 */
export async function lockAliasHolders(trx: Transaction<Schema>, target: DeletedTarget): Promise<DroppedAlias[]> {
  const modelId = trx.selectFrom('registered_models').select('id').where('name', '=', target.model);
  let locking = trx.updateTable('model_versions').set({ current_stage: sql`current_stage` }).where('model_id', 'in', modelId);
  if (target.version !== undefined) locking = locking.where('version', '=', target.version);
  await locking.execute();
  let held = trx
    .selectFrom('registered_model_aliases as a')
    .innerJoin('model_versions as v', 'v.id', 'a.version_id')
    .select(['a.alias', 'v.version'])
    .where('a.model_id', 'in', modelId);
  if (target.version !== undefined) held = held.where('v.version', '=', target.version);
  const rows = await held.orderBy('a.alias').execute();
  return rows.map((row) => ({ alias: row.alias, version: Number(row.version) }));
}
