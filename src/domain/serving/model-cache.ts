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
  private readonly loaded = new Map<string, M>();
  private readonly loading = new Map<string, Promise<M>>();
  private usedBytes = 0;

  constructor(private readonly options: ModelCacheOptions<M>) {}

  async get(key: string): Promise<M> {
    const hit = this.loaded.get(key);
    if (hit) {
      this.loaded.delete(key);
      this.loaded.set(key, hit);
      return hit;
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

  /** Keys of the loaded models, least recently used first. */
  keys(): string[] {
    return [...this.loaded.keys()];
  }

  /** Estimated memory of the loaded models. */
  get memoryBytes(): number {
    return this.usedBytes;
  }

  /** Releases every loaded model (shutdown). */
  async clear(): Promise<void> {
    const all = [...this.loaded.entries()];
    this.loaded.clear();
    this.usedBytes = 0;
    await Promise.all(all.map(([key, model]) => this.release(key, model)));
  }

  private async loadOnce(key: string): Promise<M> {
    try {
      const model = await this.options.load(key);
      this.loaded.set(key, model);
      this.usedBytes += model.estimatedMemoryBytes;
      await this.evict(key);
      return model;
    } finally {
      // A failed load is not remembered: the next call tries again.
      this.loading.delete(key);
    }
  }

  private async evict(keep: string): Promise<void> {
    const victims: [string, M][] = [];
    for (const [key, model] of this.loaded) {
      if (this.usedBytes <= this.options.budgetBytes) break;
      if (key === keep) continue;
      this.loaded.delete(key);
      this.usedBytes -= model.estimatedMemoryBytes;
      victims.push([key, model]);
    }
    await Promise.all(victims.map(([key, model]) => this.release(key, model)));
  }

  private async release(key: string, model: M): Promise<void> {
    try {
      await model.release();
    } catch (error) {
      this.options.onReleaseError?.(key, error);
    }
  }
}
