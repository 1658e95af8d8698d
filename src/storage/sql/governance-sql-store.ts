import { sql, type Kysely, type Transaction } from 'kysely';
import { z } from 'zod';
import { alreadyExists, invalidState, notFound } from '../../domain/errors.js';
import type { GovernanceStore, ModelPlacement, NewPromotionRequest, PromotionQuery, StoredPolicy } from '../../domain/governance/governance-store.js';
import type { PolicyTier, PromotionPolicy } from '../../domain/governance/policy.js';
import type { DecisionPlan, PromotionRequest } from '../../domain/governance/promotion.js';
import { deletedStage } from '../../domain/registry/types.js';
import type { AuditTrail } from './audit-trail.js';
import { projectIdByName } from './project-id.js';
import { encodeEvidence, encodePolicy, hydrateRequests, requestRows, toStoredPolicy } from './governance-sql-rows.js';
import type { Schema } from './schema.js';
import { isUniqueViolation, parseStoredId } from './sql-support.js';

type Db = Kysely<Schema> | Transaction<Schema>;

const aliasList = z.array(z.string());

/** GovernanceStore on SQLite and Postgres; each write ends with its audit events in the same transaction. */
export class GovernanceSqlStore implements GovernanceStore {
  constructor(
    private readonly db: Kysely<Schema>,
    private readonly audit: AuditTrail,
  ) {}

  async placeModel(name: string): Promise<ModelPlacement> {
    const row = await this.db
      .selectFrom('registered_models as m')
      .innerJoin('projects as p', 'p.id', 'm.project_id')
      .select(['m.id', 'm.name', 'm.project_id', 'p.name as project', 'p.protected_aliases'])
      .where('m.name', '=', name)
      .executeTakeFirst();
    if (!row) throw notFound(`Registered Model with name=${name} not found`);
    return { modelId: Number(row.id), name: row.name, projectId: Number(row.project_id), project: row.project, protectedAliases: aliasList.parse(JSON.parse(row.protected_aliases)) };
  }

  projectId(name: string): Promise<number> {
    return projectIdByName(this.db, name);
  }

  async listPolicies(projectId: number): Promise<StoredPolicy[]> {
    const rows = await this.db.selectFrom('promotion_policies').selectAll().where('project_id', '=', projectId).execute();
    return rows.map(toStoredPolicy);
  }

  async getPolicy(projectId: number, tier: PolicyTier): Promise<StoredPolicy | null> {
    const row = await this.db.selectFrom('promotion_policies').selectAll().where('project_id', '=', projectId).where('risk_tier', '=', tier).executeTakeFirst();
    return row ? toStoredPolicy(row) : null;
  }

  async putPolicy(projectId: number, tier: PolicyTier, policy: PromotionPolicy, updatedBy: string, now: number): Promise<void> {
    const values = {
      approvals: policy.approvals,
      separation_of_duties: policy.separationOfDuties ? 1 : 0,
      checks: JSON.stringify(policy.checks),
      metric_key: policy.metric?.key ?? null,
      metric_higher_is_better: policy.metric === null ? null : policy.metric.higherIsBetter ? 1 : 0,
      updated_time: now,
      updated_by: updatedBy,
    };
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('promotion_policies')
        .values({ project_id: projectId, risk_tier: tier, ...values })
        .onConflict((oc) => oc.columns(['project_id', 'risk_tier']).doUpdateSet(values))
        .execute();
      await this.audit.record(trx, { action: 'policy.set', resourceType: 'policy', resourceId: await policyId(trx, projectId, tier), projectId, details: { riskTier: tier, ...policy } });
    });
  }

  async deletePolicy(projectId: number, tier: PolicyTier): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const result = await trx.deleteFrom('promotion_policies').where('project_id', '=', projectId).where('risk_tier', '=', tier).executeTakeFirst();
      if (result.numDeletedRows === 0n) return false;
      await this.audit.record(trx, { action: 'policy.set', resourceType: 'policy', resourceId: await policyId(trx, projectId, tier), projectId, details: { riskTier: tier, reset: true } });
      return true;
    });
  }

  async openRequest(input: NewPromotionRequest): Promise<PromotionRequest> {
    const { placement } = input;
    let id: number;
    try {
      id = await this.db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('promotion_requests')
          .values({
            project_id: placement.projectId,
            model_id: placement.modelId,
            model_name: placement.name,
            version: input.version,
            alias: input.alias,
            status: 'open',
            requested_by: input.requestedBy,
            comment: input.comment,
            created_time: input.now,
            decided_time: null,
            evidence: encodeEvidence(input.evidence),
            policy: encodePolicy(input.policy),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const details = { model: placement.name, version: input.version, alias: input.alias, checksPassed: input.evidence.checks.every((c) => c.passed) };
        await this.audit.record(trx, { action: 'promotion.open', resourceType: 'promotion', resourceId: String(row.id), projectId: placement.projectId, details });
        return Number(row.id);
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw alreadyExists(`model '${placement.name}' already has an open promotion request for alias '${input.alias}'; decide or withdraw it first`);
      }
      throw error;
    }
    return this.getRequest(String(id));
  }

  async getRequest(id: string): Promise<PromotionRequest> {
    const found = await this.findRequest(this.db, id);
    if (!found) throw notFound(`No promotion request with id '${id}'`);
    return found;
  }

  async listRequests(query: PromotionQuery): Promise<PromotionRequest[]> {
    let select = requestRows(this.db);
    if (query.status !== undefined) select = select.where('r.status', '=', query.status);
    if (query.projectId !== undefined) select = select.where('r.project_id', '=', query.projectId);
    if (query.model !== undefined) select = select.where('m.name', '=', query.model);
    if (query.projectIds !== undefined) select = query.projectIds.length === 0 ? select.where(sql<boolean>`1 = 0`) : select.where('r.project_id', 'in', query.projectIds);
    if (query.beforeId !== undefined) select = select.where('r.id', '<', query.beforeId);
    const rows = await select.orderBy('r.id', 'desc').limit(query.limit).execute();
    return hydrateRequests(this.db, rows);
  }

  async decide(id: string, plan: (current: PromotionRequest) => DecisionPlan): Promise<PromotionRequest> {
    const requestId = parseStoredId(id);
    if (requestId === undefined) throw notFound(`No promotion request with id '${id}'`);
    await this.db.transaction().execute(async (trx) => {
      // Takes the row lock first on Postgres, so concurrent decisions on one request queue up (SQLite has one writer).
      await trx.updateTable('promotion_requests').set({ status: sql`status` }).where('id', '=', requestId).execute();
      const current = await this.findRequest(trx, id);
      if (!current) throw notFound(`No promotion request with id '${id}'`);
      const { decision, status, moveAlias } = plan(current);
      await trx.insertInto('promotion_decisions').values({ request_id: requestId, actor: decision.actor, decision: decision.decision, comment: decision.comment, time: decision.time }).execute();
      await trx
        .updateTable('promotion_requests')
        .set({ status, decided_time: status === 'open' ? null : decision.time })
        .where('id', '=', requestId)
        .execute();
      const previous = moveAlias ? await this.moveAlias(trx, requestId, current) : undefined;

      const base = { resourceType: 'promotion', resourceId: current.id, projectId: current.projectId };
      const approvals = new Set([...current.decisions, decision].filter((d) => d.decision === 'approve').map((d) => d.actor)).size;
      const summary = { model: current.model, version: current.version, alias: current.alias, status };
      const details = decision.decision === 'approve' ? { ...summary, approvals, required: current.policy.approvals } : summary;
      await this.audit.record(trx, { ...base, action: `promotion.${decision.decision}`, details });
      if (moveAlias) {
        await this.audit.record(trx, { ...base, action: 'promotion.complete', details: summary });
        await this.audit.record(trx, {
          action: 'model.alias.set',
          resourceType: 'model',
          resourceId: current.model,
          projectId: current.projectId,
          details: { alias: current.alias, version: current.version, previousVersion: previous ?? null, promotion: current.id },
        });
      }
    });
    return this.getRequest(id);
  }

  /** Points the alias at the request's version; answers the version it pointed at before, if any. */
  private async moveAlias(trx: Transaction<Schema>, requestId: number, request: PromotionRequest): Promise<number | undefined> {
    // Locks the version first, as a deletion does before reading the aliases it would drop: a
    // deletion under way either commits first (the version reads deleted below) or waits and sees this alias.
    await trx
      .updateTable('model_versions')
      .set({ current_stage: sql`current_stage` })
      .where('model_id', 'in', trx.selectFrom('promotion_requests').select('model_id').where('id', '=', requestId))
      .where('version', '=', request.version)
      .execute();
    const target = await trx
      .selectFrom('promotion_requests as r')
      .innerJoin('model_versions as v', (join) => join.onRef('v.model_id', '=', 'r.model_id').onRef('v.version', '=', 'r.version'))
      .select(['v.id', 'v.model_id', 'v.current_stage'])
      .where('r.id', '=', requestId)
      .executeTakeFirst();
    if (!target || target.current_stage === deletedStage) {
      throw invalidState(`version ${request.version} of model '${request.model}' no longer exists; promotion request ${request.id} cannot complete`);
    }
    const modelId = Number(target.model_id);
    const before = await trx
      .selectFrom('registered_model_aliases as a')
      .innerJoin('model_versions as v', 'v.id', 'a.version_id')
      .select('v.version')
      .where('a.model_id', '=', modelId)
      .where('a.alias', '=', request.alias)
      .executeTakeFirst();
    await trx
      .insertInto('registered_model_aliases')
      .values({ model_id: modelId, alias: request.alias, version_id: Number(target.id) })
      .onConflict((oc) => oc.columns(['model_id', 'alias']).doUpdateSet({ version_id: Number(target.id) }))
      .execute();
    return before === undefined ? undefined : Number(before.version);
  }

  private async findRequest(db: Db, id: string): Promise<PromotionRequest | undefined> {
    const requestId = parseStoredId(id);
    if (requestId === undefined) return undefined;
    const rows = await requestRows(db as Kysely<Schema>).where('r.id', '=', requestId).execute();
    const [found] = await hydrateRequests(db as Kysely<Schema>, rows);
    return found;
  }
}

/** A policy's public id: `<project name>/<tier>` (project names never change). */
async function policyId(trx: Transaction<Schema>, projectId: number, tier: PolicyTier): Promise<string> {
  const row = await trx.selectFrom('projects').select('name').where('id', '=', projectId).executeTakeFirst();
  return `${row?.name ?? projectId}/${tier}`;
}
