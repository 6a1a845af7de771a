/**
 * A bounded set of recently seen keys with a time to live: Slack redelivers events (retries, and the
 * same message as both app_mention and message.im), and each must be answered once. Bounded so that a
 * flood of distinct ids cannot grow memory: the oldest keys are dropped first.
 */
export class SeenSet {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly ttlMs = 10 * 60_000,
    private readonly maxSize = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** True the first time a key is offered within the TTL; false for a repeat. */
  firstTime(key: string): boolean {
    const now = this.now();
    this.evict(now);
    const expiry = this.seen.get(key);
    if (expiry !== undefined && expiry > now) return false;
    this.seen.delete(key);
    this.seen.set(key, now + this.ttlMs);
    while (this.seen.size > this.maxSize) this.seen.delete(this.seen.keys().next().value!);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  /** Map iteration is insertion order, and every key has the same TTL: expired keys are at the front. */
  private evict(now: number): void {
    for (const [key, expiry] of this.seen) {
      if (expiry > now) break;
      this.seen.delete(key);
    }
  }
}
