import type { SendResult } from './webhook-service.js';
import type { AttemptOutcome, ClaimedDelivery } from './webhook-store.js';

export interface RetryPolicy {
  /** Attempts in all, the first included; after the last failure the delivery is failed. */
  maxAttempts: number;
  /** Wait after the n-th failed attempt: entry n-1, the last entry repeating. */
  delaysMs: readonly number[];
}

/** 10 s, 30 s, 2 min, 10 min, 1 h: six attempts over about 73 minutes, then failed. */
export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 6,
  delaysMs: [10_000, 30_000, 120_000, 600_000, 3_600_000],
};

export function retryDelay(policy: RetryPolicy, failedAttempt: number): number {
  const { delaysMs } = policy;
  if (delaysMs.length === 0) return 0;
  return delaysMs[Math.min(failedAttempt, delaysMs.length) - 1]!;
}

/** What an attempt's result makes of its delivery: delivered, due again later, or failed for good. */
export function attemptOutcome(claimed: ClaimedDelivery, result: SendResult, times: { started: number; finished: number }, policy: RetryPolicy): AttemptOutcome {
  const history = [
    ...claimed.history,
    { attempt: claimed.attempt, time: times.started, responseStatus: result.responseStatus, error: result.ok ? null : result.error, durationMs: result.durationMs },
  ];
  const finishedTime = times.finished;
  if (result.ok) return { status: 'delivered', nextAttemptTime: null, deliveredTime: finishedTime, history };
  if (claimed.attempt >= policy.maxAttempts) return { status: 'failed', nextAttemptTime: null, deliveredTime: null, history };
  return { status: 'pending', nextAttemptTime: finishedTime + retryDelay(policy, claimed.attempt), deliveredTime: null, history };
}
