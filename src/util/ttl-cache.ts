/**
 * A small in-memory TTL cache with a size bound (oldest entry out first): the facts of recently asked
 * instances (a busy channel makes one API call per TTL, not one per message), and the SeenSet's keys.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; expires: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number,
  ) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.now() >= entry.expires) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Stores `value` for ttlMs from `since` (when it was fetched), so its age counts, not when it was stored. */
  set(key: string, value: V, since = this.now()): void {
    this.evictExpired();
    this.entries.delete(key);
    this.entries.set(key, { value, expires: since + this.ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  /** Map order is insertion order, and entries mostly share one TTL: the expired ones are at the front. */
  private evictExpired(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (entry.expires > now) break;
      this.entries.delete(key);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}
