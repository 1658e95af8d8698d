import { describe, expect, it } from 'vitest';
import { CairnError } from '../../../src/domain/errors.js';
import { defaultPolicies, parsePolicy, type PromotionPolicy } from '../../../src/domain/governance/policy.js';
import { beats, computeEvidence, planApproval, planRejection, type PromotionRequest } from '../../../src/domain/governance/promotion.js';

const auc = { key: 'auc', higherIsBetter: true };
const complete = { complete: true, required: [], missing: [] };

function request(policy: PromotionPolicy, overrides: Partial<PromotionRequest> = {}): PromotionRequest {
  return {
    id: '7',
    projectId: 1,
    project: 'default',
    model: 'm',
    version: 2,
    alias: 'production',
    status: 'open',
    requestedBy: 'alice',
    comment: '',
    createdTime: 1,
    decidedTime: null,
    evidence: computeEvidence(policy, { completeness: complete, riskTier: 'low', runStatus: 'FINISHED', candidateMetrics: new Map(), current: null }),
    policy,
    decisions: [],
    ...overrides,
  };
}

function refusal(work: () => unknown): CairnError {
  try {
    work();
  } catch (error) {
    if (error instanceof CairnError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('promotion evidence', () => {
  it('counts a strictly better candidate as beating, in either direction, and a tie or missing value as not', () => {
    expect(beats(auc, 0.9, 0.8, true)).toBe(true);
    expect(beats(auc, 0.8, 0.8, true)).toBe(false);
    expect(beats({ key: 'loss', higherIsBetter: false }, 0.1, 0.2, true)).toBe(true);
    expect(beats({ key: 'loss', higherIsBetter: false }, 0.3, 0.2, true)).toBe(false);
    expect(beats(auc, 0.1, null, false)).toBe(true);
    expect(beats(auc, 0.1, null, true)).toBe(true);
    expect(beats(auc, null, 0.5, true)).toBe(false);
    expect(beats(auc, Number.NaN, 0.5, true)).toBe(false);
  });

  it('fails run_finished for a version without a run and quotes the missing card fields', () => {
    const policy: PromotionPolicy = { approvals: 1, separationOfDuties: false, checks: ['card_complete', 'run_finished'], metric: null };
    const evidence = computeEvidence(policy, {
      completeness: { complete: false, required: ['owner', 'riskTier'], missing: ['owner', 'riskTier'] },
      riskTier: null,
      runStatus: null,
      candidateMetrics: null,
      current: null,
    });
    expect(evidence).toMatchObject({ cardComplete: false, missingCardFields: ['owner', 'riskTier'], metric: null, beatsCurrent: null });
    expect(evidence.checks.map((c) => [c.name, c.passed])).toEqual([['card_complete', false], ['run_finished', false]]);
    expect(evidence.checks[0]?.detail).toContain('owner, riskTier');
  });
});

describe('promotion decisions', () => {
  const sod: PromotionPolicy = { approvals: 2, separationOfDuties: true, checks: [], metric: null };

  it('refuses the requester approving under separation of duties, and a second approval by the same person', () => {
    expect(refusal(() => planApproval(request(sod), 'alice', '', 2))).toMatchObject({ code: 'PERMISSION_DENIED', message: expect.stringContaining('separation of duties') });
    const once = request(sod, { decisions: [{ actor: 'bob', decision: 'approve', comment: '', time: 2 }] });
    expect(refusal(() => planApproval(once, 'bob', '', 3))).toMatchObject({ code: 'INVALID_STATE', message: expect.stringContaining('already approved') });
  });

  it('moves the alias only with the last distinct approval the policy asks for', () => {
    expect(planApproval(request(sod), 'bob', '', 2)).toMatchObject({ status: 'open', moveAlias: false });
    const once = request(sod, { decisions: [{ actor: 'bob', decision: 'approve', comment: '', time: 2 }] });
    expect(planApproval(once, 'carol', 'ok', 3)).toEqual({ decision: { actor: 'carol', decision: 'approve', comment: 'ok', time: 3 }, status: 'approved', moveAlias: true });
  });

  it('refuses approving while a check failed and deciding a closed request, but rejects a failing one', () => {
    const failing = request({ approvals: 1, separationOfDuties: false, checks: ['beats_current'], metric: auc });
    expect(refusal(() => planApproval(failing, 'bob', '', 2))).toMatchObject({ code: 'INVALID_STATE', message: expect.stringContaining('check failed: beats_current') });
    expect(planRejection(failing, 'bob', 'no', 2)).toMatchObject({ status: 'rejected', moveAlias: false });
    const closed = request(sod, { status: 'withdrawn' });
    expect(refusal(() => planRejection(closed, 'bob', '', 2))).toMatchObject({ code: 'INVALID_STATE', message: expect.stringContaining('already withdrawn') });
  });
});

describe('policy validation', () => {
  it('names the bad field of a malformed policy', () => {
    const cases: [unknown, string][] = [
      [{}, 'approvals'],
      [{ approvals: 11 }, 'approvals'],
      [{ approvals: 1, checks: ['card_complete', 'card_complete'] }, 'checks'],
      [{ approvals: 1, checks: ['nope'] }, 'checks[0]'],
      [{ approvals: 1, checks: ['beats_current'] }, 'metric'],
      [{ approvals: 1, metric: { key: 'auc' } }, 'metric.higherIsBetter'],
      ['a string', 'policy'],
    ];
    for (const [input, field] of cases) {
      const error = refusal(() => parsePolicy(input));
      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message.startsWith(`${field}:`), `${JSON.stringify(input)} -> ${error.message}`).toBe(true);
    }
  });

  it('fills defaults and keeps every built-in policy valid', () => {
    expect(parsePolicy({ approvals: 1 })).toEqual({ approvals: 1, separationOfDuties: false, checks: [], metric: null });
    for (const policy of Object.values(defaultPolicies)) expect(parsePolicy(policy)).toEqual(policy);
  });
});
