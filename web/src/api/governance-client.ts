import { seg, v1Get, v1Send } from './http.js';
import type { Page } from './tracking-model.js';

/** Promotion policies and promotion requests (native API). */

export const riskTiers = ['low', 'medium', 'high', 'critical'] as const;
/** Policies exist per risk tier, plus `default` for models whose card names no tier. */
export const policyTiers = [...riskTiers, 'default'] as const;
export const policyChecks = ['card_complete', 'beats_current', 'run_finished'] as const;

export interface PolicyMetric {
  key: string;
  higherIsBetter: boolean;
}

export interface PolicyRules {
  approvals: number;
  separationOfDuties: boolean;
  checks: string[];
  metric: PolicyMetric | null;
}

export interface Policy extends PolicyRules {
  riskTier: string;
  /** `default` when the project wrote none for this tier and Cairn's default applies. */
  source?: 'project' | 'default';
  updatedTime?: number | null;
  updatedBy?: string;
}

export interface PromotionCheck {
  name: string;
  passed: boolean;
  detail: string;
}

export interface PromotionEvidence {
  cardComplete: boolean;
  missingCardFields: string[];
  riskTier: string | null;
  /** Values may be 'NaN' / 'Infinity' strings (JSON has no such numbers). */
  metric: { key: string; higherIsBetter: boolean; candidate: number | string | null; current: number | string | null; currentVersion: number | null } | null;
  beatsCurrent: boolean | null;
  checks: PromotionCheck[];
}

export interface PromotionDecision {
  actor: string;
  decision: string;
  comment: string;
  time: number;
}

export type PromotionStatus = 'open' | 'approved' | 'rejected' | 'withdrawn';

export interface Promotion {
  id: string;
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
  policy: PolicyRules | null;
  decisions: PromotionDecision[];
}

export async function listPolicies(project: string, signal?: AbortSignal): Promise<Policy[]> {
  const body = await v1Get<{ policies?: Policy[] }>(`/projects/${seg(project)}/policies`, {}, signal);
  return body.policies ?? [];
}

export async function putPolicy(project: string, riskTier: string, policy: PolicyRules): Promise<Policy> {
  const body = await v1Send<{ policy: Policy }>('PUT', `/projects/${seg(project)}/policies/${seg(riskTier)}`, policy);
  return body.policy;
}

/** Drops the project's own policy for the tier; Cairn's default applies again. */
export async function resetPolicy(project: string, riskTier: string): Promise<Policy> {
  const body = await v1Send<{ policy: Policy }>('DELETE', `/projects/${seg(project)}/policies/${seg(riskTier)}`);
  return body.policy;
}

export interface PromotionFilter {
  status?: PromotionStatus;
  project?: string;
  model?: string;
  maxResults?: number;
  pageToken?: string | null;
}

export async function listPromotions(filter: PromotionFilter, signal?: AbortSignal): Promise<Page<Promotion>> {
  const body = await v1Get<{ promotions?: Promotion[]; nextPageToken?: string }>('/promotions', { maxResults: 100, ...filter }, signal);
  return { items: body.promotions ?? [], nextPageToken: body.nextPageToken || null };
}

export async function getPromotion(id: string, signal?: AbortSignal): Promise<Promotion> {
  const body = await v1Get<{ promotion: Promotion }>(`/promotions/${seg(id)}`, {}, signal);
  return body.promotion;
}

export async function requestPromotion(input: { model: string; version: number; alias: string; comment?: string }): Promise<Promotion> {
  const body = await v1Send<{ promotion: Promotion }>('POST', '/promotions', input);
  return body.promotion;
}

export async function decidePromotion(id: number | string, decision: 'approve' | 'reject' | 'withdraw', comment: string): Promise<Promotion> {
  const body = await v1Send<{ promotion: Promotion }>('POST', `/promotions/${seg(id)}/${decision}`, { comment });
  return body.promotion;
}
