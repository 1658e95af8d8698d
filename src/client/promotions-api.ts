import type { EffectivePolicy, PolicyTier, PromotionPolicy } from '../domain/governance/policy.js';
import type { PromotionRequest, PromotionStatus } from '../domain/governance/promotion.js';
import type { Transport } from './transport.js';

export type { EffectivePolicy, PolicyCheck, PolicyMetric, PolicyTier, PromotionPolicy } from '../domain/governance/policy.js';
export type { CheckResult, MetricComparison, PromotionDecision, PromotionEvidence, PromotionStatus } from '../domain/governance/promotion.js';

/** A promotion request as the API answers it (metric values decoded to numbers). */
export type Promotion = Omit<PromotionRequest, 'projectId'>;

export interface PromotionPage {
  promotions: Promotion[];
  nextPageToken?: string;
}

export interface PromotionListOptions {
  status?: PromotionStatus;
  /** Project name. */
  project?: string;
  model?: string;
  maxResults?: number;
  pageToken?: string;
}

type WireNumber = number | 'NaN' | 'Infinity' | '-Infinity';
const decode = (value: WireNumber | null): number | null => (value === null ? null : Number(value));

function fromWire(promotion: Promotion): Promotion {
  const metric = promotion.evidence.metric as (Omit<NonNullable<Promotion['evidence']['metric']>, 'candidate' | 'current'> & { candidate: WireNumber | null; current: WireNumber | null }) | null;
  if (metric === null) return promotion;
  return { ...promotion, evidence: { ...promotion.evidence, metric: { ...metric, candidate: decode(metric.candidate), current: decode(metric.current) } } };
}

/** Promotion requests: `client.promotions`. */
export class PromotionsApi {
  constructor(private readonly transport: Transport) {}

  /**
   * Asks for an alias (usually a protected one, like `production`) to point at a version. Cairn
   * computes the evidence (card completeness, metric against the current holder, policy checks) now.
   * @example
   * const request = await client.promotions.open('fraud-scorer', 3, 'production', { comment: 'beats v2 on AUC' });
   * console.log(request.evidence.checks);
   */
  async open(model: string, version: number, alias: string, options: { comment?: string } = {}): Promise<Promotion> {
    const body = { model, version, alias, ...(options.comment !== undefined ? { comment: options.comment } : {}) };
    return fromWire((await this.transport.json<{ promotion: Promotion }>('POST', '/promotions', { body })).promotion);
  }

  /**
   * Requests, newest first.
   * @example
   * const { promotions } = await client.promotions.list({ status: 'open' });
   */
  async list(options: PromotionListOptions = {}): Promise<PromotionPage> {
    const { maxResults, ...rest } = options;
    const query = { ...rest, ...(maxResults !== undefined ? { maxResults: String(maxResults) } : {}) };
    const page = await this.transport.json<PromotionPage>('GET', '/promotions', { query });
    return { ...page, promotions: page.promotions.map(fromWire) };
  }

  /**
   * @example
   * const request = await client.promotions.get('7');
   */
  async get(id: string): Promise<Promotion> {
    return fromWire((await this.transport.json<{ promotion: Promotion }>('GET', `/promotions/${encodeURIComponent(id)}`)).promotion);
  }

  /**
   * Approves; the last approval the policy needs moves the alias.
   * @example
   * const request = await client.promotions.approve('7', { comment: 'evidence reviewed' });
   * if (request.status === 'approved') console.log('alias moved');
   */
  approve(id: string, options: { comment?: string } = {}): Promise<Promotion> {
    return this.decide(id, 'approve', options.comment);
  }

  /**
   * @example
   * await client.promotions.reject('7', { comment: 'fairness notes missing' });
   */
  reject(id: string, options: { comment?: string } = {}): Promise<Promotion> {
    return this.decide(id, 'reject', options.comment);
  }

  /**
   * @example
   * await client.promotions.withdraw('7');
   */
  withdraw(id: string, options: { comment?: string } = {}): Promise<Promotion> {
    return this.decide(id, 'withdraw', options.comment);
  }

  private async decide(id: string, verb: string, comment: string | undefined): Promise<Promotion> {
    const body = comment !== undefined ? { comment } : {};
    return fromWire((await this.transport.json<{ promotion: Promotion }>('POST', `/promotions/${encodeURIComponent(id)}/${verb}`, { body })).promotion);
  }
}

/** Promotion policies per project and risk tier: `client.policies`. */
export class PoliciesApi {
  constructor(private readonly transport: Transport) {}

  /**
   * Every tier's policy as it applies in the project.
   * @example
   * const policies = await client.policies.list('default');
   */
  async list(project: string): Promise<EffectivePolicy[]> {
    return (await this.transport.json<{ policies: EffectivePolicy[] }>('GET', `/projects/${encodeURIComponent(project)}/policies`)).policies;
  }

  /**
   * @example
   * await client.policies.set('default', 'high', { approvals: 2, separationOfDuties: true, checks: ['card_complete', 'beats_current'], metric: { key: 'auc', higherIsBetter: true } });
   */
  async set(project: string, riskTier: PolicyTier, policy: Partial<PromotionPolicy> & { approvals: number }): Promise<EffectivePolicy> {
    const url = `/projects/${encodeURIComponent(project)}/policies/${encodeURIComponent(riskTier)}`;
    return (await this.transport.json<{ policy: EffectivePolicy }>('PUT', url, { body: policy })).policy;
  }

  /**
   * Back to Cairn's default for the tier.
   * @example
   * await client.policies.reset('default', 'high');
   */
  async reset(project: string, riskTier: PolicyTier): Promise<EffectivePolicy> {
    const url = `/projects/${encodeURIComponent(project)}/policies/${encodeURIComponent(riskTier)}`;
    return (await this.transport.json<{ policy: EffectivePolicy }>('DELETE', url)).policy;
  }
}
