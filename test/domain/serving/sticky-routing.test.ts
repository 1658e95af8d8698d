import { afterEach, describe, expect, it } from 'vitest';
import { parseInferRequest } from '../../../src/domain/serving/oip-codec.js';
import { CsvBody } from '../../../src/domain/serving/csv-invocations.js';
import { parseInvocationRequest } from '../../../src/domain/serving/invocations-codec.js';
import { stableDraw, stickyKey } from '../../../src/domain/serving/sticky-key.js';
import { linearClassifierModel } from '../../support/onnx/onnx-models.js';
import { onnxBytes } from '../../support/onnx/onnx-writer.js';
import { inferenceHarness } from './inference-harness.js';

const bytes = onnxBytes(linearClassifierModel({ features: 4, classes: 3 }));
const models = { 'clf:1': bytes, 'clf:2': bytes };
const canary = [
  { model: 'clf', version: 1, weight: 70 },
  { model: 'clf', version: 2, weight: 30 },
];

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe('sticky keys', () => {
  it('reads a header, or the first element of the named input in every body format', () => {
    const header = { source: 'header', name: 'x-user' } as const;
    expect(stickyKey(header, { 'x-user': 'u1' }, {})).toBe('u1');
    expect(stickyKey(header, { 'x-user': ['u2', 'u3'] }, {})).toBe('u2');
    expect(stickyKey(header, {}, {})).toBeUndefined();

    const input = { source: 'input', name: 'user' } as const;
    expect(stickyKey(input, {}, { inputs: [{ name: 'x', data: [1] }, { name: 'user', datatype: 'INT64', shape: [2, 1], data: [[42], [43]] }] })).toBe('42');
    expect(stickyKey(input, {}, { dataframe_split: { columns: ['a', 'user'], data: [[1, 'alice'], [2, 'bob']] } })).toBe('alice');
    expect(stickyKey(input, {}, { dataframe_records: [{ a: 1, user: 'carol' }] })).toBe('carol');
    expect(stickyKey(input, {}, { records: [{ user: 7 }] })).toBe('7');
    expect(stickyKey(input, {}, { instances: [{ user: 'dave', a: 1 }] })).toBe('dave');
    expect(stickyKey(input, {}, { inputs: { user: ['erin', 'frank'], a: [1, 2] } })).toBe('erin');
    expect(stickyKey(input, {}, { inputs: [{ user: true }] })).toBe('true');
    expect(stickyKey(input, {}, { dataframe_records: [{ a: 1 }] })).toBeUndefined();
    expect(stickyKey(input, {}, 'not an object')).toBeUndefined();
    expect(stickyKey(input, {}, new CsvBody('a,user\n1,"gina, g."\n2,hal\n'))).toBe('gina, g.');
    expect(stickyKey(input, {}, new CsvBody('a,b\n1,2\n'))).toBeUndefined();
  });

  it('maps a key to the same point in [0, 1) every time, spread over the range', () => {
    expect(stableDraw('user-1')).toBe(stableDraw('user-1'));
    const draws = Array.from({ length: 1000 }, (_, i) => stableDraw(`user-${i}`));
    expect(draws.every((d) => d >= 0 && d < 1)).toBe(true);
    const low = draws.filter((d) => d < 0.5).length;
    expect(Math.abs(low - 500)).toBeLessThan(80);
  });
});

describe('sticky routing', () => {
  it('sends the same header key to the same version every time, and the keys over both versions', async () => {
    const h = inferenceHarness({ models, deployments: { d: { versions: canary, sticky: { source: 'header', name: 'x-user' } } } });
    close = () => h.service.close();
    const body = { inputs: [{ name: 'input', datatype: 'FP32', shape: [1, 4], data: [1, 2, 3, 4] }] };
    const seen = new Map<string, Set<number>>();
    for (let round = 0; round < 3; round += 1) {
      for (let user = 0; user < 100; user += 1) {
        const answer = await h.service.predict({ deployment: 'd', headers: { 'x-user': `user-${user}` }, body, decode: parseInferRequest });
        const versions = seen.get(`user-${user}`) ?? new Set();
        versions.add(answer.target.version);
        seen.set(`user-${user}`, versions);
      }
    }
    expect([...seen.values()].every((versions) => versions.size === 1)).toBe(true);
    const onTwo = [...seen.values()].filter((versions) => versions.has(2)).length;
    // 100 keys at 30%: about 30 land on version 2 (standard deviation ~4.6).
    expect(onTwo).toBeGreaterThan(10);
    expect(onTwo).toBeLessThan(50);
  });

  it('keys by a field of the inputs whatever the format, and draws at random without one', async () => {
    const h = inferenceHarness({ models, deployments: { d: { versions: canary, sticky: { source: 'input', name: 'a' } } } });
    close = () => h.service.close();
    const versionOf = async (a: number) => {
      const body = { dataframe_records: [{ a, b: 1, c: 2, d: 3 }] };
      return (await h.service.predict({ deployment: 'd', headers: {}, body, decode: parseInvocationRequest })).target.version;
    };
    const byKey = new Map<number, number>();
    for (let a = 0; a < 60; a += 1) byKey.set(a, await versionOf(a));
    for (let a = 0; a < 60; a += 1) expect(await versionOf(a)).toBe(byKey.get(a));
    expect(new Set(byKey.values())).toEqual(new Set([1, 2]));

    // The same key through another format lands on the same version.
    const split = { dataframe_split: { columns: ['a', 'b', 'c', 'd'], data: [[5, 1, 2, 3]] } };
    expect((await h.service.predict({ deployment: 'd', headers: {}, body: split, decode: parseInvocationRequest })).target.version).toBe(byKey.get(5));
  });
});
