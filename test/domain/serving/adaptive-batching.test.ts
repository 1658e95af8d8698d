import { afterEach, describe, expect, it } from 'vitest';
import { AdaptiveBatcher } from '../../../src/domain/serving/adaptive-batcher.js';
import { parseInferRequest } from '../../../src/domain/serving/oip-codec.js';
import { concatRequests, isBatchable, splitOutputs } from '../../../src/domain/serving/tensor-batch.js';
import type { Tensor } from '../../../src/domain/serving/tensor.js';
import { loadOnnxModel } from '../../../src/runtime/onnx/onnx-model.js';
import { mlpModel } from '../../support/onnx/onnx-models.js';
import { onnxBytes } from '../../support/onnx/onnx-writer.js';
import { expectClose, sampleRows } from '../../runtime/onnx/hand-math.js';
import { CollectingObserver, inferenceHarness } from './inference-harness.js';

const tensor = (name: string, shape: number[], data: number[]): Tensor => ({ name, datatype: 'FP32', shape, data: Float32Array.from(data) });

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe('stacking tensors', () => {
  it('stacks requests along the first dimension and splits the outputs back by rows', () => {
    const a = [tensor('x', [1, 2], [1, 2]), { name: 'n', datatype: 'INT64', shape: [1], data: BigInt64Array.from([5n]) } as Tensor];
    const b = [{ name: 'n', datatype: 'INT64', shape: [2], data: BigInt64Array.from([6n, 7n]) } as Tensor, tensor('x', [2, 2], [3, 4, 5, 6])];
    const stacked = concatRequests([a, b]);
    expect(stacked.map((t) => [t.name, t.shape, Array.from(t.data as ArrayLike<unknown>)])).toEqual([
      ['x', [3, 2], [1, 2, 3, 4, 5, 6]],
      ['n', [3], [5n, 6n, 7n]],
    ]);
    expect(stacked[0]!.data).toBeInstanceOf(Float32Array);
    const split = splitOutputs([tensor('y', [3, 2], [10, 20, 30, 40, 50, 60])], [1, 2]);
    expect(split?.map((outputs) => outputs.map((t) => [t.shape, Array.from(t.data as Float32Array)]))).toEqual([[[[1, 2], [10, 20]]], [[[2, 2], [30, 40, 50, 60]]]]);
    // Outputs that do not keep one row per input row cannot be split.
    expect(splitOutputs([tensor('y', [1], [1])], [1, 2])).toBeUndefined();
  });

  it('batches only models whose every input and output has a dynamic first dimension (or an unknown shape)', () => {
    const spec = (shape: number[] | null) => ({ name: 'x', datatype: 'FP32', shape });
    expect(isBatchable({ inputs: [spec([-1, 4])], outputs: [spec([-1]), spec([-1, 3])] })).toBe(true);
    expect(isBatchable({ inputs: [spec([-1, 4])], outputs: [spec(null)] })).toBe(true);
    expect(isBatchable({ inputs: [spec([1, 4])], outputs: [spec([-1])] })).toBe(false);
    expect(isBatchable({ inputs: [spec([-1, 4])], outputs: [spec([2, 3])] })).toBe(false);
    expect(isBatchable({ inputs: [spec([])], outputs: [spec([-1])] })).toBe(false);
  });

  it('runs the requests of a batch singly when the outputs do not keep one row per input row', async () => {
    const batcher = new AdaptiveBatcher();
    const sizes: number[] = [];
    // A model that sums its rows into one value: stacking would mix requests, so each runs alone.
    const run = async (inputs: readonly Tensor[]) => [tensor('sum', [1], [(inputs[0]!.data as Float32Array).reduce((a, b) => a + b, 0)])];
    const settings = { maxBatchSize: 8, maxWaitMs: 5 };
    const results = await Promise.all([1, 2, 3].map((v) => batcher.submit('k', settings, [tensor('x', [1], [v])], run, (size) => sizes.push(size))));
    expect(results.map((outputs) => Array.from(outputs[0]!.data as Float32Array))).toEqual([[1], [2], [3]]);
    expect(sizes).toEqual([3, 1, 1, 1]);
  });
});

describe('the adaptive batcher', () => {
  it('fails only the request a stacked run cannot take, by running the group again one by one', async () => {
    const batcher = new AdaptiveBatcher();
    const sizes: number[] = [];
    // A model that refuses any run containing the value 13.
    const run = async (inputs: readonly Tensor[]) => {
      const data = inputs[0]!.data as Float32Array;
      if (data.includes(13)) throw new Error('refused 13');
      return [tensor('y', [...inputs[0]!.shape], Array.from(data, (v) => v * 2))];
    };
    const settings = { maxBatchSize: 8, maxWaitMs: 5 };
    const results = await Promise.allSettled([1, 13, 3, 4].map((v) => batcher.submit('k', settings, [tensor('x', [1], [v])], run, (size) => sizes.push(size))));
    expect(results.map((r) => (r.status === 'fulfilled' ? Array.from(r.value[0]!.data as Float32Array) : 'failed'))).toEqual([[2], 'failed', [6], [8]]);
    expect(sizes).toEqual([4, 1, 1, 1, 1]);
  });

  it('runs a request with more rows than the maximum batch size on its own', async () => {
    const batcher = new AdaptiveBatcher();
    const sizes: number[] = [];
    const run = async (inputs: readonly Tensor[]) => [...inputs];
    const out = await batcher.submit('k', { maxBatchSize: 2, maxWaitMs: 0 }, [tensor('x', [3], [1, 2, 3])], run, (size) => sizes.push(size));
    expect(out[0]!.shape).toEqual([3]);
    expect(sizes).toEqual([1]);
  });
});

describe('adaptive batching through the runtime', () => {
  const shape = { inputs: 8, hidden: 16, outputs: 4 };
  const bytes = onnxBytes(mlpModel(shape));
  const requests = Array.from({ length: 40 }, (_, i) => sampleRows(1 + (i % 3), shape.inputs, i + 1));
  const body = (rows: number[][]) => ({ inputs: [{ name: 'input', datatype: 'FP32', shape: [rows.length, shape.inputs], data: rows.flat() }] });

  it('gives concurrent requests the outputs of single runs, in batches of more than one', async () => {
    const single = await loadOnnxModel(bytes);
    const alone = await Promise.all(requests.map(async (rows) => Array.from((await single.run([tensor('input', [rows.length, shape.inputs], rows.flat())]))[0]!.data as Float32Array)));
    await single.release();

    const observer = new CollectingObserver();
    const h = inferenceHarness({ models: { 'mlp:1': bytes }, deployments: { d: { versions: [{ model: 'mlp', version: 1 }], batching: { maxBatchSize: 16, maxWaitMs: 20 } } }, service: { observer } });
    close = () => h.service.close();
    await h.service.predict({ deployment: 'd', headers: {}, body: body(requests[0]!), decode: parseInferRequest });
    observer.batches.length = 0;

    const bad = { inputs: [{ name: 'input', datatype: 'FP32', shape: [1, 3], data: [1, 2, 3] }] };
    const calls = [...requests.map((rows) => body(rows)), bad].map((b) => h.service.predict({ deployment: 'd', headers: {}, body: b, decode: parseInferRequest }));
    const settled = await Promise.allSettled(calls);
    expect(settled.at(-1)).toMatchObject({ status: 'rejected', reason: { code: 'INVALID_ARGUMENT' } });
    settled.slice(0, -1).forEach((result, i) => {
      if (result.status !== 'fulfilled') throw result.reason;
      expect(result.value.outputs[0]!.shape).toEqual([requests[i]!.length, shape.outputs]);
      expectClose(Array.from(result.value.outputs[0]!.data as Float32Array), alone[i]!);
    });
    const sizes = observer.batches.map((b) => b.size);
    expect(sizes.reduce((n, s) => n + s, 0)).toBe(requests.length);
    expect(Math.max(...sizes)).toBeGreaterThan(1);
    expect(observer.batches.every((b) => b.deployment === 'd' && b.model === 'mlp' && b.version === '1')).toBe(true);
  });
});
