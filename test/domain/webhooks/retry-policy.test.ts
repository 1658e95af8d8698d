import { describe, expect, it } from 'vitest';
import { attemptOutcome, defaultRetryPolicy, retryDelay } from '../../../src/domain/webhooks/retry-policy.js';
import type { ClaimedDelivery } from '../../../src/domain/webhooks/webhook-store.js';

const claimed = (attempt: number): ClaimedDelivery => ({
  id: 'd1',
  attempt,
  createdTime: 0,
  history: [],
  webhook: { id: 1, url: 'http://127.0.0.1/', secret: 's' },
  eventId: 'h',
  event: { seq: 1, time: 0, actor: 'a', action: 'model.create', resourceType: 'model', resourceId: 'm', project: 'default', details: {} },
});

describe('webhook retry policy', () => {
  it('waits 10 s, 30 s, 2 min, 10 min, then 1 h between attempts by default', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => retryDelay(defaultRetryPolicy, n))).toEqual([10_000, 30_000, 120_000, 600_000, 3_600_000, 3_600_000]);
  });

  it('schedules the next attempt after a failure, counted from when the attempt ended', () => {
    const outcome = attemptOutcome(claimed(2), { ok: false, responseStatus: 500, error: 'HTTP 500', durationMs: 7 }, { started: 1_000, finished: 1_007 }, defaultRetryPolicy);
    expect(outcome).toMatchObject({ status: 'pending', nextAttemptTime: 1_007 + 30_000, deliveredTime: null });
    expect(outcome.history).toEqual([{ attempt: 2, time: 1_000, responseStatus: 500, error: 'HTTP 500', durationMs: 7 }]);
  });

  it('fails a delivery whose last allowed attempt fails, and delivers one that succeeds', () => {
    const policy = { maxAttempts: 2, delaysMs: [5] };
    expect(attemptOutcome(claimed(2), { ok: false, responseStatus: null, error: 'timeout', durationMs: 1 }, { started: 0, finished: 1 }, policy)).toMatchObject({ status: 'failed', nextAttemptTime: null });
    expect(attemptOutcome(claimed(2), { ok: true, responseStatus: 204, error: null, durationMs: 1 }, { started: 0, finished: 1 }, policy)).toMatchObject({
      status: 'delivered',
      deliveredTime: 1,
      history: [{ responseStatus: 204, error: null }],
    });
  });
});
