import { invalidState, CairnError } from '../errors.js';
import type { CardCompleteness, CardField, RiskTier } from '../registry/model-card.js';
import type { PolicyCheck, PolicyMetric, PromotionPolicy } from './policy.js';

export const promotionStatuses = ['open', 'approved', 'rejected', 'withdrawn'] as const;
export type PromotionStatus = (typeof promotionStatuses)[number];

export const promotionLimits = { commentLength: 5000, listMaxResults: 1000 } as const;

export interface MetricComparison extends PolicyMetric {
  /** The candidate's run's latest value; null when the run logged none (or there is no run). */
  candidate: number | null;
  /** The current holder's value; null when nobody holds the alias or its run logged none. */
  current: number | null;
  /** The version holding the alias when the request was opened; null when none did. */
  currentVersion: number | null;
}

export interface CheckResult {
  name: PolicyCheck;
  passed: boolean;
  detail: string;
}

/** What Cairn found when the request was opened; stored with it and never recomputed. */
export interface PromotionEvidence {
  cardComplete: boolean;
  missingCardFields: CardField[];
  riskTier: RiskTier | null;
  metric: MetricComparison | null;
  /** null when the policy names no metric. */
  beatsCurrent: boolean | null;
  checks: CheckResult[];
}

export type DecisionKind = 'approve' | 'reject' | 'withdraw';

export interface PromotionDecision {
  actor: string;
  decision: DecisionKind;
  comment: string;
  time: number;
}

export interface PromotionRequest {
  id: string;
  /** Internal; used for authorization, never sent. */
  projectId: number;
  project: string;
  model: string;
  version: number;
  alias: string;
  status: PromotionStatus;
  requestedBy: string;
  comment: string;
  createdTime: number;
  decidedTime: number | null;
  evidence: PromotionEvidence;
  /** The policy in force when the request was opened; later policy edits do not change it. */
  policy: PromotionPolicy;
  decisions: PromotionDecision[];
}

/** The facts evidence is computed from, gathered by the service. */
export interface EvidenceFacts {
  completeness: CardCompleteness;
  riskTier: RiskTier | null;
  /** The candidate's run status; null when the version names no run or the run is gone. */
  runStatus: string | null;
  candidateMetrics: ReadonlyMap<string, number> | null;
  current: { version: number; metrics: ReadonlyMap<string, number> | null } | null;
}

/**
 * The candidate beats the holder when strictly better on the metric. Nobody holding the alias (or a
 * holder with no value) is beaten by any candidate with a value; a candidate without one beats nobody.
 */
export function beats(metric: PolicyMetric, candidate: number | null, current: number | null, hasHolder: boolean): boolean {
  if (candidate === null || Number.isNaN(candidate)) return false;
  if (!hasHolder || current === null || Number.isNaN(current)) return true;
  return metric.higherIsBetter ? candidate > current : candidate < current;
}

export function computeEvidence(policy: PromotionPolicy, facts: EvidenceFacts): PromotionEvidence {
  let metric: MetricComparison | null = null;
  let beatsCurrent: boolean | null = null;
  if (policy.metric !== null) {
    const candidate = facts.candidateMetrics?.get(policy.metric.key) ?? null;
    const current = facts.current?.metrics?.get(policy.metric.key) ?? null;
    metric = { ...policy.metric, candidate, current, currentVersion: facts.current?.version ?? null };
    beatsCurrent = beats(policy.metric, candidate, current, facts.current !== null);
  }
  const checks = policy.checks.map((name): CheckResult => {
    switch (name) {
      case 'card_complete':
        return facts.completeness.complete
          ? { name, passed: true, detail: 'every required card field is filled' }
          : { name, passed: false, detail: `the model card is missing: ${facts.completeness.missing.join(', ')}` };
      case 'run_finished':
        if (facts.runStatus === null) return { name, passed: false, detail: 'the version was not registered from a run that still exists' };
        return { name, passed: facts.runStatus === 'FINISHED', detail: `the version's run is ${facts.runStatus}` };
      case 'beats_current':
        return { name, passed: beatsCurrent === true, detail: describeComparison(metric) };
    }
  });
  return { cardComplete: facts.completeness.complete, missingCardFields: facts.completeness.missing, riskTier: facts.riskTier, metric, beatsCurrent, checks };
}

function describeComparison(metric: MetricComparison | null): string {
  if (metric === null) return 'the policy names no metric';
  const better = metric.higherIsBetter ? 'higher' : 'lower';
  if (metric.candidate === null) return `the candidate's run has no '${metric.key}' metric`;
  if (metric.currentVersion === null) return `nobody holds the alias yet (candidate ${metric.key} = ${metric.candidate})`;
  if (metric.current === null) return `the current version ${metric.currentVersion} has no '${metric.key}' metric (candidate ${metric.candidate})`;
  return `candidate ${metric.key} = ${metric.candidate}, current version ${metric.currentVersion} = ${metric.current} (${better} is better)`;
}

/** What a decision does to a request: the decision recorded, the new status, and whether the alias moves now. */
export interface DecisionPlan {
  decision: PromotionDecision;
  status: PromotionStatus;
  moveAlias: boolean;
}

const permissionDenied = (message: string): CairnError => new CairnError('PERMISSION_DENIED', message);

function requireOpen(request: PromotionRequest): void {
  if (request.status !== 'open') throw invalidState(`promotion request ${request.id} is already ${request.status}; only open requests can be decided`);
}

/**
 * An approval, judged against the request's current state (inside the transaction that records it).
 * Approving is refused while a check failed: the evidence was fixed when the request was opened, so
 * the way forward is to withdraw it, fix the cause and open a new one.
 */
export function planApproval(request: PromotionRequest, actor: string, comment: string, now: number): DecisionPlan {
  requireOpen(request);
  if (request.policy.separationOfDuties && actor === request.requestedBy) {
    throw permissionDenied(
      `separation of duties: '${actor}' opened promotion request ${request.id} and cannot approve it; an approver other than the requester must`,
    );
  }
  if (request.decisions.some((d) => d.decision === 'approve' && d.actor === actor)) {
    throw invalidState(`'${actor}' has already approved promotion request ${request.id}; each approver counts once`);
  }
  const failing = request.evidence.checks.filter((c) => !c.passed);
  if (failing.length > 0) {
    const list = failing.map((c) => `${c.name} (${c.detail})`).join('; ');
    throw invalidState(`promotion request ${request.id} cannot be approved: check failed: ${list}. Reject or withdraw it, fix the cause and open a new request`);
  }
  const approvers = new Set(request.decisions.filter((d) => d.decision === 'approve').map((d) => d.actor)).add(actor);
  const done = approvers.size >= request.policy.approvals;
  return { decision: { actor, decision: 'approve', comment, time: now }, status: done ? 'approved' : 'open', moveAlias: done };
}

export function planRejection(request: PromotionRequest, actor: string, comment: string, now: number): DecisionPlan {
  requireOpen(request);
  return { decision: { actor, decision: 'reject', comment, time: now }, status: 'rejected', moveAlias: false };
}

export function planWithdrawal(request: PromotionRequest, actor: string, comment: string, now: number): DecisionPlan {
  requireOpen(request);
  return { decision: { actor, decision: 'withdraw', comment, time: now }, status: 'withdrawn', moveAlias: false };
}

/** How to move a protected alias; quoted by every refusal of a direct alias change. */
export function protectedAliasMessage(model: string, alias: string): string {
  return `alias '${alias}' of model '${model}' is protected: open a promotion request (cairn models promote ${model} <version> --to ${alias}, or POST /api/v1/promotions)`;
}
