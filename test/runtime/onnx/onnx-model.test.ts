import { describe, expect, it } from 'vitest';
import type { Tensor } from '../../../src/domain/serving/tensor.js';
import { loadOnnxModel } from '../../../src/runtime/onnx/onnx-model.js';
import { linearClassifierModel, mlLinearClassifierModel, mlpModel, pattern } from '../../support/onnx/onnx-models.js';
import { onnxBytes } from '../../support/onnx/onnx-writer.js';
import { refusal } from './refusal.js';
import { affine, expectClose, relu, sampleRows, softmax, uniqueArgmax } from './hand-math.js';

const weights = [0.5, -1, 0.25, 1.5, 0.75, -0.5, -2, 0.125, 1, 0.3, -0.6, 0.9];
const bias = [0.1, -0.2, 0.05];
const rows = [
  [1, 2, 3, 4],
  [0, 0, 0, 0],
  [-1.5, 0.25, 2, -3],
];

const fp32 = (name: string, values: number[][]): Tensor => ({
  name,
  datatype: 'FP32',
  shape: [values.length, values[0]?.length ?? 0],
  data: Float32Array.from(values.flat()),
});

describe('ONNX model adapter', () => {
  it('runs a MatMul/Add/Softmax classifier on a batch and matches hand arithmetic', async () => {
    const model = await loadOnnxModel(onnxBytes(linearClassifierModel({ features: 4, classes: 3, weights, bias })));
    expect(model.inputs).toEqual([{ name: 'input', datatype: 'FP32', shape: [-1, 4] }]);
    expect(model.outputs).toEqual([{ name: 'probabilities', datatype: 'FP32', shape: [-1, 3] }]);
    const [out] = await model.run([fp32('input', rows)]);
    expect(out).toMatchObject({ name: 'probabilities', datatype: 'FP32', shape: [3, 3] });
    expectClose(out!.data as Float32Array, softmax(affine(rows, weights, bias)).flat());
    await model.release();
  });

  it('runs an ONNX-ML LinearClassifier: labels and probabilities as plain tensors', async () => {
    const model = await loadOnnxModel(onnxBytes(mlLinearClassifierModel({ features: 4, classes: 3, weights, bias })));
    const [label, probabilities] = await model.run([fp32('input', rows)]);
    const expected = softmax(affine(rows, weights, bias));
    expect(label).toMatchObject({ name: 'label', datatype: 'INT64', shape: [3] });
    expect(Array.from(label!.data as BigInt64Array, Number)).toEqual(expected.map(uniqueArgmax));
    expect(probabilities).toMatchObject({ name: 'probabilities', datatype: 'FP32', shape: [3, 3] });
    expectClose(probabilities!.data as Float32Array, expected.flat());
  });

  it('runs a MatMul/Relu network on a batch of rows and matches hand arithmetic', async () => {
    const sizes = { inputs: 10, hidden: 16, outputs: 3 };
    const model = await loadOnnxModel(onnxBytes(mlpModel(sizes)));
    const batch = sampleRows(8, sizes.inputs);
    const hidden = relu(affine(batch, pattern(sizes.inputs * sizes.hidden, 0.2), pattern(sizes.hidden, 0.05)));
    const expected = affine(hidden, pattern(sizes.hidden * sizes.outputs, 0.3), pattern(sizes.outputs, 0.05));
    const [out] = await model.run([fp32('input', batch)]);
    expect(out).toMatchObject({ name: 'output', shape: [8, 3] });
    expectClose(out!.data as Float32Array, expected.flat(), 4);
  });

  it('accepts plain number arrays and reads the model from a stream of chunks', async () => {
    const bytes = onnxBytes(mlpModel({ inputs: 10, hidden: 16, outputs: 3 }));
    async function* chunks() {
      for (let at = 0; at < bytes.length; at += 100) yield bytes.slice(at, at + 100);
    }
    const streamed = await loadOnnxModel(chunks());
    const whole = await loadOnnxModel(bytes);
    const row = sampleRows(1, 10)[0]!;
    const [a] = await streamed.run([{ name: 'input', datatype: 'FP32', shape: [1, 10], data: row }]);
    const [b] = await whole.run([{ name: 'input', datatype: 'FP32', shape: [1, 10], data: Float32Array.from(row) }]);
    expect(Array.from(a!.data as Float32Array)).toEqual(Array.from(b!.data as Float32Array));
    expect(streamed.modelBytes).toBe(bytes.length);
    expect(streamed.estimatedMemoryBytes).toBeGreaterThan(bytes.length);
    expect(Number.isFinite(streamed.loadMs)).toBe(true);
  });

  it('gives the same answers with more intra-op threads and refuses a non-positive thread count', async () => {
    const bytes = onnxBytes(linearClassifierModel({ features: 4, classes: 3, weights, bias }));
    const [out] = await (await loadOnnxModel(bytes, { intraOpThreads: 2 })).run([fp32('input', rows)]);
    expectClose(out!.data as Float32Array, softmax(affine(rows, weights, bias)).flat());
    const error = await refusal(() => loadOnnxModel(bytes, { intraOpThreads: 0 }));
    expect(error.code).toBe('INVALID_ARGUMENT');
  });

  it('runs concurrent requests on one session', async () => {
    const model = await loadOnnxModel(onnxBytes(linearClassifierModel({ features: 4, classes: 3, weights, bias })));
    const expected = softmax(affine(rows, weights, bias));
    const results = await Promise.all(rows.map((row) => model.run([fp32('input', [row])])));
    results.forEach(([out], i) => expectClose(out!.data as Float32Array, expected[i]!));
  });
});
