import { MAX_SKEW_SECONDS } from './verify.js';

export type ReplayVerdict = 'fresh' | 'replay' | 'full';

/**
 * The signatures of signed requests, remembered for exactly as long as they could be replayed. Slack signs
 * "v0:<timestamp>:<body>" and verify.ts accepts a timestamp within MAX_SKEW_SECONDS of now (either way), so a
 * captured request can be replayed only while its timestamp is in that window: its signature is kept until
 * then and not a moment longer. Signatures sit in buckets by timestamp (`bucketSeconds` wide); a bucket goes
 * as a whole once every timestamp in it is out of the window. Memory is therefore bounded by one window's
 * genuine traffic (forged requests never get here: they fail verification first), and by `maxEntries` beyond
 * that: a full guard answers 'full' (the caller says "busy") rather than forget a signature still replayable,
 * which was how the previous bounded set let a replay through after 50,000 other requests (issue #16).
 */
export class ReplayGuard {
  private readonly buckets = new Map<number, Set<string>>();
  private count = 0;

  constructor(
    private readonly maxEntries = 200_000,
    private readonly windowSeconds = MAX_SKEW_SECONDS,
    private readonly bucketSeconds = 10,
  ) {}

  /**
   * For a verified request: 'fresh' the first time its signature is offered, 'replay' for every later offer
   * while it is still valid, 'full' when a new signature finds no room.
   */
  check(signature: string, timestamp: number, nowSeconds: number): ReplayVerdict {
    this.expire(nowSeconds);
    // 128 bits of the HMAC are as unique as all 256 (nobody without the secret can aim for a collision).
    const key = signature.slice(0, 35);
    const id = Math.floor(timestamp / this.bucketSeconds);
    let bucket = this.buckets.get(id);
    if (bucket?.has(key)) return 'replay';
    if (this.count >= this.maxEntries) return 'full';
    if (!bucket) this.buckets.set(id, (bucket = new Set()));
    bucket.add(key);
    this.count++;
    return 'fresh';
  }

  /** Drops each bucket whose newest possible timestamp verification would now refuse. */
  private expire(nowSeconds: number): void {
    for (const [id, bucket] of this.buckets) {
      const newest = (id + 1) * this.bucketSeconds - 1;
      if (nowSeconds - newest <= this.windowSeconds) continue;
      this.buckets.delete(id);
      this.count -= bucket.size;
    }
  }

  /** How many signatures are held (for tests and /healthz). */
  get size(): number {
    return this.count;
  }
}
