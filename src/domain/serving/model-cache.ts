/** What the cache needs of a loaded model: how much memory it is expected to hold, and a way to free it. */
export interface CachedModel {
  readonly estimatedMemoryBytes: number;
  release(): Promise<void>;
}

export interface ModelCacheOptions<M extends CachedModel> {
  /** Total estimated memory of the models kept loaded. */
  budgetBytes: number;
  /** Loads the model a key names; called once per key while it stays cached. */
  load(key: string): Promise<M>;
  /** A release that failed (the model is dropped from the cache either way). */
  onReleaseError?: (key: string, error: unknown) => void;
  /** Told of every load that succeeded, with its wall time (reading the file included). */
  onLoaded?: (key: string, model: M, loadMs: number) => void;
  /** Told of every model evicted to stay within the budget. */
  onEvicted?: (key: string, model: M) => void;
  /** Epoch milliseconds for `loadedAt` and `lastUsedAt`; Date.now by default. */
  now?: () => number;
}

/** A loaded model and what the cache knows of it. */
export interface CacheEntry<M> {
  key: string;
  model: M;
  loadMs: number;
  /** Epoch milliseconds. */
  loadedAt: number;
  lastUsedAt: number;
}

/**
 * Loaded models by key (e.g. model name and version), under a memory budget. Concurrent first calls
 * for one key share one load; when the loaded models exceed the budget, the least recently used are
 * released first. A model in use when evicted keeps working for the runs already holding it: its
 * release waits for nothing, so callers must tolerate INVALID_STATE from a released model by
 * asking again (the next `get` loads it anew). The model just loaded is never evicted by its own
 * load, so one model larger than the budget still serves.
 */
export class ModelCache<M extends CachedModel> {
  // Map iteration order is insertion order: re-inserting on use keeps the least recent first.
  private readonly loaded = new Map<string, CacheEntry<M>>();
  private readonly loading = new Map<string, Promise<M>>();
  private usedBytes = 0;
  private readonly now: () => number;

  constructor(private readonly options: ModelCacheOptions<M>) {
    this.now = options.now ?? Date.now;
  }

  async get(key: string): Promise<M> {
    const hit = this.loaded.get(key);
    if (hit) {
      this.loaded.delete(key);
      this.loaded.set(key, hit);
      hit.lastUsedAt = this.now();
      return hit.model;
    }
    const pending = this.loading.get(key);
    if (pending) return pending;
    const load = this.loadOnce(key);
    this.loading.set(key, load);
    return load;
  }

  /** Whether the key's model is loaded now (a load in progress does not count); does not count as a use. */
  has(key: string): boolean {
    return this.loaded.has(key);
  }

  /** The loaded models, least recently used first. */
  entries(): CacheEntry<M>[] {
    return [...this.loaded.values()].map((entry) => ({ ...entry }));
  }

  /** Estimated memory of the loaded models. */
  get memoryBytes(): number {
    return this.usedBytes;
  }

  /** Releases every loaded model (shutdown). */
  async clear(): Promise<void> {
    const all = [...this.loaded.values()];
    this.loaded.clear();
    this.usedBytes = 0;
    await Promise.all(all.map((entry) => this.release(entry.key, entry.model)));
  }

  private async loadOnce(key: string): Promise<M> {
    try {
      const started = performance.now();
      const model = await this.options.load(key);
      const loadMs = performance.now() - started;
      const loadedAt = this.now();
      this.loaded.set(key, { key, model, loadMs, loadedAt, lastUsedAt: loadedAt });
      this.usedBytes += model.estimatedMemoryBytes;
      this.options.onLoaded?.(key, model, loadMs);
      await this.evict(key);
      return model;
    } finally {
      // A failed load is not remembered: the next call tries again.
      this.loading.delete(key);
    }
  }

  private async evict(keep: string): Promise<void> {
    const victims: CacheEntry<M>[] = [];
    for (const entry of this.loaded.values()) {
      if (this.usedBytes <= this.options.budgetBytes) break;
      if (entry.key === keep) continue;
      this.loaded.delete(entry.key);
      this.usedBytes -= entry.model.estimatedMemoryBytes;
      victims.push(entry);
      this.options.onEvicted?.(entry.key, entry.model);
    }
    await Promise.all(victims.map((entry) => this.release(entry.key, entry.model)));
  }

  private async release(key: string, model: M): Promise<void> {
    try {
      await model.release();
    } catch (error) {
      this.options.onReleaseError?.(key, error);
    }
  }
}
