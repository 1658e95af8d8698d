import type { Kysely } from 'kysely';
import { z } from 'zod';
import { policyChecks, promotionPolicySchema, type PolicyTier, type PromotionPolicy } from '../../domain/governance/policy.js';
import type { StoredPolicy } from '../../domain/governance/governance-store.js';
import type { DecisionKind, PromotionEvidence, PromotionRequest, PromotionStatus } from '../../domain/governance/promotion.js';
import { riskTiers } from '../../domain/registry/model-card.js';
import type { Schema } from './schema.js';

/** Reading and writing the governance tables' rows and JSON columns (parsed with zod, as every JSON column is). */

type Db = Kysely<Schema>;

// JSON has no NaN or infinities; metric values are stored as their names, as model cards do.
const storedNumber = z.union([z.number(), z.enum(['NaN', 'Infinity', '-Infinity'])]).transform(Number);

const evidenceSchema = z.object({
  cardComplete: z.boolean(),
  missingCardFields: z.array(z.enum(['owner', 'intendedUse', 'limitations', 'trainingData', 'riskTier', 'riskRationale', 'evaluation'])),
  riskTier: z.enum(riskTiers).nullable(),
  metric: z
    .object({
      key: z.string(),
      higherIsBetter: z.boolean(),
      candidate: storedNumber.nullable(),
      current: storedNumber.nullable(),
      currentVersion: z.number().int().nullable(),
    })
    .nullable(),
  beatsCurrent: z.boolean().nullable(),
  checks: z.array(z.object({ name: z.enum(policyChecks), passed: z.boolean(), detail: z.string() })),
});

export function encodeEvidence(evidence: PromotionEvidence): string {
  return JSON.stringify(evidence, (_key, value: unknown) => {
    if (typeof value !== 'number' || Number.isFinite(value)) return value;
    return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
  });
}

export function decodeEvidence(json: string): PromotionEvidence {
  return evidenceSchema.parse(JSON.parse(json));
}

export function encodePolicy(policy: PromotionPolicy): string {
  return JSON.stringify(policy);
}

export function decodePolicy(json: string): PromotionPolicy {
  return promotionPolicySchema.parse(JSON.parse(json));
}

interface PolicyRow {
  risk_tier: string;
  approvals: number;
  separation_of_duties: number;
  checks: string;
  metric_key: string | null;
  metric_higher_is_better: number | null;
  updated_time: number;
  updated_by: string;
}

export function toStoredPolicy(row: PolicyRow): StoredPolicy {
  const policy = promotionPolicySchema.parse({
    approvals: row.approvals,
    separationOfDuties: row.separation_of_duties === 1,
    checks: JSON.parse(row.checks) as unknown,
    metric: row.metric_key === null ? null : { key: row.metric_key, higherIsBetter: row.metric_higher_is_better === 1 },
  });
  return { ...policy, riskTier: row.risk_tier as PolicyTier, updatedTime: Number(row.updated_time), updatedBy: row.updated_by };
}

/** Requests with their project, current model name and the decisions, joined in a few statements. */
export function requestRows(db: Db) {
  return db
    .selectFrom('promotion_requests as r')
    .innerJoin('projects as p', 'p.id', 'r.project_id')
    .leftJoin('registered_models as m', 'm.id', 'r.model_id')
    .select([
      'r.id',
      'r.project_id',
      'p.name as project',
      'r.model_name',
      'm.name as current_name',
      'r.version',
      'r.alias',
      'r.status',
      'r.requested_by',
      'r.comment',
      'r.created_time',
      'r.decided_time',
      'r.evidence',
      'r.policy',
    ]);
}

type RequestRow = Awaited<ReturnType<ReturnType<typeof requestRows>['execute']>>[number];

export async function hydrateRequests(db: Db, rows: readonly RequestRow[]): Promise<PromotionRequest[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => Number(r.id));
  const decisions = await db.selectFrom('promotion_decisions').selectAll().where('request_id', 'in', ids).orderBy('id').execute();
  return rows.map((row) => ({
    id: String(row.id),
    projectId: Number(row.project_id),
    project: row.project,
    // A renamed model is shown by its new name; a deleted one by the name it had.
    model: row.current_name ?? row.model_name,
    version: Number(row.version),
    alias: row.alias,
    status: row.status as PromotionStatus,
    requestedBy: row.requested_by,
    comment: row.comment,
    createdTime: Number(row.created_time),
    decidedTime: row.decided_time === null ? null : Number(row.decided_time),
    evidence: decodeEvidence(row.evidence),
    policy: decodePolicy(row.policy),
    decisions: decisions
      .filter((d) => Number(d.request_id) === Number(row.id))
      .map((d) => ({ actor: d.actor, decision: d.decision as DecisionKind, comment: d.comment, time: Number(d.time) })),
  }));
}
