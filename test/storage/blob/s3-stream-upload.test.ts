import { describe, expect, it } from 'vitest';
import { partSizeAt } from '../../../src/storage/blob/s3-stream-upload.js';

describe('partSizeAt', () => {
  const mib = 1024 * 1024;

  it('keeps the base part size for the first 2,000 parts, then doubles it every 2,000 parts', () => {
    expect(partSizeAt(1, 5 * mib)).toBe(5 * mib);
    expect(partSizeAt(2000, 5 * mib)).toBe(5 * mib);
    expect(partSizeAt(2001, 5 * mib)).toBe(10 * mib);
    expect(partSizeAt(10_000, 5 * mib)).toBe(80 * mib);
  });

  it('reaches hundreds of GiB within S3s 10,000 parts', () => {
    let total = 0;
    for (let part = 1; part <= 10_000; part++) total += partSizeAt(part, 5 * mib);
    expect(total / 1024 ** 3).toBeGreaterThan(300);
  });
});
