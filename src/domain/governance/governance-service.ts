import type { Authorizer } from '../access/authorizer.js';
import type { Clock } from '../clock.js';
import { CairnError, invalidArgument, invalidState } from '../errors.js';
import type { ModelCardService } from '../registry/model-card-service.js';
import { requireReady, type RegistryService } from '../registry/registry-service.js';
import type { TrackingService } from '../tracking/tracking-service.js';
import { validateLength } from '../tracking/validation.js';
import type { GovernanceStore } from './governance-store.js';
import { defaultPolicies, parsePolicy, parsePolicyTier, policyTiers, tierOf, type EffectivePolicy, type PolicyTier, type PromotionPolicy } from './policy.js';
import {
  computeEvidence,
  planApproval,
  planRejection,
  planWithdrawal,
  promotionLimits,
  promotionStatuses,
  type DecisionPlan,
  type EvidenceFacts,
  type PromotionRequest,
  type PromotionStatus,
} from './promotion.js';

export interface GovernanceServiceOptions {
  store: GovernanceStore;
  authorizer: Authorizer;
  registry: RegistryService;
  modelCards: ModelCardService;
  tracking: TrackingService;
  clock: Clock;
}

export interface OpenPromotion {
  model: string;
  version: string | number;
  alias: string;
  comment?: string;
}

export interface PromotionListQuery {
  status?: string;
  project?: string;
  model?: string;
  maxResults?: number;
  pageToken?: string;
}

/**
 * Promotion requests and the policies that judge them. A protected alias moves only here, when the
 * last approval its policy asks for arrives, in the transaction that records that approval.
 */
export class GovernanceService {
  constructor(private readonly options: GovernanceServiceOptions) {}

  /** Every tier's policy as it applies in the project now (the project's own, or Cairn's default). */
  async listPolicies(project: string): Promise<EffectivePolicy[]> {
    const projectId = await this.options.store.projectId(project);
    await this.options.authorizer.requireProject(projectId, 'read');
    const stored = new Map((await this.options.store.listPolicies(projectId)).map((p) => [p.riskTier, p]));
    return policyTiers.map((tier) => {
      const own = stored.get(tier);
      if (own) return { ...own, source: 'project' };
      return { ...defaultPolicies[tier], riskTier: tier, source: 'default', updatedTime: null, updatedBy: '' };
    });
  }

  async setPolicy(project: string, riskTier: string, input: unknown): Promise<EffectivePolicy> {
    const tier = parsePolicyTier(riskTier);
    const policy = parsePolicy(input);
    const projectId = await this.options.store.projectId(project);
    await this.options.authorizer.requireProject(projectId, 'manage', 'to change promotion policies');
    await this.options.store.putPolicy(projectId, tier, policy, this.options.authorizer.caller().name, this.options.clock.now());
    return this.effectivePolicy(projectId, tier);
  }

  /** Goes back to Cairn's default for the tier. */
  async resetPolicy(project: string, riskTier: string): Promise<EffectivePolicy> {
    const tier = parsePolicyTier(riskTier);
    const projectId = await this.options.store.projectId(project);
    await this.options.authorizer.requireProject(projectId, 'manage', 'to change promotion policies');
    await this.options.store.deletePolicy(projectId, tier);
    return this.effectivePolicy(projectId, tier);
  }

  /** Opens a request with its evidence, computed now and stored with it. */
  async openPromotion(input: OpenPromotion): Promise<PromotionRequest> {
    const comment = validComment(input.comment);
    const { registry } = this.options;
    // The registry validates name, version and alias, and answers NOT_FOUND for unknown ones.
    const candidate = await registry.getModelVersion(input.model, input.version);
    await this.options.authorizer.requireModel(candidate.name, 'write', `to request a promotion of model '${candidate.name}'`);
    requireReady(candidate, `no promotion request can be opened for it`);
    const placement = await this.options.store.placeModel(candidate.name);
    const current = await this.currentHolder(candidate.name, input.alias);
    if (current?.version === candidate.version) {
      throw invalidState(`alias '${input.alias}' of model '${candidate.name}' already points at version ${candidate.version}`);
    }
    const { card, completeness } = await this.options.modelCards.getCard(candidate.name);
    const policy = await this.policyFor(placement.projectId, tierOf(card.riskTier));
    const run = await this.runFacts(candidate.runId);
    const facts: EvidenceFacts = {
      completeness,
      riskTier: card.riskTier,
      runStatus: run?.status ?? null,
      candidateMetrics: run?.metrics ?? null,
      current: current ? { version: current.version, metrics: (await this.runFacts(current.runId))?.metrics ?? null } : null,
    };
    return this.options.store.openRequest({
      placement,
      version: candidate.version,
      alias: input.alias,
      requestedBy: this.options.authorizer.caller().name,
      comment,
      evidence: computeEvidence(policy, facts),
      policy,
      now: this.options.clock.now(),
    });
  }

  async getPromotion(id: string): Promise<PromotionRequest> {
    const request = await this.options.store.getRequest(validId(id));
    await this.options.authorizer.requireProject(request.projectId, 'read');
    return request;
  }

  /** Newest first; only the projects the caller may read. */
  async listPromotions(query: PromotionListQuery): Promise<{ items: PromotionRequest[]; nextPageToken?: string }> {
    const maxResults = query.maxResults ?? 100;
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > promotionLimits.listMaxResults) {
      throw invalidArgument(`maxResults: must be between 1 and ${promotionLimits.listMaxResults}`);
    }
    if (query.status !== undefined && !(promotionStatuses as readonly string[]).includes(query.status)) {
      throw invalidArgument(`status: '${query.status.slice(0, 50)}' is not one of ${promotionStatuses.join(', ')}`);
    }
    const beforeId = query.pageToken === undefined || query.pageToken === '' ? undefined : Number(validId(query.pageToken, 'pageToken'));
    const projectId = query.project === undefined ? undefined : await this.options.store.projectId(query.project);
    if (projectId !== undefined) await this.options.authorizer.requireProject(projectId, 'read');
    const projectIds = await this.options.authorizer.readableProjects();
    const items = await this.options.store.listRequests({
      limit: maxResults + 1,
      ...(query.status !== undefined ? { status: query.status as PromotionStatus } : {}),
      ...(projectId !== undefined ? { projectId } : {}),
      ...(query.model !== undefined ? { model: query.model } : {}),
      ...(projectIds !== undefined ? { projectIds } : {}),
      ...(beforeId !== undefined ? { beforeId } : {}),
    });
    if (items.length <= maxResults) return { items };
    const page = items.slice(0, maxResults);
    return { items: page, nextPageToken: (page[page.length - 1] as PromotionRequest).id };
  }

  async approve(id: string, comment?: string): Promise<PromotionRequest> {
    return this.decide(id, 'approve', 'approve', comment, planApproval);
  }

  async reject(id: string, comment?: string): Promise<PromotionRequest> {
    return this.decide(id, 'reject', 'approve', comment, planRejection);
  }

  /** The requester may withdraw their own request; anyone else needs to manage the project. */
  async withdraw(id: string, comment?: string): Promise<PromotionRequest> {
    const request = await this.getPromotion(id);
    const permission = request.requestedBy === this.options.authorizer.caller().name ? 'read' : 'manage';
    return this.decide(id, 'withdraw', permission, comment, planWithdrawal);
  }

  private async decide(
    id: string,
    verb: 'approve' | 'reject' | 'withdraw',
    permission: 'read' | 'approve' | 'manage',
    comment: string | undefined,
    plan: (request: PromotionRequest, actor: string, comment: string, now: number) => DecisionPlan,
  ): Promise<PromotionRequest> {
    const text = validComment(comment);
    const request = await this.options.store.getRequest(validId(id));
    await this.options.authorizer.requireProject(request.projectId, permission, `to ${verb} promotion request ${request.id}`);
    const actor = this.options.authorizer.caller().name;
    return this.options.store.decide(request.id, (current) => plan(current, actor, text, this.options.clock.now()));
  }

  private async effectivePolicy(projectId: number, tier: PolicyTier): Promise<EffectivePolicy> {
    const own = await this.options.store.getPolicy(projectId, tier);
    if (own) return { ...own, source: 'project' };
    return { ...defaultPolicies[tier], riskTier: tier, source: 'default', updatedTime: null, updatedBy: '' };
  }

  private async policyFor(projectId: number, tier: PolicyTier): Promise<PromotionPolicy> {
    const { approvals, separationOfDuties, checks, metric } = await this.effectivePolicy(projectId, tier);
    return { approvals, separationOfDuties, checks, metric };
  }

  private async currentHolder(model: string, alias: string) {
    try {
      return await this.options.registry.getModelVersionByAlias(model, alias);
    } catch (error) {
      if (error instanceof CairnError && error.code === 'NOT_FOUND') return null;
      throw error;
    }
  }

  /** The run's status and latest metrics; null when the version names no run or it is gone. */
  private async runFacts(runId: string): Promise<{ status: string; metrics: Map<string, number> } | null> {
    if (runId === '') return null;
    try {
      const run = await this.options.tracking.getRun(runId);
      return { status: run.info.status, metrics: new Map(run.data.metrics.map((m) => [m.key, m.value])) };
    } catch (error) {
      if (error instanceof CairnError && error.code === 'NOT_FOUND') return null;
      throw error;
    }
  }
}

function validComment(comment: string | undefined): string {
  const text = comment ?? '';
  validateLength('comment', text, promotionLimits.commentLength);
  return text;
}

function validId(id: string, field = 'id'): string {
  if (!/^\d{1,15}$/.test(id)) throw invalidArgument(`${field}: '${id.slice(0, 40)}' is not a promotion request id`);
  return id;
}
