import { performance } from 'node:perf_hooks';

/** Where the front door reads the event loop's lag (ms); tests inject their own. */
export interface LagSource {
  lagMs(): number;
}

/**
 * How late the event loop runs, read cheaply at every request: a timer due every `intervalMs` notes how late it
 * fired, and a turn still running is counted as it goes (the time since the timer last fired, past its
 * interval), so a request read at the end of a long turn sees that turn's lag at once, before the timer can
 * fire. Late acks come from a busy loop; shedding on lag says "busy" while saying it is still cheap (issue #18).
 */
export class LagSampler implements LagSource {
  private last = performance.now();
  private lastLag = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly intervalMs = 20) {}

  start(): void {
    if (this.timer) return;
    this.last = performance.now();
    this.timer = setInterval(() => {
      const now = performance.now();
      this.lastLag = Math.max(0, now - this.last - this.intervalMs);
      this.last = now;
    }, this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The larger of the last timer's lateness and how far the timer is overdue now; 0 when not started. */
  lagMs(): number {
    if (!this.timer) return 0;
    return Math.max(this.lastLag, performance.now() - this.last - this.intervalMs);
  }
}
