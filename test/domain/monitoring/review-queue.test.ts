import { describe, expect, it } from 'vitest';
import { pickForReview, uncertainty } from '../../../src/domain/monitoring/review-queue.js';
import type { LoggedTensor } from '../../../src/domain/predictions/prediction.js';

const t = (name: string, datatype: string, shape: number[], data: LoggedTensor['data']): LoggedTensor => ({ name, datatype, shape, data });

describe('uncertainty', () => {
  it('is 1 minus the highest class probability, normalising scores that do not sum to one', () => {
    expect(uncertainty({ outputs: [t('label', 'INT64', [1], [0]), t('probabilities', 'FP32', [1, 3], [0.7, 0.2, 0.1])] })).toBeCloseTo(0.3, 12);
    expect(uncertainty({ outputs: [t('scores', 'FP32', [1, 2], [3, 1])] })).toBeCloseTo(0.25, 12);
  });

  it('reads one probability column as the positive class', () => {
    expect(uncertainty({ outputs: [t('probability', 'FP64', [1, 1], [0.9])] })).toBeCloseTo(0.1, 12);
    expect(uncertainty({ outputs: [t('probability', 'FP64', [1, 1], [0.2])] })).toBeCloseTo(0.2, 12);
  });

  it('takes the most uncertain row of a batch', () => {
    expect(uncertainty({ outputs: [t('probabilities', 'FP32', [2, 2], [0.9, 0.1, 0.55, 0.45])] })).toBeCloseTo(0.45, 12);
  });

  it('is null without probabilities or with unreadable ones', () => {
    expect(uncertainty({ outputs: [t('label', 'BYTES', [1], ['cat'])] })).toBeNull();
    expect(uncertainty({ outputs: [t('probabilities', 'FP32', [1, 2], [null as unknown as number, 0.5])] })).toBeNull();
    expect(uncertainty({ outputs: [t('probabilities', 'FP32', [1, 2], [0, 0])] })).toBeNull();
    expect(uncertainty({ outputs: [] })).toBeNull();
  });
});

describe('pickForReview', () => {
  const candidates = [0.9, 0.5, 0.7, null, 0.6].map((p, i) => ({
    id: `p${i}`,
    time: 100 - i,
    outputs: p === null ? [t('label', 'BYTES', [1], ['x'])] : [t('probabilities', 'FP32', [1, 2], [p, 1 - p])],
  }));

  it('puts the least confident first and predictions without probabilities last', () => {
    expect(pickForReview(candidates, 'uncertainty', 10).map((p) => p.id)).toEqual(['p1', 'p4', 'p2', 'p0', 'p3']);
    expect(pickForReview(candidates, 'uncertainty', 2).map((p) => p.id)).toEqual(['p1', 'p4']);
  });

  it('samples without repeats and keeps the newest-first order', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const picked = pickForReview(candidates, 'sample', 3, random).map((p) => p.id);
    expect(new Set(picked).size).toBe(3);
    expect(picked).toEqual([...picked].sort());
    expect(pickForReview(candidates, 'sample', 10).map((p) => p.id)).toEqual(['p0', 'p1', 'p2', 'p3', 'p4']);
  });

  it('answers nothing for no candidates', () => {
    expect(pickForReview([], 'uncertainty', 5)).toEqual([]);
  });
});
