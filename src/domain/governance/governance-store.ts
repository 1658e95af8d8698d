import type { PolicyTier, PromotionPolicy } from './policy.js';
import type { DecisionPlan, PromotionEvidence, PromotionRequest, PromotionStatus } from './promotion.js';

/** Where a registered model lives, for policies and authorization. */
export interface ModelPlacement {
  modelId: number;
  name: string;
  projectId: number;
  project: string;
  protectedAliases: string[];
}

export interface StoredPolicy extends PromotionPolicy {
  riskTier: PolicyTier;
  updatedTime: number;
  updatedBy: string;
}

export interface NewPromotionRequest {
  placement: ModelPlacement;
  version: number;
  alias: string;
  requestedBy: string;
  comment: string;
  evidence: PromotionEvidence;
  policy: PromotionPolicy;
  now: number;
}

export interface PromotionQuery {
  status?: PromotionStatus;
  projectId?: number;
  model?: string;
  /** Only these projects (the caller's readable ones); undefined means all. */
  projectIds?: number[];
  /** Newest first: only requests with an id below this one. */
  beforeId?: number;
  limit: number;
}

/**
 * Persistence of policies and promotion requests. Every write records its audit events in the same
 * transaction. Unknown projects, models and requests throw NOT_FOUND.
 */
export interface GovernanceStore {
  /** NOT_FOUND for an unknown model. */
  placeModel(name: string): Promise<ModelPlacement>;
  /** The project's id; NOT_FOUND for an unknown name. */
  projectId(name: string): Promise<number>;

  listPolicies(projectId: number): Promise<StoredPolicy[]>;
  getPolicy(projectId: number, tier: PolicyTier): Promise<StoredPolicy | null>;
  putPolicy(projectId: number, tier: PolicyTier, policy: PromotionPolicy, updatedBy: string, now: number): Promise<void>;
  /** Drops the project's policy for the tier, so Cairn's default applies again; false when there was none. */
  deletePolicy(projectId: number, tier: PolicyTier): Promise<boolean>;

  /** ALREADY_EXISTS when the model already has an open request for the alias. */
  openRequest(request: NewPromotionRequest): Promise<PromotionRequest>;
  getRequest(id: string): Promise<PromotionRequest>;
  listRequests(query: PromotionQuery): Promise<PromotionRequest[]>;
  /**
   * Locks the request, lets `plan` judge it as it now is (a throw rolls everything back), then
   * records the decision and, when the plan says so, points the alias at the version: all in one
   * transaction with their audit events. INVALID_STATE when the version is gone by then.
   */
  decide(id: string, plan: (current: PromotionRequest) => DecisionPlan): Promise<PromotionRequest>;
}
