import { z } from 'zod';
import { invalidArgument } from '../errors.js';
import { riskTiers, type RiskTier } from '../registry/model-card.js';

/** The tiers a policy is kept for: the card's risk tiers, plus `default` for models whose card has none. */
export const policyTiers = [...riskTiers, 'default'] as const;
export type PolicyTier = (typeof policyTiers)[number];

/**
 * What a policy may require of a candidate before it can be approved:
 * - `card_complete`: the model card has every required field (model-card.ts);
 * - `beats_current`: the candidate beats the alias's current holder on the policy metric (passes when nobody holds it);
 * - `run_finished`: the candidate was registered from a run that ended as FINISHED.
 */
export const policyChecks = ['card_complete', 'beats_current', 'run_finished'] as const;
export type PolicyCheck = (typeof policyChecks)[number];

export const policyLimits = { maxApprovals: 10, metricKeyLength: 250 } as const;

export interface PolicyMetric {
  key: string;
  higherIsBetter: boolean;
}

/** What it takes for a promotion request to move its alias. */
export interface PromotionPolicy {
  /** Distinct approvers needed (each person counts once). */
  approvals: number;
  /** Approvers must be someone other than the requester. */
  separationOfDuties: boolean;
  checks: PolicyCheck[];
  /** The metric candidates are compared on; required when `checks` holds `beats_current`. */
  metric: PolicyMetric | null;
}

/** A project's policy for one tier as it applies now: written for the project, or Cairn's default. */
export interface EffectivePolicy extends PromotionPolicy {
  riskTier: PolicyTier;
  source: 'project' | 'default';
  updatedTime: number | null;
  updatedBy: string;
}

/**
 * Cairn's defaults where a project wrote no policy. With authentication off there is one user, so
 * a default that demanded separation of duties would make promotion impossible on a laptop: only
 * high and critical models, which warrant a second pair of eyes, ask for two approvers other than
 * the requester. Every tier asks for a complete card, so an unassessed model (no risk tier, hence an
 * incomplete card) cannot reach a protected alias until someone assesses it.
 */
export const defaultPolicies: Readonly<Record<PolicyTier, PromotionPolicy>> = {
  default: { approvals: 1, separationOfDuties: false, checks: ['card_complete'], metric: null },
  low: { approvals: 1, separationOfDuties: false, checks: ['card_complete'], metric: null },
  medium: { approvals: 1, separationOfDuties: false, checks: ['card_complete'], metric: null },
  high: { approvals: 2, separationOfDuties: true, checks: ['card_complete', 'run_finished'], metric: null },
  critical: { approvals: 2, separationOfDuties: true, checks: ['card_complete', 'run_finished'], metric: null },
};

export const policyMetricSchema = z.strictObject({
  key: z.string().min(1).max(policyLimits.metricKeyLength).describe('A metric key logged by the runs of the versions'),
  higherIsBetter: z.boolean().describe('true for accuracy-like metrics, false for losses and errors'),
});

/** The written form of a policy, as the API takes it and as the database stores it. */
export const promotionPolicySchema = z
  .strictObject({
    approvals: z.number().int().min(1).max(policyLimits.maxApprovals).describe('Distinct approvers needed, 1 to 10'),
    separationOfDuties: z.boolean().default(false).describe('Approvers must differ from the requester'),
    checks: z.array(z.enum(policyChecks)).default([]).describe('Checks that must pass before the request can be approved'),
    metric: policyMetricSchema.nullable().default(null).describe('The metric candidates are compared on; required by `beats_current`'),
  })
  .superRefine((policy, context) => {
    if (new Set(policy.checks).size !== policy.checks.length) context.addIssue({ code: 'custom', path: ['checks'], message: 'a check is listed twice' });
    if (policy.checks.includes('beats_current') && policy.metric === null) {
      context.addIssue({ code: 'custom', path: ['metric'], message: 'the beats_current check needs a metric ({key, higherIsBetter})' });
    }
  });

/** Turns untrusted input into a policy, or throws INVALID_ARGUMENT naming the first bad field. */
export function parsePolicy(input: unknown): PromotionPolicy {
  const result = promotionPolicySchema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.').replaceAll('.[', '[') : 'policy';
  throw invalidArgument(`${field}: ${issue?.message ?? 'invalid policy'}`);
}

export function parsePolicyTier(value: string): PolicyTier {
  if ((policyTiers as readonly string[]).includes(value)) return value as PolicyTier;
  throw invalidArgument(`riskTier: '${value.slice(0, 50)}' is not one of ${policyTiers.join(', ')}`);
}

/** The tier whose policy governs a model: its card's risk tier, or `default` when it has none. */
export function tierOf(riskTier: RiskTier | null): PolicyTier {
  return riskTier ?? 'default';
}
