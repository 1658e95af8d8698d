import { describe, expect, it } from 'vitest';
import type { Tensor } from '../../../src/domain/serving/tensor.js';
import { loadOnnxModel, type OnnxModel } from '../../../src/runtime/onnx/onnx-model.js';
import { mlLinearClassifierModel } from '../../support/onnx/onnx-models.js';
import { onnxBytes } from '../../support/onnx/onnx-writer.js';
import { refusal } from './refusal.js';
import { sampleTrees, treeEnsembleClassifierModel, withZipMap } from '../../support/onnx/tree-ensemble-models.js';

const input = (over: Partial<Tensor> = {}): Tensor => ({ name: 'input', datatype: 'FP32', shape: [1, 4], data: [1, 2, 3, 4], ...over });

describe('ONNX model adapter errors', () => {
  const classifier = (): Promise<OnnxModel> => loadOnnxModel(onnxBytes(mlLinearClassifierModel({ features: 4, classes: 3 })));

  it('refuses bytes that are not an ONNX model with INVALID_ARGUMENT and the runtime reason', async () => {
    const error = await refusal(() => loadOnnxModel(new TextEncoder().encode('this is not a model, just text')));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toMatch(/^not a loadable ONNX model: .*protobuf/i);
  });

  it('refuses an empty model file', async () => {
    const error = await refusal(() => loadOnnxModel(new Uint8Array(0)));
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', message: 'not a loadable ONNX model: the file is empty' });
  });

  it('refuses a model larger than the limit while reading it', async () => {
    async function* chunks() {
      for (;;) yield new Uint8Array(1024);
    }
    const error = await refusal(() => loadOnnxModel(chunks(), { maxBytes: 10_000 }));
    expect(error.code).toBe('LIMIT_EXCEEDED');
  });

  it('names an unknown input and lists the model inputs', async () => {
    const error = await refusal(async () => (await classifier()).run([input({ name: 'features' })]));
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', message: "unknown input 'features'; the model's inputs are 'input'" });
  });

  it('names a missing input', async () => {
    const error = await refusal(async () => (await classifier()).run([]));
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', message: "missing input 'input'" });
  });

  it('names an input of the wrong datatype and the expected one', async () => {
    const error = await refusal(async () => (await classifier()).run([input({ datatype: 'INT32' })]));
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', message: "input 'input' is INT32; the model expects FP32" });
  });

  it('names an input of the wrong shape and the expected one', async () => {
    const error = await refusal(async () => (await classifier()).run([input({ shape: [1, 5], data: [1, 2, 3, 4, 5] })]));
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', message: "input 'input' has shape [1, 5]; the model expects [-1, 4] (-1: any size)" });
  });

  it('refuses data whose length does not match the shape', async () => {
    const error = await refusal(async () => (await classifier()).run([input({ shape: [2, 4] })]));
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', message: "input 'input': shape [2, 4] needs 8 elements, got 4" });
  });

  it('refuses a ZipMap output by default and says how to export the model', async () => {
    const bytes = onnxBytes(withZipMap(treeEnsembleClassifierModel(sampleTrees({ features: 4, outputs: 3, count: 2, depth: 2 })), 3));
    const error = await refusal(() => loadOnnxModel(bytes));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toContain("output 'output_probability' is a sequence or map (e.g. from ZipMap)");
    expect(error.message).toContain("'zipmap': False");
  });

  it("serves the tensor outputs of a ZipMap model with nonTensorOutputs 'omit'", async () => {
    const bytes = onnxBytes(withZipMap(treeEnsembleClassifierModel(sampleTrees({ features: 4, outputs: 3, count: 2, depth: 2 })), 3));
    const model = await loadOnnxModel(bytes, { nonTensorOutputs: 'omit' });
    expect(model.omittedOutputs).toEqual(['output_probability']);
    expect(model.outputs.map((o) => o.name)).toEqual(['label']);
    const outputs = await model.run([input()]);
    expect(outputs.map((o) => [o.name, o.datatype, o.shape])).toEqual([['label', 'INT64', [1]]]);
  });

  it('refuses to run after release with INVALID_STATE', async () => {
    const model = await classifier();
    await model.release();
    await model.release();
    const error = await refusal(() => model.run([input()]));
    expect(error).toMatchObject({ code: 'INVALID_STATE', message: 'the model was unloaded' });
  });
});
