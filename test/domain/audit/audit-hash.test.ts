import { describe, expect, it } from 'vitest';
import { genesisHash } from '../../../src/domain/audit/audit-event.js';
import { changeDigest, eventHash } from '../../../src/domain/audit/audit-hash.js';
import { canonicalBatchJson } from '../../../src/domain/audit/batch-json.js';
import { canonicalJson } from '../../../src/domain/audit/canonical-json.js';

describe('audit hashing', () => {
  it('writes objects with sorted keys at every level, whatever order they were built in', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 0, y: null }], c: 'x' }, u: undefined })).toBe('{"a":{"c":"x","d":[1,{"y":null,"z":0}]},"b":1}');
    expect(canonicalJson([NaN, Infinity, -Infinity, -0])).toBe('["NaN","Infinity","-Infinity",0]');
  });

  it('writes a log batch exactly as the generic canonical encoder would', () => {
    const batch = {
      metrics: [
        { value: 0.1 + 0.2, key: 'loss/"quoted"', step: 3, timestamp: 1_700_000_000_000 },
        { key: 'naïve ✓', value: NaN, timestamp: 0, step: 0 },
        { key: 'big', value: 1e21, timestamp: 1, step: -1 },
        { key: 'tiny', value: -Infinity, timestamp: 2, step: 5 },
        { key: 'neg0', value: -0, timestamp: 2, step: 5 },
      ],
      params: [{ value: 'a\nb', key: 'lr' }],
      tags: [{ key: 'mlflow.runName', value: '\u0001ctl' }],
    };
    expect(canonicalBatchJson(batch)).toBe(canonicalJson(batch));
    expect(canonicalBatchJson({ metrics: [], params: [], tags: [] })).toBe(canonicalJson({ metrics: [], params: [], tags: [] }));
    expect(changeDigest({ details: {}, payloadJson: canonicalBatchJson(batch) })).toBe(changeDigest({ details: {}, payload: batch }));
  });

  it('links an event to every one of its fields and to the event before', () => {
    const event = {
      seq: 1,
      time: 1_700_000_000_000,
      actor: 'ana',
      action: 'run.log',
      resourceType: 'run',
      resourceId: 'r1',
      projectId: 1,
      requestId: 'req',
      digest: changeDigest({ details: { metrics: 1 } }),
      detailsJson: '{"metrics":1}',
      prevHash: genesisHash,
    };
    const hash = eventHash(event);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    for (const [field, value] of Object.entries({ seq: 2, time: 1, actor: 'bo', action: 'run.update', resourceType: 'x', resourceId: 'r2', projectId: null, requestId: null, digest: 'd', detailsJson: '{}', prevHash: 'f'.repeat(64) })) {
      expect(eventHash({ ...event, [field]: value }), field).not.toBe(hash);
    }
  });
});
