import { describe, expect, it } from 'vitest';
import { readOnnxSignature } from '../../../src/domain/registry/onnx/onnx-signature.js';
import { ProtoStreamReader } from '../../../src/domain/registry/onnx/proto-stream-reader.js';
import { linearClassifierModel, mlLinearClassifierModel, mlpModel } from '../../support/onnx/onnx-models.js';
import { encodeOnnxModel, onnxBytes, onnxType, type OnnxModel } from '../../support/onnx/onnx-writer.js';

async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

const signatureOf = (bytes: Uint8Array, chunkSize = 64 * 1024) => readOnnxSignature(ProtoStreamReader.ofStream(chunked(bytes, chunkSize)));

/** Inputs of several element types, symbolic, fixed and missing dims, no shape at all, and non-tensor outputs. */
const manyTypes: OnnxModel = {
  graph: {
    nodes: [{ opType: 'Identity', inputs: ['ids'], outputs: ['copy'] }],
    initializers: [{ name: 'scale', dataType: onnxType.FLOAT, dims: [1], floatData: [2] }],
    inputs: [
      { name: 'pixels', type: { tensor: onnxType.FLOAT, shape: ['batch', 3, 'height', 'width'] } },
      { name: 'ids', type: { tensor: onnxType.INT64, shape: ['batch', null] } },
      { name: 'text', type: { tensor: onnxType.STRING, shape: [1] } },
      { name: 'mask', type: { tensor: onnxType.BOOL, shape: [] } },
      { name: 'anything', type: { tensor: onnxType.DOUBLE } },
      { name: 'half', type: { tensor: onnxType.FLOAT16, shape: [2, 2] } },
      // An initializer listed as a graph input (IR < 4 style) is a weight, not a model input.
      { name: 'scale', type: { tensor: onnxType.FLOAT, shape: [1] } },
    ],
    outputs: [
      { name: 'copy', type: { tensor: onnxType.INT64, shape: ['batch', null] } },
      { name: 'scores', type: { sequence: { map: { key: onnxType.INT64, value: { tensor: onnxType.FLOAT } } } } },
      { name: 'maybe', type: { optional: { tensor: onnxType.UINT8, shape: [4] } } },
    ],
  },
};

const manyTypesSignature = {
  inputs: [
    { name: 'pixels', datatype: 'FP32', shape: [-1, 3, -1, -1] },
    { name: 'ids', datatype: 'INT64', shape: [-1, -1] },
    { name: 'text', datatype: 'BYTES', shape: [1] },
    { name: 'mask', datatype: 'BOOL', shape: [] },
    { name: 'anything', datatype: 'FP64', shape: null },
    { name: 'half', datatype: 'FP16', shape: [2, 2] },
  ],
  outputs: [
    { name: 'copy', datatype: 'INT64', shape: [-1, -1] },
    { name: 'scores', datatype: 'sequence(map(INT64,FP32))', shape: null },
    { name: 'maybe', datatype: 'optional(UINT8)', shape: null },
  ],
};

describe('ONNX signature reader', () => {
  it('reads the inputs and outputs of a linear classifier, leaving out its weights', async () => {
    expect(await signatureOf(onnxBytes(linearClassifierModel({ features: 4, classes: 3 })))).toEqual({
      inputs: [{ name: 'input', datatype: 'FP32', shape: [-1, 4] }],
      outputs: [{ name: 'probabilities', datatype: 'FP32', shape: [-1, 3] }],
    });
  });

  it('reads an ONNX-ML classifier with two outputs and a two-layer perceptron', async () => {
    expect(await signatureOf(onnxBytes(mlLinearClassifierModel({ features: 5, classes: 2 })))).toEqual({
      inputs: [{ name: 'input', datatype: 'FP32', shape: [-1, 5] }],
      outputs: [
        { name: 'label', datatype: 'INT64', shape: [-1] },
        { name: 'probabilities', datatype: 'FP32', shape: [-1, 2] },
      ],
    });
    expect((await signatureOf(onnxBytes(mlpModel({ inputs: 8, hidden: 16, outputs: 2 })))).outputs).toEqual([{ name: 'output', datatype: 'FP32', shape: [-1, 2] }]);
  });

  it('maps element types to Open Inference Protocol names and symbolic or missing dims to -1', async () => {
    expect(await signatureOf(onnxBytes(manyTypes))).toEqual(manyTypesSignature);
  });

  it('gives the same answer when the bytes arrive one at a time', async () => {
    expect(await signatureOf(onnxBytes(manyTypes), 1)).toEqual(manyTypesSignature);
    expect(await signatureOf(onnxBytes(linearClassifierModel({ features: 4, classes: 3 })), 1)).toEqual(await signatureOf(onnxBytes(linearClassifierModel({ features: 4, classes: 3 }))));
  });

  it('reads through a large initializer from a stream that cannot seek, chunk by chunk', async () => {
    const model = linearClassifierModel({ features: 4, classes: 3 });
    model.graph.initializers?.push({ name: 'embedding', dataType: onnxType.FLOAT, dims: [4096, 1024], virtualRawBytes: 16 * 1024 * 1024 });
    const message = encodeOnnxModel(model);
    const reader = ProtoStreamReader.ofStream(message.stream(0, 256 * 1024));
    expect((await readOnnxSignature(reader)).inputs).toEqual([{ name: 'input', datatype: 'FP32', shape: [-1, 4] }]);
    // Read through the initializer, and stopped after the graph (the opset list after it is not needed).
    expect(reader.bytesRead).toBeGreaterThan(16 * 1024 * 1024);
    expect(reader.bytesRead).toBeLessThan(message.length);
  });

  it('jumps over a 3 GB initializer when the source can be reopened at an offset, reading under 1 MiB', async () => {
    const model = mlpModel({ inputs: 8, hidden: 16, outputs: 2 });
    model.graph.initializers?.unshift({ name: 'huge', dataType: onnxType.FLOAT, dims: [750_000_000], virtualRawBytes: 3_000_000_000 });
    const message = encodeOnnxModel(model);
    expect(message.length).toBeGreaterThan(3_000_000_000);
    const opened: number[] = [];
    const reader = new ProtoStreamReader(
      async (offset) => {
        opened.push(offset);
        return message.stream(offset, 64 * 1024);
      },
      { size: message.length },
    );
    const signature = await readOnnxSignature(reader);
    expect(signature.inputs).toEqual([{ name: 'input', datatype: 'FP32', shape: [-1, 8] }]);
    expect(reader.bytesRead).toBeLessThan(1024 * 1024);
    expect(opened.length).toBe(2);
  });

  it('refuses a truncated model and bytes that are not a model with INVALID_ARGUMENT', async () => {
    const bytes = onnxBytes(linearClassifierModel({ features: 4, classes: 3 }));
    await expect(signatureOf(bytes.slice(0, bytes.length - 40))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(signatureOf(new TextEncoder().encode('{"this": "is json"}\n'))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(signatureOf(new Uint8Array(0))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('no graph') });
  });
});
