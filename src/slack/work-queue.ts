/**
 * The bot's work after each ack, bounded: at most `concurrency` tasks run at once and at most `maxWaiting`
 * wait. A request that finds it full is shed at once with an honest "busy" (see receiver.ts) instead of
 * joining a line so long that every ack behind it is late. Also what a shutdown waits for.
 */
export class WorkQueue {
  private running = 0;
  private readonly waiting: Array<() => Promise<void>> = [];
  private idleWaiters: Array<() => void> = [];

  constructor(
    readonly concurrency = 16,
    readonly maxWaiting = 256,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  get full(): boolean {
    return this.running >= this.concurrency && this.waiting.length >= this.maxWaiting;
  }

  /** Queues a task; false (and nothing queued) when full. */
  offer(task: () => Promise<void>): boolean {
    if (this.full) return false;
    if (this.running < this.concurrency) this.run(task);
    else this.waiting.push(task);
    return true;
  }

  /** Resolves true once nothing runs or waits, false if that takes longer than timeoutMs. */
  drain(timeoutMs: number): Promise<boolean> {
    if (this.running === 0 && this.waiting.length === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.idleWaiters = this.idleWaiters.filter((w) => w !== done);
        resolve(false);
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.idleWaiters.push(done);
    });
  }

  private run(task: () => Promise<void>): void {
    this.running++;
    // Start on the next turn of the event loop: requests already waiting are read and acked first.
    new Promise<void>((resolve) => setImmediate(resolve))
      .then(task)
      .catch(this.onError)
      .finally(() => {
        this.running--;
        const next = this.waiting.shift();
        if (next) this.run(next);
        else if (this.running === 0) for (const waiter of this.idleWaiters.splice(0)) waiter();
      });
  }
}
