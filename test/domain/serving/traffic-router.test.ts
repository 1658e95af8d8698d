import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../bench/support/random.js';
import { pickWeighted } from '../../../src/domain/serving/traffic-router.js';

const canary = [
  { model: 'm', version: 1, weight: 90 },
  { model: 'm', version: 2, weight: 10 },
];

describe('traffic routing', () => {
  it('maps a draw onto the cumulative weights', () => {
    expect(pickWeighted(canary, 0)).toEqual({ model: 'm', version: 1 });
    expect(pickWeighted(canary, 0.899)).toEqual({ model: 'm', version: 1 });
    expect(pickWeighted(canary, 0.9)).toEqual({ model: 'm', version: 2 });
    expect(pickWeighted(canary, 0.999999)).toEqual({ model: 'm', version: 2 });
  });

  it('never picks a version with weight 0', () => {
    const versions = [{ model: 'm', version: 1, weight: 0 }, { model: 'm', version: 2, weight: 100 }];
    for (const draw of [0, 0.5, 0.9999]) expect(pickWeighted(versions, draw).version).toBe(2);
  });

  it('splits a seeded stream of draws close to the weights', async () => {
    const random = seededRandom(42);
    const counts = new Map<number, number>();
    for (let i = 0; i < 10_000; i += 1) {
      const { version } = pickWeighted(canary, random());
      counts.set(version, (counts.get(version) ?? 0) + 1);
    }
    // 10 % of 10,000: the standard deviation is 30, so ±150 is five of them.
    expect(Math.abs((counts.get(2) ?? 0) - 1_000)).toBeLessThan(150);
  });
});
