import { describe, expect, it } from 'vitest';
import { validateKey, validateMetric, validateBatchCounts, validateUniqueParamKeys } from '../../../src/domain/tracking/validation.js';

const rejects = (fn: () => void, text: string) => expect(fn).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining(text) }));

describe('key validation', () => {
  it.each(['loss', 'val/loss', 'a.b-c_d e', 'train:acc', 'précision', '损失', 'x/y/z'])('accepts %j', (key) => {
    expect(() => validateKey('metric', key)).not.toThrow();
  });

  it.each(['', '/abs', 'a//b', 'a/./b', 'a/', '.', '..', '../up', '..hidden', 'a/../b', 'semi;colon', 'star*', 'new\nline'])('rejects %j', (key) => {
    expect(() => validateKey('metric', key)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('rejects a key longer than 250 characters and names the field', () => {
    rejects(() => validateKey('param', 'k'.repeat(251), 'params[2].key'), 'params[2].key');
    expect(() => validateKey('param', 'k'.repeat(250))).not.toThrow();
  });
});

describe('metric validation', () => {
  const metric = { key: 'm', value: 1, timestamp: 0, step: 0 };
  it('accepts NaN and infinities as values', () => {
    for (const value of [Number.NaN, Infinity, -Infinity]) expect(() => validateMetric({ ...metric, value })).not.toThrow();
  });
  it('rejects a negative timestamp', () => rejects(() => validateMetric({ ...metric, timestamp: -1 }), 'timestamp'));
  it('rejects a fractional step', () => rejects(() => validateMetric({ ...metric, step: 1.5 }, 'metrics[0].'), 'metrics[0].step'));
  it('accepts a negative step', () => expect(() => validateMetric({ ...metric, step: -3 })).not.toThrow());
});

describe('batch validation', () => {
  it('enforces the per-kind and total limits', () => {
    expect(() => validateBatchCounts(1000, 0, 0)).not.toThrow();
    rejects(() => validateBatchCounts(1001, 0, 0), 'metrics');
    rejects(() => validateBatchCounts(0, 101, 0), 'params');
    rejects(() => validateBatchCounts(0, 0, 101), 'tags');
    rejects(() => validateBatchCounts(900, 100, 1), 'in total');
  });
  it('rejects a param key repeated in one batch, even with the same value', () => {
    rejects(() => validateUniqueParamKeys([{ key: 'a', value: '1' }, { key: 'a', value: '1' }]), "'a'");
  });
});
