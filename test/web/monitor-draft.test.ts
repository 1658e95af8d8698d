import { describe, expect, it } from 'vitest';
import type { Monitor } from '../../src/domain/monitoring/monitor.js';
import { draftOf, emptyMonitorDraft, newCheck, specOf } from '../../web/src/features/monitoring/monitor-draft.js';

const monitor: Monitor = {
  id: 3,
  deployment: 'churn',
  project: 'default',
  createdTime: 1,
  createdBy: 'alice',
  updatedTime: 2,
  name: 'inputs',
  schedule: '*/5 * * * *',
  window: { kind: 'count', predictions: 500 },
  features: ['age', 'income'],
  task: { kind: 'classification', probabilityOutput: 'probabilities', positiveLabel: '1' },
  drift: { all: { method: 'psi', threshold: 0.2 }, columns: { age: { method: 'ks' } }, driftShare: 0.3 },
  checks: [
    { kind: 'dataset_drift', severity: 'warning' },
    { kind: 'feature_drift', feature: 'age', severity: 'info' },
    { kind: 'performance', metric: 'f1', min: 0.7, minLabelled: 50, severity: 'critical' },
  ],
  actions: [{ kind: 'promote_challenger', minSeverity: 'critical', challengerAlias: 'challenger', alias: 'production' }],
  enabled: false,
};

describe('monitor form draft', () => {
  it('gives back the spec it was made from, per-column drift choices included', () => {
    const { id, deployment, project, createdTime, createdBy, updatedTime, ...spec } = monitor;
    expect(specOf(draftOf(monitor))).toEqual({ spec });
  });

  it('starts a new monitor with an hourly schedule and a dataset drift check', () => {
    const built = specOf({ ...emptyMonitorDraft(), name: 'm' });
    expect(built).toEqual({ spec: { name: 'm', schedule: '0 * * * *', window: { kind: 'time', minutes: 60 }, checks: [{ kind: 'dataset_drift', severity: 'warning' }], actions: [], enabled: true } });
  });

  it('names the field a typed number is wrong in, instead of sending it', () => {
    const draft = { ...emptyMonitorDraft(), name: 'm' };
    expect(specOf({ ...draft, windowSize: '2.5' })).toEqual({ problem: 'Window minutes must be a whole number' });
    expect(specOf({ ...draft, windowSize: '0' })).toEqual({ problem: 'Window minutes must be above 0' });
    expect(specOf({ ...draft, driftThreshold: 'abc' })).toEqual({ problem: 'Drift threshold must be a number' });
    expect(specOf({ ...draft, checks: [{ ...newCheck('performance'), min: '', max: '' }] })).toEqual({ problem: 'Check 1 needs a minimum or a maximum' });
    expect(specOf({ ...draft, name: ' ' })).toEqual({ problem: 'A monitor needs a name' });
  });
});
