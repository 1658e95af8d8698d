/**
 * A map whose entries are forgotten `maxAgeMs` after they were stored. The inference path keeps
 * deployment revisions and alias targets here for at most a second, so a request does not cost a
 * database round trip for what almost never changes, while a replica still sees a new revision or
 * a moved alias within that time (docs/serving.md, "Lookups"). Concurrent misses for one key share
 * one lookup; a failed lookup is not kept.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: Promise<V>; expires: number }>();

  constructor(
    private readonly maxAgeMs: number,
    private readonly now: () => number = Date.now,
    /** Entries kept at most; the oldest go first (a guard against unbounded keys, e.g. unknown names). */
    private readonly maxEntries = 10_000,
  ) {}

  get(key: string, lookup: () => Promise<V>): Promise<V> {
    if (this.maxAgeMs <= 0) return lookup();
    const now = this.now();
    const hit = this.entries.get(key);
    if (hit && hit.expires > now) return hit.value;
    const value = lookup();
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    const entry = { value, expires: now + this.maxAgeMs };
    this.entries.set(key, entry);
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return value;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
