import { describe, expect, it } from 'vitest';
import type { ServedRequest, ServingObserver } from '../../../src/domain/serving/serving-observer.js';
import { compositeObserver } from '../../../src/domain/serving/serving-observer.js';
import { latencyBoundsMs, latencyBucket, ServingStats } from '../../../src/domain/serving/serving-stats.js';

/** A clock the test moves by hand. */
function manualClock(start = 1_700_000_000_000) {
  let now = start;
  return { now: () => now, set: (ms: number) => (now = ms), advance: (ms: number) => (now += ms) };
}

const served = (latencyMs: number, ok = true, deployment = 'scorer'): ServedRequest => ({ deployment, model: 'clf', version: '1', ok, latencyMs });

describe('ServingStats', () => {
  it('estimates p50 and p95 from known latencies within the bucket resolution', () => {
    const clock = manualClock();
    const stats = new ServingStats({ clock });
    // 1..200 ms, shuffled order makes no difference to buckets.
    for (let ms = 200; ms >= 1; ms--) stats.request(served(ms));
    const [point] = stats.points('scorer', 1);
    expect(point).toMatchObject({ time: 1_700_000_000_000, requests: 200, errors: 0 });
    expect(point!.p50Ms).toBeGreaterThan(100 * 0.9);
    expect(point!.p50Ms).toBeLessThan(100 * 1.1);
    expect(point!.p95Ms).toBeGreaterThan(190 * 0.9);
    expect(point!.p95Ms).toBeLessThan(190 * 1.1);
  });

  it('gives a percentile inside the bucket of a single repeated latency', () => {
    const clock = manualClock();
    const stats = new ServingStats({ clock });
    for (let i = 0; i < 50; i++) stats.request(served(3));
    const [point] = stats.points('scorer', 1);
    const k = latencyBucket(3);
    expect(point!.p50Ms).toBeGreaterThan(latencyBoundsMs[k - 1]!);
    expect(point!.p50Ms).toBeLessThanOrEqual(latencyBoundsMs[k]!);
  });

  it('counts requests and errors per second, oldest first, only seconds with traffic', () => {
    const clock = manualClock(1_000_000);
    const stats = new ServingStats({ clock });
    stats.request(served(1));
    stats.request(served(1, false));
    clock.advance(2_000);
    stats.request(served(1));
    clock.advance(500);
    expect(stats.points('scorer', 10)).toEqual([
      expect.objectContaining({ time: 1_000_000, requests: 2, errors: 1 }),
      expect.objectContaining({ time: 1_002_000, requests: 1, errors: 0 }),
    ]);
    expect(stats.points('scorer', 1)).toEqual([expect.objectContaining({ time: 1_002_000 })]);
    expect(stats.points('other', 10)).toEqual([]);
  });

  it('keeps the last 600 seconds and forgets what the ring has rolled past', () => {
    const clock = manualClock(0);
    const stats = new ServingStats({ clock });
    for (let second = 0; second < 700; second++) {
      clock.set(second * 1000 + 250);
      stats.request(served(2));
      if (second % 7 === 0) stats.request(served(2, false));
    }
    const points = stats.points('scorer', 600);
    expect(points).toHaveLength(600);
    expect(points[0]!.time).toBe(100_000);
    expect(points.at(-1)!.time).toBe(699_000);
    expect(points.find((p) => p.time === 105_000)).toMatchObject({ requests: 2, errors: 1 });
    expect(points.find((p) => p.time === 106_000)).toMatchObject({ requests: 1, errors: 0 });

    // Ten minutes of silence: the slots of old seconds are not mistaken for new ones.
    clock.set(1_400_000);
    expect(stats.points('scorer', 600)).toEqual([]);
    stats.request(served(2));
    expect(stats.points('scorer', 600)).toEqual([expect.objectContaining({ time: 1_400_000, requests: 1 })]);
  });

  it('clamps the window to 1..600 seconds', () => {
    const clock = manualClock(0);
    const stats = new ServingStats({ clock });
    clock.set(5_000);
    stats.request(served(1));
    clock.set(900_000);
    stats.request(served(1));
    expect(stats.points('scorer', 10_000)).toHaveLength(1);
    expect(stats.points('scorer', 0)).toHaveLength(1);
  });

  it('does not track a name whose requests failed before any version answered', () => {
    const stats = new ServingStats({ clock: manualClock() });
    stats.request({ deployment: 'typo', model: '', version: '', ok: false, latencyMs: 0.1 });
    expect(stats.points('typo', 600)).toEqual([]);
    stats.request(served(1));
    stats.request({ deployment: 'scorer', model: '', version: '', ok: false, latencyMs: 0.1 });
    expect(stats.points('scorer', 600)).toEqual([expect.objectContaining({ requests: 2, errors: 1 })]);
  });

  it('forgets the least recently active deployment past its limit', () => {
    const clock = manualClock(0);
    const stats = new ServingStats({ clock, maxDeployments: 2 });
    stats.request(served(1, true, 'a'));
    clock.advance(1000);
    stats.request(served(1, true, 'b'));
    clock.advance(1000);
    stats.request(served(1, true, 'c'));
    expect(stats.points('a', 600)).toEqual([]);
    expect(stats.points('b', 600)).toHaveLength(1);
    expect(stats.points('c', 600)).toHaveLength(1);
  });

  it('answers the prediction log counts it is given, zeros without', () => {
    const clock = manualClock();
    expect(new ServingStats({ clock }).snapshot('scorer', 300)).toEqual({ deployment: 'scorer', seconds: 300, points: [], predictionLog: { queued: 0, dropped: 0 } });
    const counted = new ServingStats({ clock, predictionLogCounts: () => ({ queued: 4, dropped: 2 }) });
    expect(counted.snapshot('scorer', 60).predictionLog).toEqual({ queued: 4, dropped: 2 });
  });
});

describe('latencyBucket', () => {
  it('puts a latency in the first bucket whose upper bound holds it', () => {
    expect(latencyBucket(0)).toBe(0);
    expect(latencyBucket(0.05)).toBe(0);
    for (const [k, bound] of latencyBoundsMs.entries()) {
      expect(latencyBucket(bound)).toBe(k);
      expect(latencyBucket(bound * 1.01)).toBe(k + 1);
    }
    expect(latencyBucket(1e9)).toBe(latencyBoundsMs.length);
  });
});

describe('compositeObserver', () => {
  it('hands every call to every observer, even after one throws', () => {
    const seen: string[] = [];
    const failing: ServingObserver = {
      request: () => {
        throw new Error('broken');
      },
      batch: () => {
        throw new Error('broken');
      },
    };
    const recording: ServingObserver = { request: (r) => seen.push(`request ${r.deployment}`), batch: (b) => seen.push(`batch ${b.size}`) };
    const both = compositeObserver(failing, recording);
    both.request(served(1));
    both.batch({ deployment: 'scorer', model: 'clf', version: '1', size: 8 });
    expect(seen).toEqual(['request scorer', 'batch 8']);
  });
});
