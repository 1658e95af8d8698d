import { describe, expect, it } from 'vitest';
import { timeOrderedId } from '../../../src/domain/predictions/prediction-id.js';

describe('prediction ids', () => {
  it('are version 7 UUIDs that carry their time in the first 48 bits', () => {
    const id = timeOrderedId(Date.UTC(2026, 10, 27, 17, 40));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(Date.UTC(2026, 10, 27, 17, 40));
  });

  it('sort by time, and never repeat across many made in the same millisecond', () => {
    const ids = Array.from({ length: 5_000 }, (_, i) => timeOrderedId(1_000_000 + Math.floor(i / 1_000)));
    expect(new Set(ids).size).toBe(ids.length);
    const firstOfEach = [0, 1_000, 2_000, 3_000, 4_000].map((i) => ids[i] as string);
    expect([...firstOfEach].sort()).toEqual(firstOfEach);
  });
});
