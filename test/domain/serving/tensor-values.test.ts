import { describe, expect, it } from 'vitest';
import { tensorDataToJson, toTensorData } from '../../../src/domain/serving/tensor-values.js';
import { flattenData, inferShape, nestData } from '../../../src/domain/serving/tensor-shape.js';
import { refusal } from './refusal.js';

describe('tensor values from JSON', () => {
  it('stores every datatype in its typed array', () => {
    expect(toTensorData('x', 'FP32', [1.5, 2])).toEqual(Float32Array.of(1.5, 2));
    expect(toTensorData('x', 'FP64', [0.1])).toEqual(Float64Array.of(0.1));
    expect(toTensorData('x', 'INT8', [-128, 127])).toEqual(Int8Array.of(-128, 127));
    expect(toTensorData('x', 'INT16', [300])).toEqual(Int16Array.of(300));
    expect(toTensorData('x', 'INT32', [-5])).toEqual(Int32Array.of(-5));
    expect(toTensorData('x', 'UINT8', [255])).toEqual(Uint8Array.of(255));
    expect(toTensorData('x', 'UINT16', [65535])).toEqual(Uint16Array.of(65535));
    expect(toTensorData('x', 'UINT32', [4294967295])).toEqual(Uint32Array.of(4294967295));
    expect(toTensorData('x', 'INT64', [-3, 4])).toEqual(BigInt64Array.of(-3n, 4n));
    expect(toTensorData('x', 'UINT64', [7])).toEqual(BigUint64Array.of(7n));
    expect(toTensorData('x', 'BOOL', [true, false])).toEqual(Uint8Array.of(1, 0));
    expect(toTensorData('x', 'BYTES', ['héllo', ''])).toEqual(['héllo', '']);
  });

  it('reads INT64 and UINT64 beyond 2^53 exactly from decimal strings', () => {
    expect(toTensorData('id', 'INT64', ['9007199254740993', '-9223372036854775808'])).toEqual(BigInt64Array.of(9007199254740993n, -(2n ** 63n)));
    expect(toTensorData('id', 'UINT64', ['18446744073709551615'])).toEqual(BigUint64Array.of(2n ** 64n - 1n));
  });

  it('refuses an INT64 JSON number past 2^53, since parsing already rounded it', () => {
    const message = refusal(() => toTensorData('id', 'INT64', [1, 2 ** 53]));
    expect(message).toContain("input 'id' (INT64): element 1 is 9007199254740992");
    expect(message).toContain('send larger values as decimal strings');
  });

  it('refuses values outside the range of the datatype', () => {
    expect(refusal(() => toTensorData('b', 'INT8', [128]))).toContain('expected an integer from -128 to 127');
    expect(refusal(() => toTensorData('b', 'UINT8', [-1]))).toContain("input 'b' (UINT8): element 0 is -1");
    expect(refusal(() => toTensorData('b', 'INT64', ['9223372036854775808']))).toContain('element 0');
    expect(refusal(() => toTensorData('b', 'UINT64', ['-1']))).toContain('from 0 to');
  });

  it('refuses non-numeric values, fractions in integer tensors and the wrong element types', () => {
    expect(refusal(() => toTensorData('age', 'FP32', [1, 'abc']))).toBe(`input 'age' (FP32): element 1 is "abc"; expected a number (or "NaN", "Infinity", "-Infinity")`);
    expect(refusal(() => toTensorData('n', 'INT32', [1.5]))).toContain('element 0 is 1.5; expected an integer');
    expect(refusal(() => toTensorData('flag', 'BOOL', [1]))).toContain('expected true or false');
    expect(refusal(() => toTensorData('text', 'BYTES', [3]))).toContain("input 'text' (BYTES): element 0 is 3; expected a string");
    expect(refusal(() => toTensorData('x', 'FP64', [true]))).toContain('element 0 is true');
    expect(refusal(() => toTensorData('x', 'FP64', ['toString']))).toContain('element 0 is "toString"');
  });

  it('reads "NaN" and the infinities as strings; null is NaN only where asked (DataFrames)', () => {
    const data = toTensorData('x', 'FP64', ['NaN', 'Infinity', '-Infinity']);
    expect(Array.from(data as Float64Array)).toEqual([Number.NaN, Infinity, -Infinity]);
    expect(refusal(() => toTensorData('x', 'FP64', [null]))).toContain('element 0 is null');
    expect(Number.isNaN((toTensorData('x', 'FP32', [null], { nullAsNaN: true }) as Float32Array)[0])).toBe(true);
    expect(refusal(() => toTensorData('x', 'INT64', [null], { nullAsNaN: true }))).toContain('element 0 is null');
  });

  it('writes tensors back as JSON values that parse into the same tensor', () => {
    expect(tensorDataToJson(Float64Array.of(1, Number.NaN, -Infinity), 'FP64')).toEqual([1, 'NaN', '-Infinity']);
    expect(tensorDataToJson(BigInt64Array.of(5n, 2n ** 60n), 'INT64')).toEqual([5, '1152921504606846976']);
    expect(tensorDataToJson(Uint8Array.of(1, 0), 'BOOL')).toEqual([true, false]);
    expect(tensorDataToJson(['a'], 'BYTES')).toEqual(['a']);
    expect(tensorDataToJson([1, 2], 'FP32')).toEqual([1, 2]);
    expect(toTensorData('x', 'INT64', tensorDataToJson(BigInt64Array.of(2n ** 60n), 'INT64'))).toEqual(BigInt64Array.of(2n ** 60n));
  });
});

describe('nested lists', () => {
  it('infers the shape of regular nesting and refuses ragged rows', () => {
    expect(inferShape([[1, 2, 3], [4, 5, 6]], 'x', 16)).toEqual([2, 3]);
    expect(inferShape([], 'x', 16)).toEqual([0]);
    expect(refusal(() => inferShape([[1, 2], [3]], 'x', 16))).toContain("input 'x': nested lists have uneven lengths");
    expect(refusal(() => inferShape([[1, 2], 3], 'x', 16))).toContain('uneven');
  });

  it('refuses nesting deeper than allowed before walking it', () => {
    let deep: unknown[] = [1];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(refusal(() => inferShape(deep, 'x', 16))).toBe("input 'x' has more than 16 dimensions");
    expect(refusal(() => flattenData(deep, 'x', 10, 2))).toBe("input 'x': data is nested deeper than 2 levels");
    expect(flattenData([[1, 2], [3]], 'x', 10, 2)).toEqual([1, 2, 3]);
  });

  it('nests flat data by shape, a scalar included', () => {
    expect(nestData([1, 2, 3, 4, 5, 6], [2, 3])).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(nestData([1, 2, 3, 4], [2, 1, 2])).toEqual([[[1, 2]], [[3, 4]]]);
    expect(nestData([7], [])).toBe(7);
    expect(nestData([], [0, 3])).toEqual([]);
  });
});
