import { describe, expect, it } from 'vitest';
import { decodeTensorLog, encodeTensorLog } from '../../../src/domain/predictions/tensor-log-codec.js';
import { toLoggedTensors } from '../../../src/domain/serving/logged-tensor.js';
import type { Tensor } from '../../../src/domain/serving/tensor.js';

/** Every datatype in typed storage, with the values that JSON cannot carry as plain numbers. */
const everyDatatype: Tensor[] = [
  { name: 'flag', datatype: 'BOOL', shape: [3], data: Uint8Array.of(1, 0, 1) },
  { name: 'u8', datatype: 'UINT8', shape: [2], data: Uint8Array.of(0, 255) },
  { name: 'u16', datatype: 'UINT16', shape: [2], data: Uint16Array.of(0, 65535) },
  { name: 'u32', datatype: 'UINT32', shape: [2], data: Uint32Array.of(0, 4294967295) },
  { name: 'u64', datatype: 'UINT64', shape: [2], data: BigUint64Array.of(7n, 2n ** 64n - 1n) },
  { name: 'i8', datatype: 'INT8', shape: [2], data: Int8Array.of(-128, 127) },
  { name: 'i16', datatype: 'INT16', shape: [2], data: Int16Array.of(-32768, 32767) },
  { name: 'i32', datatype: 'INT32', shape: [2], data: Int32Array.of(-2147483648, 2147483647) },
  { name: 'i64', datatype: 'INT64', shape: [3], data: BigInt64Array.of(-(2n ** 63n), -5n, 9007199254740993n) },
  { name: 'x', datatype: 'FP32', shape: [1, 5], data: Float32Array.of(0.1, -2.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY) },
  { name: 'y', datatype: 'FP64', shape: [2], data: Float64Array.of(0.1, -1e300) },
  { name: 'text', datatype: 'BYTES', shape: [2], data: ['plain', 'ünïcødé ✓'] },
  { name: 'größe', datatype: 'FP32', shape: [0, 3], data: new Float32Array(0) },
];

describe('the prediction log tensor codec', () => {
  it('stores every datatype as bytes that read back as the log form answers give', () => {
    const stored = encodeTensorLog(everyDatatype);
    expect(stored).toBeInstanceOf(Uint8Array);
    expect(decodeTensorLog(stored)).toEqual(toLoggedTensors(everyDatatype));
    expect(decodeTensorLog(stored).find((t) => t.name === 'i64')?.data).toEqual(['-9223372036854775808', -5, '9007199254740993']);
  });

  it('copies only the view of a larger buffer, and is about a third of the JSON text', () => {
    const batch = Float32Array.from({ length: 40 }, (_, i) => i / 7);
    const row: Tensor = { name: 'input', datatype: 'FP32', shape: [1, 10], data: batch.subarray(10, 20) };
    const stored = encodeTensorLog([row]) as Uint8Array;
    expect(decodeTensorLog(stored)[0]?.data).toEqual(Array.from(batch.subarray(10, 20)));
    expect(stored.length * 3).toBeLessThan(JSON.stringify(toLoggedTensors([row])).length);
  });

  it('takes plain values in their JSON form, and keeps the JSON text when bytes would not read back the same', () => {
    const plain: Tensor[] = [
      { name: 'x', datatype: 'FP32', shape: [3], data: [0.5, Number.NaN, -2] },
      { name: 'id', datatype: 'INT64', shape: [2], data: [3, -4] },
      { name: 'ok', datatype: 'BOOL', shape: [2], data: [1, 0] },
    ];
    expect(encodeTensorLog(plain)).toBeInstanceOf(Uint8Array);
    expect(decodeTensorLog(encodeTensorLog(plain))).toEqual(toLoggedTensors(plain));
    // 0.1 is no FP32 value, 300 no UINT8 one, 1.5 no integer: the JSON text keeps what was logged.
    for (const tensor of [
      { name: 'x', datatype: 'FP32', shape: [1], data: [0.1] },
      { name: 'u', datatype: 'UINT8', shape: [1], data: [300] },
      { name: 'i', datatype: 'INT64', shape: [1], data: [1.5] },
      { name: 'n'.repeat(70_000), datatype: 'FP32', shape: [1], data: Float32Array.of(1) },
    ] as Tensor[]) {
      const stored = encodeTensorLog([tensor]);
      expect(typeof stored).toBe('string');
      expect(decodeTensorLog(stored)).toEqual(toLoggedTensors([tensor]));
    }
  });

  it('reads JSON text logged before the binary form, as text or as its UTF-8 bytes', () => {
    const logged = [{ name: 'x', datatype: 'FP32', shape: [1], data: [1.25] }];
    expect(decodeTensorLog(JSON.stringify(logged))).toEqual(logged);
    expect(decodeTensorLog(new TextEncoder().encode(JSON.stringify(logged)))).toEqual(logged);
    expect(() => decodeTensorLog(Uint8Array.of(0, 9, 0, 0))).toThrow(/version 9/);
  });

  it('grows its buffer for tensors larger than it', () => {
    const big: Tensor = { name: 'image', datatype: 'FP64', shape: [1, 20_000], data: Float64Array.from({ length: 20_000 }, (_, i) => i * 0.5) };
    const labels: Tensor = { name: 'tags', datatype: 'BYTES', shape: [3_000], data: Array.from({ length: 3_000 }, (_, i) => `tag-${i}-✓`) };
    const stored = encodeTensorLog([big, labels]);
    expect(decodeTensorLog(stored)).toEqual(toLoggedTensors([big, labels]));
    // A small one after it still reads back whole (the buffer is reused, never shared with results).
    const small = encodeTensorLog([{ name: 'z', datatype: 'INT32', shape: [1], data: Int32Array.of(42) }]);
    expect(decodeTensorLog(stored)).toEqual(toLoggedTensors([big, labels]));
    expect(decodeTensorLog(small)).toEqual([{ name: 'z', datatype: 'INT32', shape: [1], data: [42] }]);
  });
});
