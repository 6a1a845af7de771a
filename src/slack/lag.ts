import { performance } from 'node:perf_hooks';

/** Where the front door reads the event loop's lag (ms); tests inject their own. */
export interface LagSource {
  lagMs(): number;
}

/**
 * How late the event loop runs, smoothed, read cheaply at every request. A timer due every `intervalMs` notes how
 * late it fired and folds that into a moving average (each reading weighs `weight`); a turn still running counts
 * as the reading the timer would make if it fired now, so a request read at the end of long turns sees them at
 * once. Smoothed, one pause (a GC, the machine's other work) is absorbed; turns that keep running long (more
 * arriving than the bot can do, so every ack behind them is late) lift it within a few turns. Late acks come
 * from a busy loop: shedding on lag says "busy" while saying it is still cheap (issue #18).
 */
export class LagSampler implements LagSource {
  private last = performance.now();
  private smoothed = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly intervalMs = 20,
    private readonly weight = 0.3,
  ) {}

  start(): void {
    if (this.timer) return;
    this.last = performance.now();
    this.timer = setInterval(() => {
      const now = performance.now();
      this.smoothed = this.fold(now - this.last - this.intervalMs);
      this.last = now;
    }, this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The smoothed lag (ms), counting the turn under way if the timer is overdue; 0 when not started. */
  lagMs(): number {
    if (!this.timer) return 0;
    return Math.max(this.smoothed, this.fold(performance.now() - this.last - this.intervalMs));
  }

  private fold(lateMs: number): number {
    return this.weight * Math.max(0, lateMs) + (1 - this.weight) * this.smoothed;
  }
}
