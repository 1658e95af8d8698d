import { describe, expect, it } from 'vitest';
import type { ModelSignature } from '../../../src/domain/registry/model-files.js';
import {
  buildInvocationResponse,
  buildRecordsResponse,
  parseInvocationRequest,
  parseRecordsRequest,
} from '../../../src/domain/serving/invocations-codec.js';
import { refusal } from './refusal.js';
import { columns, matrix, perColumn } from './tabular-signatures.js';

describe('MLflow /invocations requests', () => {
  it('stacks dataframe_split columns in request order into the one 2-D input', () => {
    const parsed = parseInvocationRequest({ dataframe_split: { columns: ['x', 'y', 'z'], data: [[1, 2, 3], [4, 5, 6]], index: [0, 1] } }, matrix);
    expect(parsed.format).toBe('dataframe_split');
    expect(parsed.inputs).toEqual([{ name: 'float_input', datatype: 'FP32', shape: [2, 3], data: Float32Array.of(1, 2, 3, 4, 5, 6) }]);
    expect(parsed.params).toEqual({});
  });

  it('reads dataframe_split without column names by position', () => {
    const parsed = parseInvocationRequest({ dataframe_split: { data: [[1, 2, 3]] } }, matrix);
    expect(parsed.inputs[0]?.shape).toEqual([1, 3]);
  });

  it('matches dataframe_records columns to a column-based signature by name, whatever their order', () => {
    const parsed = parseInvocationRequest(
      {
        dataframe_records: [
          { city: 'Lyon', member: true, visits: 3, age: 41.5 },
          { age: 30, visits: '9007199254740993', city: 'Oslo', member: false },
        ],
        params: { threshold: 0.3 },
      },
      columns,
    );
    expect(parsed.params).toEqual({ threshold: 0.3 });
    expect(parsed.inputs).toEqual([
      { name: 'age', datatype: 'FP64', shape: [2], data: Float64Array.of(41.5, 30) },
      { name: 'visits', datatype: 'INT64', shape: [2], data: BigInt64Array.of(3n, 9007199254740993n) },
      { name: 'city', datatype: 'BYTES', shape: [2], data: ['Lyon', 'Oslo'] },
      { name: 'member', datatype: 'BOOL', shape: [2], data: Uint8Array.of(1, 0) },
    ]);
  });

  it('ignores columns the signature does not name, as MLflow does', () => {
    const parsed = parseInvocationRequest({ dataframe_records: [{ a: 1, b: 2, customer_id: 'c-9' }] }, perColumn);
    expect(parsed.inputs.map((t) => t.name)).toEqual(['a', 'b']);
  });

  it('gives a column [n] the trailing 1 of an input [-1, 1]', () => {
    const parsed = parseInvocationRequest({ dataframe_split: { columns: ['a', 'b'], data: [[0.5, 1], [1.5, 2]] } }, perColumn);
    expect(parsed.inputs).toEqual([
      { name: 'a', datatype: 'FP32', shape: [2, 1], data: Float32Array.of(0.5, 1.5) },
      { name: 'b', datatype: 'INT64', shape: [2, 1], data: BigInt64Array.of(1n, 2n) },
    ]);
  });

  it('reads a missing value in a float column as NaN, but refuses it in an integer column', () => {
    const parsed = parseInvocationRequest({ dataframe_records: [{ a: 1, b: 1 }, { b: 2 }] }, perColumn);
    expect(Number.isNaN((parsed.inputs[0]?.data as Float32Array)[1])).toBe(true);
    expect(refusal(() => parseInvocationRequest({ dataframe_records: [{ a: 1, b: 1 }, { a: 2 }] }, perColumn))).toBe(
      "input 'b' (INT64): element 1 is null; expected an integer (or its decimal string)",
    );
  });

  it('reads instances as rows of one tensor, or as objects stacked per input name', () => {
    expect(parseInvocationRequest({ instances: [[1, 2, 3], [4, 5, 6]] }, matrix).inputs[0]?.shape).toEqual([2, 3]);
    const named = parseInvocationRequest({ instances: [{ a: [1], b: [2] }, { a: [3], b: [4] }] }, perColumn);
    expect(named.inputs.map((t) => [t.shape, Array.from(t.data as ArrayLike<unknown>)])).toEqual([
      [[2, 1], [1, 3]],
      [[2, 1], [2n, 4n]],
    ]);
  });

  it('reads inputs as one tensor or as an object of tensors keyed by input name', () => {
    expect(parseInvocationRequest({ inputs: [[1, 2, 3]] }, matrix).inputs[0]?.data).toEqual(Float32Array.of(1, 2, 3));
    const named = parseInvocationRequest({ inputs: { a: [[1], [2]], b: [[3], [4]] } }, perColumn);
    expect(named.inputs.map((t) => t.shape)).toEqual([[2, 1], [2, 1]]);
    expect(refusal(() => parseInvocationRequest({ inputs: { a: 1 } }, perColumn))).toBe("'inputs.a' must be a list (one entry per row)");
  });

  it('turns an empty batch into empty tensors of every input', () => {
    for (const body of [{ dataframe_records: [] }, { dataframe_split: { columns: ['x', 'y', 'z'], data: [] } }, { instances: [] }, { inputs: [] }]) {
      expect(parseInvocationRequest(body, matrix).inputs).toEqual([{ name: 'float_input', datatype: 'FP32', shape: [0, 3], data: new Float32Array(0) }]);
    }
    expect(parseInvocationRequest({ dataframe_records: [] }, columns).inputs.map((t) => t.shape)).toEqual([[0], [0], [0], [0]]);
    // Not empty when only one of several tensors is.
    expect(parseInvocationRequest({ inputs: { a: [], b: [[1]] } }, perColumn).inputs.map((t) => t.shape)).toEqual([[0, 1], [1, 1]]);
  });

  it('needs exactly one format key, params aside', () => {
    expect(refusal(() => parseInvocationRequest({}, matrix))).toContain("exactly one of 'dataframe_split', 'dataframe_records', 'instances', 'inputs'");
    expect(refusal(() => parseInvocationRequest({ instances: [], inputs: [] }, matrix))).toContain('it has 2');
    expect(refusal(() => parseInvocationRequest({ instances: [[1, 2, 3]], signature_name: 'serving_default' }, matrix))).toContain("unexpected 'signature_name'");
    expect(refusal(() => parseInvocationRequest({ instances: [], params: [] }, matrix))).toBe("'params' must be a JSON object");
  });

  it('names the missing inputs when columns match neither by name nor by position', () => {
    expect(refusal(() => parseInvocationRequest({ dataframe_records: [{ age: 1, city: 'x' }] }, columns))).toBe(
      "missing input 'visits', 'member'; the request has 'age', 'city'",
    );
  });

  it('refuses a column count other than the fixed width of the 2-D input', () => {
    expect(refusal(() => parseInvocationRequest({ dataframe_split: { columns: ['x', 'y'], data: [[1, 2]] } }, matrix))).toBe(
      "input 'float_input' takes 3 columns in order; the request has 2 ('x', 'y')",
    );
  });

  it('refuses malformed DataFrames', () => {
    expect(refusal(() => parseInvocationRequest({ dataframe_split: { columns: ['x', 'y', 'z'], data: [[1, 2]] } }, matrix))).toBe(
      "'dataframe_split.data' row 0 has 2 values; there are 3 columns",
    );
    expect(refusal(() => parseInvocationRequest({ dataframe_split: { columns: ['x', 'x', 'z'], data: [[1, 2, 3]] } }, matrix))).toBe("column 'x' appears twice");
    expect(refusal(() => parseInvocationRequest({ dataframe_split: { data: [1, 2] } }, matrix))).toContain('list of rows');
    expect(refusal(() => parseInvocationRequest({ dataframe_records: [1] }, matrix))).toBe("'dataframe_records' row 0 must be a JSON object");
    expect(refusal(() => parseInvocationRequest({ instances: [{ a: 1 }, [1]] }, matrix))).toContain('not a mix');
  });

  it('casts to the signature datatype and names the input when a value does not fit', () => {
    expect(refusal(() => parseInvocationRequest({ dataframe_split: { columns: ['x', 'y', 'z'], data: [[1, 'two', 3]] } }, matrix))).toContain(
      "input 'float_input' (FP32): element 1 is \"two\"",
    );
    expect(refusal(() => parseInvocationRequest({ instances: [[1, 2]] }, matrix))).toBe(
      "input 'float_input' has shape [1,2]; dimension 1 must be 3 (the model expects [-1,3])",
    );
    expect(refusal(() => parseInvocationRequest({ instances: [[1, 2, 3], [4, 5]] }, matrix))).toContain("input 'float_input': nested lists have uneven lengths");
  });

  it('refuses one unnamed tensor for a model with several inputs, and models without a signature', () => {
    expect(refusal(() => parseInvocationRequest({ inputs: [[1], [2]] }, perColumn))).toContain("the model has 2 inputs ('a', 'b')");
    expect(refusal(() => parseInvocationRequest({ inputs: [[1]] }, null))).toContain('no input signature');
  });

  it('refuses inputs JSON cannot carry and requests past the element limit', () => {
    const half: ModelSignature = { inputs: [{ name: 'h', datatype: 'FP16', shape: [-1] }], outputs: [] };
    expect(refusal(() => parseInvocationRequest({ inputs: [1] }, half))).toBe("input 'h' is FP16, which JSON requests cannot carry");
    const limits = { maxElements: 4, maxInputs: 10, maxRank: 4 };
    expect(refusal(() => parseInvocationRequest({ instances: [[1, 2, 3], [4, 5, 6]] }, matrix, limits), 'LIMIT_EXCEEDED')).toContain('more than 4 elements');
    expect(refusal(() => parseInvocationRequest({ dataframe_split: { data: [[1, 2, 3], [4, 5, 6]] } }, matrix, limits), 'LIMIT_EXCEEDED')).toContain('more than 4');
    expect(refusal(() => parseInvocationRequest({ dataframe_records: [{ a: 1, b: 2 }] }, perColumn, { ...limits, maxInputs: 1 }))).toContain('at most 1');
  });
});

describe('native records', () => {
  it('reads {records} as dataframe_records', () => {
    expect(parseRecordsRequest({ records: [{ x: 1, y: 2, z: 3 }] }, matrix)).toEqual([
      { name: 'float_input', datatype: 'FP32', shape: [1, 3], data: Float32Array.of(1, 2, 3) },
    ]);
    expect(refusal(() => parseRecordsRequest({ rows: [] }, matrix))).toContain('{"records"');
    expect(refusal(() => parseRecordsRequest({ records: {} }, matrix))).toBe("'records' must be a list of row objects");
  });
});

describe('prediction responses', () => {
  const label = { name: 'label', datatype: 'INT64' as const, shape: [2], data: BigInt64Array.of(0n, 1n) };
  const proba = { name: 'probabilities', datatype: 'FP32' as const, shape: [2, 2], data: Float32Array.of(0.5, 0.5, 0.25, 0.75) };

  it('answers /invocations with one output as nested lists, several keyed by name', () => {
    expect(buildInvocationResponse([proba])).toEqual({ predictions: [[0.5, 0.5], [0.25, 0.75]] });
    expect(buildInvocationResponse([label, proba])).toEqual({ predictions: { label: [0, 1], probabilities: [[0.5, 0.5], [0.25, 0.75]] } });
  });

  it('answers records with one prediction per row', () => {
    expect(buildRecordsResponse([label])).toEqual({ predictions: [0, 1] });
    expect(buildRecordsResponse([label, proba])).toEqual({
      predictions: [
        { label: 0, probabilities: [0.5, 0.5] },
        { label: 1, probabilities: [0.25, 0.75] },
      ],
    });
    expect(buildRecordsResponse([{ ...label, shape: [0], data: new BigInt64Array(0) }])).toEqual({ predictions: [] });
  });
});
