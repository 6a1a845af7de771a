/**
 * A small TTL cache with a size bound (oldest entry out first), for the facts of recently asked instances:
 * a busy channel asking about one instance makes one API call per TTL, not one per message.
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
    this.entries.delete(key);
    this.entries.set(key, { value, expires: since + this.ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}
