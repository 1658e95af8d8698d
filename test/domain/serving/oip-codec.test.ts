import { describe, expect, it } from 'vitest';
import type { ModelSignature } from '../../../src/domain/registry/model-files.js';
import { buildInferResponse, parseInferRequest } from '../../../src/domain/serving/oip-codec.js';
import { refusal } from './refusal.js';

const classifier: ModelSignature = {
  inputs: [{ name: 'features', datatype: 'FP32', shape: [-1, 3] }],
  outputs: [
    { name: 'label', datatype: 'INT64', shape: [-1] },
    { name: 'probabilities', datatype: 'FP32', shape: [-1, 2] },
  ],
};

const twoInputs: ModelSignature = {
  inputs: [
    { name: 'ids', datatype: 'INT64', shape: [-1] },
    { name: 'text', datatype: 'BYTES', shape: [-1] },
  ],
  outputs: [{ name: 'score', datatype: 'FP64', shape: [-1] }],
};

const request = (input: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  inputs: [{ name: 'features', datatype: 'FP32', shape: [2, 3], data: [1, 2, 3, 4, 5, 6], ...input }],
  ...extra,
});

describe('Open Inference Protocol requests', () => {
  it('reads id, parameters, flat data and the requested outputs', () => {
    const parsed = parseInferRequest(request({}, { id: 'r-1', parameters: { content_type: 'np', headers: { a: 'b' } }, outputs: [{ name: 'probabilities' }] }), classifier);
    expect(parsed.id).toBe('r-1');
    expect(parsed.parameters).toEqual({ content_type: 'np' });
    expect(parsed.outputs).toEqual(['probabilities']);
    expect(parsed.inputs).toEqual([{ name: 'features', datatype: 'FP32', shape: [2, 3], data: Float32Array.of(1, 2, 3, 4, 5, 6) }]);
  });

  it('reads nested data the same as flat data, row-major', () => {
    const nested = parseInferRequest(request({ data: [[1, 2, 3], [4, 5, 6]] }), classifier);
    expect(nested.inputs[0]?.data).toEqual(Float32Array.of(1, 2, 3, 4, 5, 6));
    expect(nested.id).toBeNull();
    expect(nested.outputs).toBeNull();
  });

  it('carries BYTES as strings and INT64 beyond 2^53 as decimal strings', () => {
    const parsed = parseInferRequest(
      {
        inputs: [
          { name: 'text', datatype: 'BYTES', shape: [2], data: ['bonjour', 'aGk='] },
          { name: 'ids', datatype: 'INT64', shape: [2], data: [1, '9007199254740993'] },
        ],
      },
      twoInputs,
    );
    expect(parsed.inputs.map((t) => t.data)).toEqual([['bonjour', 'aGk='], BigInt64Array.of(1n, 9007199254740993n)]);
  });

  it('accepts an empty batch', () => {
    const parsed = parseInferRequest(request({ shape: [0, 3], data: [] }), classifier);
    expect(parsed.inputs[0]).toEqual({ name: 'features', datatype: 'FP32', shape: [0, 3], data: new Float32Array(0) });
  });

  it('checks only self-consistency when the model has no signature', () => {
    const parsed = parseInferRequest({ inputs: [{ name: 'anything', datatype: 'BOOL', shape: [], data: [true] }] }, null);
    expect(parsed.inputs[0]).toEqual({ name: 'anything', datatype: 'BOOL', shape: [], data: Uint8Array.of(1) });
    expect(refusal(() => parseInferRequest({ inputs: [{ name: 'a', datatype: 'BOOL', shape: [2], data: [true] }] }, null))).toContain("input 'a' has 1 elements; shape [2] needs 2");
  });

  it('names an unknown input and lists the expected ones', () => {
    expect(refusal(() => parseInferRequest(request({ name: 'feature' }), classifier))).toBe("unknown input 'feature'; the model's inputs are 'features'");
  });

  it('names every missing input with its datatype and shape', () => {
    const message = refusal(() => parseInferRequest({ inputs: [{ name: 'ids', datatype: 'INT64', shape: [1], data: [1] }] }, twoInputs));
    expect(message).toBe("missing input 'text' (BYTES, shape [-1])");
  });

  it('refuses an input given twice', () => {
    const input = { name: 'features', datatype: 'FP32', shape: [1, 3], data: [1, 2, 3] };
    expect(refusal(() => parseInferRequest({ inputs: [input, input] }, classifier))).toBe("input 'features' is given twice");
  });

  it('refuses a datatype other than the signature one', () => {
    expect(refusal(() => parseInferRequest(request({ datatype: 'FP64' }), classifier))).toBe("input 'features' has datatype FP64; the model expects FP32");
  });

  it('refuses datatypes JSON cannot carry', () => {
    expect(refusal(() => parseInferRequest(request({ datatype: 'FP16' }), classifier))).toContain("input 'features' has datatype FP16, which JSON requests cannot carry");
    expect(refusal(() => parseInferRequest(request({ datatype: 'COMPLEX' }), classifier))).toContain('COMPLEX');
  });

  it('refuses a wrong rank, a wrong fixed dimension and a count that does not fill the shape', () => {
    expect(refusal(() => parseInferRequest(request({ shape: [6] }), classifier))).toBe(
      "input 'features' has shape [6] of rank 1; the model expects rank 2, [-1,3]",
    );
    expect(refusal(() => parseInferRequest(request({ shape: [3, 2] }), classifier))).toBe(
      "input 'features' has shape [3,2]; dimension 1 must be 3 (the model expects [-1,3])",
    );
    expect(refusal(() => parseInferRequest(request({ data: [1, 2, 3, 4, 5] }), classifier))).toBe("input 'features' has 5 elements; shape [2,3] needs 6");
    expect(refusal(() => parseInferRequest(request({ shape: [2, -3] }), classifier))).toContain("input 'features' needs 'shape'");
    expect(refusal(() => parseInferRequest(request({ data: [[[1, 2, 3]], [[4, 5, 6]]] }), classifier))).toBe(
      "input 'features': data is nested deeper than 2 levels",
    );
  });

  it('refuses non-numeric values and null (JSON has no NaN; send "NaN")', () => {
    expect(refusal(() => parseInferRequest(request({ data: [1, 2, 'x', 4, 5, 6] }), classifier))).toContain("input 'features' (FP32): element 2 is \"x\"");
    expect(refusal(() => parseInferRequest(request({ data: [1, 2, null, 4, 5, 6] }), classifier))).toContain('element 2 is null');
    const withNaN = parseInferRequest(request({ data: [1, 2, 'NaN', 4, 5, 6] }), classifier);
    expect(Number.isNaN((withNaN.inputs[0]?.data as Float32Array)[2])).toBe(true);
  });

  it('refuses malformed bodies with the field at fault', () => {
    expect(refusal(() => parseInferRequest([], classifier))).toBe('the request body must be a JSON object');
    expect(refusal(() => parseInferRequest({}, classifier))).toBe("'inputs' must be a list of tensors");
    expect(refusal(() => parseInferRequest(request({}, { id: 7 }), classifier))).toBe("'id' must be a string");
    expect(refusal(() => parseInferRequest(request({ name: undefined }), classifier))).toBe("input 0 has no 'name'");
    expect(refusal(() => parseInferRequest(request({ datatype: undefined }), classifier))).toBe("input 'features' has no 'datatype'");
    expect(refusal(() => parseInferRequest(request({ data: undefined }), classifier))).toBe("input 'features' has no 'data' list");
    expect(refusal(() => parseInferRequest(request({}, { parameters: 3 }), classifier))).toContain('parameters');
  });

  it('refuses binary tensor data in either direction', () => {
    expect(refusal(() => parseInferRequest(request({ data: undefined, parameters: { binary_data_size: 24 } }), classifier))).toContain(
      "input 'features' is sent as binary data",
    );
    expect(refusal(() => parseInferRequest(request({}, { outputs: [{ name: 'label', parameters: { binary_data: true } }] }), classifier))).toContain(
      "output 'label' asks for binary data",
    );
  });

  it('refuses unknown or repeated requested outputs', () => {
    expect(refusal(() => parseInferRequest(request({}, { outputs: [{ name: 'proba' }] }), classifier))).toBe(
      "unknown output 'proba'; the model's outputs are 'label', 'probabilities'",
    );
    expect(refusal(() => parseInferRequest(request({}, { outputs: [{ name: 'label' }, { name: 'label' }] }), classifier))).toBe("output 'label' is requested twice");
  });

  it('enforces the element, input and rank limits', () => {
    const limits = { maxElements: 5, maxInputs: 1, maxRank: 2 };
    expect(refusal(() => parseInferRequest(request({}), classifier, limits), 'LIMIT_EXCEEDED')).toContain('more than 5 elements');
    // The shape is checked before the data is walked, so a huge declared shape costs nothing.
    expect(refusal(() => parseInferRequest(request({ shape: [1e9, 3], data: [] }), classifier), 'LIMIT_EXCEEDED')).toContain('more than 1000000 elements');
    expect(refusal(() => parseInferRequest({ inputs: [{}, {}] }, classifier, limits))).toBe('the request has 2 inputs; at most 1 are accepted');
    expect(refusal(() => parseInferRequest({ inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 1, 1], data: [1] }] }, null, limits))).toContain('3 dimensions');
  });
});

describe('Open Inference Protocol responses', () => {
  const outputs = [
    { name: 'label', datatype: 'INT64' as const, shape: [2], data: BigInt64Array.of(0n, 1n) },
    { name: 'probabilities', datatype: 'FP32' as const, shape: [2, 2], data: Float32Array.of(0.5, 0.5, 0.25, 0.75) },
  ];

  it('echoes the id, names model and version, and returns every output when none was requested', () => {
    expect(buildInferResponse({ modelName: 'churn', modelVersion: '4', id: 'r-1', outputs, requested: null })).toEqual({
      model_name: 'churn',
      model_version: '4',
      id: 'r-1',
      outputs: [
        { name: 'label', datatype: 'INT64', shape: [2], data: [0, 1] },
        { name: 'probabilities', datatype: 'FP32', shape: [2, 2], data: [0.5, 0.5, 0.25, 0.75] },
      ],
    });
  });

  it('returns only the requested outputs, in the requested order, and leaves out an absent id', () => {
    const body = buildInferResponse({ modelName: 'churn', id: null, outputs, requested: ['probabilities'] });
    expect(body).toEqual({ model_name: 'churn', outputs: [expect.objectContaining({ name: 'probabilities' })] });
  });

  it('writes non-finite floats as strings and large INT64 as decimal strings', () => {
    const body = buildInferResponse({
      modelName: 'm',
      id: null,
      requested: null,
      outputs: [
        { name: 'y', datatype: 'FP64', shape: [2], data: Float64Array.of(Number.NaN, Infinity) },
        { name: 'n', datatype: 'INT64', shape: [1], data: BigInt64Array.of(2n ** 62n) },
      ],
    });
    expect(body.outputs.map((o) => o.data)).toEqual([['NaN', 'Infinity'], ['4611686018427387904']]);
  });
});
