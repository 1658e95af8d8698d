import { describe, expect, it } from 'vitest';
import { toLoggedTensor } from '../../../src/domain/serving/logged-tensor.js';
import { TtlCache } from '../../../src/domain/serving/ttl-cache.js';

describe('tensors in log form', () => {
  it('keeps JSON-safe values: large INT64 as decimal strings, BOOL as booleans, NaN and infinities as strings', () => {
    expect(toLoggedTensor({ name: 'id', datatype: 'INT64', shape: [3], data: BigInt64Array.from([1n, -(2n ** 53n) + 1n, 2n ** 60n]) })).toEqual({
      name: 'id',
      datatype: 'INT64',
      shape: [3],
      data: [1, -(2 ** 53) + 1, '1152921504606846976'],
    });
    expect(toLoggedTensor({ name: 'u', datatype: 'UINT64', shape: [1], data: BigUint64Array.from([2n ** 64n - 1n]) }).data).toEqual(['18446744073709551615']);
    expect(toLoggedTensor({ name: 'b', datatype: 'BOOL', shape: [2], data: Uint8Array.from([1, 0]) }).data).toEqual([true, false]);
    expect(toLoggedTensor({ name: 'x', datatype: 'FP32', shape: [1, 3], data: Float32Array.from([Number.NaN, Number.POSITIVE_INFINITY, 0.5]) }).data).toEqual(['NaN', 'Infinity', 0.5]);
    expect(toLoggedTensor({ name: 's', datatype: 'BYTES', shape: [1], data: ['hello'] }).data).toEqual(['hello']);
  });
});

describe('the lookup cache', () => {
  it('reuses a value until it is older than its lifetime, and never keeps a failure', async () => {
    let now = 0;
    let reads = 0;
    const cache = new TtlCache<number>(1000, () => now);
    const read = async () => (reads += 1);
    expect(await cache.get('k', read)).toBe(1);
    now = 999;
    expect(await cache.get('k', read)).toBe(1);
    now = 1000;
    expect(await cache.get('k', read)).toBe(2);
    await expect(cache.get('bad', async () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    await new Promise((resolve) => setImmediate(resolve));
    expect(await cache.get('bad', async () => 7)).toBe(7);
    cache.delete('k');
    expect(await cache.get('k', read)).toBe(3);
  });
});
