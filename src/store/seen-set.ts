import { TtlCache } from '../util/ttl-cache.js';

/**
 * A bounded set of recently seen keys with a time to live: Slack redelivers events (retries, and the
 * same message as both app_mention and message.im), and each must be answered once. Bounded so that a
 * flood of distinct ids cannot grow memory: the oldest keys are dropped first.
 */
export class SeenSet {
  private readonly keys: TtlCache<true>;

  constructor(ttlMs = 10 * 60_000, maxSize = 10_000, now: () => number = Date.now) {
    this.keys = new TtlCache(ttlMs, maxSize, now);
  }

  /** True the first time a key is offered within the TTL; false for a repeat (which does not extend it). */
  firstTime(key: string): boolean {
    if (this.keys.get(key)) return false;
    this.keys.set(key, true);
    return true;
  }

  get size(): number {
    return this.keys.size;
  }
}
