import { describe, expect, it } from 'vitest';
import { summarizeSpec } from '../../../src/domain/deployments/deployment.js';
import { normalizeSpec, validateDeploymentName } from '../../../src/domain/deployments/deployment-validation.js';

describe('deployment specs', () => {
  it('fill in defaults and give a single version all the traffic', () => {
    expect(normalizeSpec({ versions: [{ model: 'scorer', version: 2 }], batching: { maxWaitMs: 5 } })).toEqual({
      versions: [{ model: 'scorer', version: 2, weight: 100 }],
      shadows: [],
      sticky: null,
      batching: { maxBatchSize: 1, maxWaitMs: 5 },
      logging: { sampleRate: 1, retentionDays: 30 },
    });
  });

  it('accept a version kept at weight 0 beside one taking all the traffic', () => {
    const spec = normalizeSpec({ versions: [{ model: 'scorer', version: 1, weight: 100 }, { model: 'scorer', version: 2, weight: 0 }] });
    expect(summarizeSpec(spec)).toBe('scorer:1=100,scorer:2=0');
  });

  it('store a sticky header name in lower case, since header names ignore case', () => {
    expect(normalizeSpec({ alias: { model: 'scorer', alias: 'production' }, sticky: { source: 'header', name: 'X-User-Id' } }).sticky).toEqual({ source: 'header', name: 'x-user-id' });
  });

  it('summarise an alias with its shadows', () => {
    expect(summarizeSpec(normalizeSpec({ alias: { model: 'scorer', alias: 'production' }, shadows: [{ model: 'scorer', version: 5 }] }))).toBe('scorer@production shadow scorer:5');
  });

  it.each([[''], ['-leading'], ['has/slash'], ['x'.repeat(101)]])('refuse the name %j', (name) => {
    expect(() => validateDeploymentName(name)).toThrow(/^name:/);
  });

  it('refuse a fractional weight, naming the field', () => {
    expect(() => normalizeSpec({ versions: [{ model: 'scorer', version: 1, weight: 50.5 }, { model: 'scorer', version: 2, weight: 49.5 }] })).toThrow('spec.versions[0].weight: must be an integer from 0 to 100, got 50.5');
  });
});
