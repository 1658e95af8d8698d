import { describe, expect, it } from 'vitest';
import { ModelCache } from '../../../src/domain/serving/model-cache.js';

class FakeModel {
  released = false;
  constructor(
    readonly key: string,
    readonly estimatedMemoryBytes: number,
  ) {}
  async release(): Promise<void> {
    this.released = true;
  }
}

function cacheOf(sizes: Record<string, number>, budgetBytes: number) {
  const loads: string[] = [];
  const gates = new Map<string, () => void>();
  const cache = new ModelCache<FakeModel>({
    budgetBytes,
    load: async (key) => {
      loads.push(key);
      if (key.startsWith('slow')) await new Promise<void>((resolve) => gates.set(key, resolve));
      if (key === 'broken') throw new Error('cannot load');
      return new FakeModel(key, sizes[key] ?? 1);
    },
  });
  return { cache, loads, open: (key: string) => gates.get(key)?.() };
}

const keysOf = (cache: ModelCache<FakeModel>) => cache.entries().map((entry) => entry.key);

describe('ModelCache', () => {
  it('loads a model once and shares that load between concurrent first calls', async () => {
    const { cache, loads, open } = cacheOf({ slow: 10 }, 100);
    const first = cache.get('slow');
    const second = cache.get('slow');
    await new Promise((resolve) => setImmediate(resolve));
    open('slow');
    const [a, b] = await Promise.all([first, second]);
    expect(a).toBe(b);
    expect(await cache.get('slow')).toBe(a);
    expect(loads).toEqual(['slow']);
    expect(cache.memoryBytes).toBe(10);
  });

  it('evicts the least recently used models when the budget is exceeded, releasing them', async () => {
    const { cache, loads } = cacheOf({ a: 40, b: 40, c: 40 }, 100);
    const a = await cache.get('a');
    const b = await cache.get('b');
    await cache.get('a'); // a is now more recent than b
    await cache.get('c');
    expect(keysOf(cache)).toEqual(['a', 'c']);
    expect(b.released).toBe(true);
    expect(a.released).toBe(false);
    expect(cache.memoryBytes).toBe(80);
    await cache.get('b');
    expect(loads).toEqual(['a', 'b', 'c', 'b']);
    expect(keysOf(cache)).toEqual(['c', 'b']);
  });

  it('reports each load with its time, each eviction, and when each model was loaded and last used', async () => {
    let now = 1_000;
    const events: string[] = [];
    const cache = new ModelCache<FakeModel>({
      budgetBytes: 100,
      load: async (key) => new FakeModel(key, 60),
      now: () => now,
      onLoaded: (key, model, loadMs) => events.push(`loaded ${key} ${model.estimatedMemoryBytes} ${loadMs >= 0}`),
      onEvicted: (key) => events.push(`evicted ${key}`),
    });
    await cache.get('a');
    now = 2_000;
    await cache.get('a');
    expect(cache.entries()).toEqual([{ key: 'a', model: expect.any(FakeModel), loadMs: expect.any(Number), loadedAt: 1_000, lastUsedAt: 2_000 }]);
    now = 3_000;
    await cache.get('b');
    expect(events).toEqual(['loaded a 60 true', 'loaded b 60 true', 'evicted a']);
    expect(cache.entries().map((e) => [e.key, e.loadedAt])).toEqual([['b', 3_000]]);
  });

  it('keeps a single model larger than the budget, evicting everything else', async () => {
    const { cache } = cacheOf({ small: 10, huge: 500 }, 100);
    const small = await cache.get('small');
    await cache.get('huge');
    expect(keysOf(cache)).toEqual(['huge']);
    expect(small.released).toBe(true);
  });

  it('forgets a failed load so the next call tries again', async () => {
    const { cache, loads } = cacheOf({}, 100);
    await expect(cache.get('broken')).rejects.toThrow('cannot load');
    await expect(cache.get('broken')).rejects.toThrow('cannot load');
    expect(loads).toEqual(['broken', 'broken']);
    expect(keysOf(cache)).toEqual([]);
  });

  it('releases every model on clear', async () => {
    const { cache } = cacheOf({ a: 1, b: 1 }, 100);
    const models = [await cache.get('a'), await cache.get('b')];
    await cache.clear();
    expect(models.every((m) => m.released)).toBe(true);
    expect(cache.memoryBytes).toBe(0);
  });
});
