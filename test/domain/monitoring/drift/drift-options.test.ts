import { describe, expect, it } from 'vitest';
import { CairnError } from '../../../../src/domain/errors.js';
import { driftMethodInfo, validateDriftOptions } from '../../../../src/domain/monitoring/drift/drift-options.js';
import { driftMethodIds } from '../../../../src/domain/monitoring/drift/drift-types.js';

const fails = (input: unknown, message: string): void => {
  try {
    validateDriftOptions(input);
    expect.unreachable('accepted');
  } catch (error) {
    expect(error).toBeInstanceOf(CairnError);
    expect((error as CairnError).code).toBe('INVALID_ARGUMENT');
    expect((error as CairnError).message).toContain(message);
  }
};

describe('validateDriftOptions', () => {
  it('accepts a full set of options and nothing at all', () => {
    const options = { columns: { age: { method: 'psi', threshold: 0.2 } }, numerical: { method: 'ks' }, categorical: { threshold: 0.01 }, all: { method: 'hellinger' }, driftShare: 0.3 };
    expect(validateDriftOptions(options)).toEqual(options);
    expect(validateDriftOptions(undefined)).toEqual({});
  });
  it('names the bad field', () => {
    fails('x', 'drift must be an object');
    fails({ colums: {} }, 'drift.colums is not a drift option');
    fails({ columns: { age: { method: 'nope' } } }, 'drift.columns.age.method must be one of ks,');
    fails({ columns: { age: { threshold: -1 } } }, 'drift.columns.age.threshold');
    fails({ all: { threshold: Number.NaN } }, 'drift.all.threshold');
    fails({ all: { method: 'ks', extra: 1 } }, 'drift.all.extra');
    fails({ categorical: { method: 'ks' } }, 'drift.categorical.method ks does not apply to categorical columns');
    fails({ driftShare: 2 }, 'drift.driftShare');
  });
});

describe('driftMethodInfo', () => {
  it('describes every method with the sheet’s default thresholds', () => {
    expect(Object.keys(driftMethodInfo).sort()).toEqual([...driftMethodIds].sort());
    expect(driftMethodInfo.anderson.defaultThreshold).toBe(0.1);
    expect(driftMethodInfo.ks).toMatchObject({ kind: 'p_value', defaultThreshold: 0.05, driftWhen: 'at_or_below' });
    expect(driftMethodInfo.ed.driftWhen).toBe('above');
    expect(driftMethodInfo.psi).toMatchObject({ kind: 'distance', driftWhen: 'at_or_above' });
  });
});
