import { describe, expect, it } from 'vitest';
import { validateCron, validateMonitorSpec } from '../../../src/domain/monitoring/monitor-validation.js';

const base = { name: 'hourly', schedule: '0 * * * *', window: { kind: 'time', minutes: 60 }, checks: [{ kind: 'dataset_drift', severity: 'warning' }] };

describe('monitor spec validation', () => {
  it('fills defaults: no actions, enabled', () => {
    expect(validateMonitorSpec(base)).toEqual({ ...base, actions: [], enabled: true });
  });

  it('accepts 5 fields or 6 with seconds, and refuses other crons', () => {
    expect(validateCron(' */10  * * * * ')).toBe('*/10 * * * *');
    expect(validateCron('*/1 * * * * *')).toBe('*/1 * * * * *');
    expect(() => validateCron('* * *')).toThrow(/3 fields/);
    expect(() => validateCron('* * * * $')).toThrow(/not a valid cron expression/);
    // Well-formed fields the parser still cannot read are refused now, not skipped by the scheduler later.
    expect(() => validateCron('61 * * * *')).toThrow(/not a valid cron expression/);
  });

  it.each([
    [{ ...base, window: { kind: 'time', minutes: 0 } }, /window.minutes/],
    [{ ...base, window: { kind: 'count', predictions: 1.5 } }, /window.predictions/],
    [{ ...base, name: '../x' }, /name/],
    [{ ...base, checks: [{ kind: 'performance', metric: 'accuracy', min: 0.9, severity: 'warning' }] }, /needs task/],
    [{ ...base, task: { kind: 'regression' }, checks: [{ kind: 'performance', metric: 'accuracy', min: 0.9, severity: 'warning' }] }, /not a regression metric/],
    [{ ...base, task: { kind: 'regression' }, checks: [{ kind: 'performance', metric: 'mae', severity: 'warning' }] }, /give min, max or both/],
    [{ ...base, task: { kind: 'regression' }, checks: [{ kind: 'performance', metric: 'mae', min: 2, max: 1, severity: 'warning' }] }, /above max/],
    [{ ...base, checks: [{ kind: 'dataset_drift', severity: 'fatal' }] }, /checks.0.severity/],
    [{ ...base, features: ['a', 'a'] }, /listed twice/],
    [{ ...base, drift: { all: { method: 'nope' } } }, /drift/],
    [{ ...base, extra: 1 }, /extra|Unrecognized/i],
  ])('refuses %j', (spec, message) => {
    expect(() => validateMonitorSpec(spec)).toThrow(message);
    try {
      validateMonitorSpec(spec);
    } catch (error) {
      expect(error).toMatchObject({ code: 'INVALID_ARGUMENT' });
    }
  });
});
