import { afterEach, describe, expect, it } from 'vitest';
import { seededRandom } from '../../../bench/support/random.js';
import { parseInferRequest } from '../../../src/domain/serving/oip-codec.js';
import { linearClassifierModel } from '../../support/onnx/onnx-models.js';
import { onnxBytes } from '../../support/onnx/onnx-writer.js';
import { affine, expectClose, softmax } from '../../runtime/onnx/hand-math.js';
import { CollectingObserver, CollectingSink, inferenceHarness } from './inference-harness.js';

const weightsOf = { 1: [0.5, -1, 0.25, 1.5, 0.75, -0.5, -2, 0.125, 1, 0.3, -0.6, 0.9], 2: [1, 0, 0, 0, 1, 0, 0, 0, 1, 0.5, 0.5, 0.5] } as const;
const bias = [0.1, -0.2, 0.05];
const rows = [
  [1, 2, 3, 4],
  [-1.5, 0.25, 2, -3],
];
const expected = (version: 1 | 2) => softmax(affine(rows, weightsOf[version], bias)).flat();
const classifier = (version: 1 | 2) => onnxBytes(linearClassifierModel({ features: 4, classes: 3, weights: [...weightsOf[version]], bias }));
// A version whose signature the requests do not fit (5 features): its shadow runs fail to decode.
const wide = onnxBytes(linearClassifierModel({ features: 5, classes: 3 }));
const models = { 'clf:1': classifier(1), 'clf:2': classifier(2), 'clf:3': wide };
const body = { inputs: [{ name: 'input', datatype: 'FP32', shape: [2, 4], data: rows.flat() }] };
const oip = (deployment: string, extra: { version?: number; body?: unknown } = {}) => ({ deployment, version: extra.version, headers: {}, body: extra.body ?? body, decode: parseInferRequest });

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe('the predict flow', () => {
  it('answers with the primary version only and logs every shadow’s outputs or error once the shadows finish', async () => {
    const sink = new CollectingSink();
    const { service } = inferenceHarness({ models, deployments: { d: { versions: [{ model: 'clf', version: 1 }], shadows: [{ model: 'clf', version: 2 }, { model: 'clf', version: 3 }] } }, service: { sink } });
    close = () => service.close();

    const answer = await service.predict(oip('d'));
    expect(answer.target).toEqual({ model: 'clf', version: 1 });
    expect(answer.outputs.map((t) => t.name)).toEqual(['probabilities']);
    expectClose(Array.from(answer.outputs[0]!.data as Float32Array), expected(1));

    const [record] = await sink.until(1);
    expect(record).toMatchObject({ id: answer.id, deploymentId: 1, deployment: 'd', projectId: 7, revision: 3, model: 'clf', version: 1 });
    // The tensors as serving held them: the log's store turns them into its stored form.
    expect(record!.inputs).toEqual([{ name: 'input', datatype: 'FP32', shape: [2, 4], data: Float32Array.from(rows.flat()) }]);
    expect(record!.outputs).toHaveLength(1);
    expectClose(Array.from(record!.outputs[0]!.data as Float32Array), expected(1));
    const [second, third] = record!.shadows;
    expect(second).toMatchObject({ model: 'clf', version: 2, error: null });
    expectClose(second!.outputs![0]!.data as number[], expected(2));
    expect(third).toMatchObject({ model: 'clf', version: 3, outputs: null });
    expect(third!.error).toMatch(/'input'/);
    expect(record!.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('logs by the revision’s sample rate: 1 logs every prediction, 0 none', async () => {
    const sink = new CollectingSink();
    const h = inferenceHarness({ models, deployments: { all: { versions: [{ model: 'clf', version: 1 }] }, none: { versions: [{ model: 'clf', version: 1 }], logging: { sampleRate: 0 } } }, service: { sink } });
    close = () => h.service.close();
    for (let i = 0; i < 5; i += 1) await h.service.predict(oip('none'));
    const logged = await h.service.predict(oip('all'));
    const records = await sink.until(1);
    // The record of 'all' was handed over after the five of 'none' would have been: none of them came.
    await new Promise((resolve) => setImmediate(resolve));
    expect(records.map((r) => r.id)).toEqual([logged.id]);
  });

  it('samples a share of predictions by a random draw against the rate', async () => {
    const sink = new CollectingSink();
    const h = inferenceHarness({ models, deployments: { half: { versions: [{ model: 'clf', version: 1 }], logging: { sampleRate: 0.5 } } }, service: { sink, random: seededRandom(5) } });
    close = () => h.service.close();
    for (let i = 0; i < 400; i += 1) await h.service.predict(oip('half'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    // 400 fair draws: the standard deviation is 10; ±60 is far beyond chance.
    expect(Math.abs(sink.records.length - 200)).toBeLessThan(60);
  });

  it('tells the observer of every request, answered or refused, and of every model run', async () => {
    const observer = new CollectingObserver();
    const h = inferenceHarness({ models, deployments: { d: { versions: [{ model: 'clf', version: 1 }] } }, service: { observer } });
    close = () => h.service.close();
    await h.service.predict(oip('d'));
    await expect(h.service.predict(oip('nowhere'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(h.service.predict(oip('d', { body: { inputs: [] } }))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(observer.requests).toEqual([
      expect.objectContaining({ deployment: 'd', model: 'clf', version: '1', ok: true }),
      expect.objectContaining({ deployment: 'nowhere', model: '', version: '', ok: false }),
      expect.objectContaining({ deployment: 'd', model: 'clf', version: '1', ok: false }),
    ]);
    expect(observer.batches).toEqual([{ deployment: 'd', model: 'clf', version: '1', size: 1 }]);
  });

  it('serves a version named in the request, and refuses one the deployment does not serve', async () => {
    const h = inferenceHarness({ models, deployments: { d: { versions: [{ model: 'clf', version: 1, weight: 100 }, { model: 'clf', version: 2, weight: 0 }] } } });
    close = () => h.service.close();
    const named = await h.service.predict(oip('d', { version: 2 }));
    expectClose(Array.from(named.outputs[0]!.data as Float32Array), expected(2));
    await expect(h.service.predict(oip('d', { version: 3 }))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
