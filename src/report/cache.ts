import type { Report } from './build.js';

/**
 * The bot's copy of the gaps report (issue #16): App Home and `/ecs-ask report` show it with its age instead of
 * computing it on every request. One computation at a time (single flight: whoever asks meanwhile gets the
 * same one), refreshed on a schedule and when a request finds the copy older than the refresh interval.
 */
export interface CachedReport {
  report: Report;
  /** When the copy was computed (the end of its window). */
  computedAt: Date;
}

export interface ReportCacheOptions {
  /** Computes a fresh report (the bot: computeReport over the recorder, paced so the event loop stays free). */
  compute: () => Promise<Report>;
  /** How often the schedule refreshes, and the age from which a request starts a refresh (ms). */
  refreshMs?: number;
  now?: () => number;
  /** Told (at most once a minute) when a computation fails: the copy, if any, stays. */
  warn?: (message: string) => void;
}

export const REPORT_REFRESH_MS = 10 * 60_000;
const WARN_INTERVAL_MS = 60_000;

export class ReportCache {
  private copy: CachedReport | undefined;
  private running: Promise<CachedReport> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastWarn = -Infinity;
  /** Callers waiting for the running computation, by key: one user opening App Home ten times waits once. */
  private readonly waiters = new Map<string, (copy: CachedReport | undefined) => void>();
  readonly refreshMs: number;
  private readonly now: () => number;

  constructor(private readonly opts: ReportCacheOptions) {
    this.refreshMs = opts.refreshMs ?? REPORT_REFRESH_MS;
    this.now = opts.now ?? Date.now;
  }

  /** The last copy computed, if any. */
  latest(): CachedReport | undefined {
    return this.copy;
  }

  get computing(): boolean {
    return this.running !== undefined;
  }

  /** How old a copy is (ms). */
  ageOf(copy: CachedReport): number {
    return Math.max(0, this.now() - copy.computedAt.getTime());
  }

  /** A fresh copy: the computation already running, or a new one. Rejects when it fails (the old copy stays). */
  refresh(): Promise<CachedReport> {
    if (this.running) return this.running;
    // Started on the next microtask, so that `running` is set before anything of the computation runs.
    this.running = Promise.resolve()
      .then(() => this.opts.compute())
      .then(
        (report) => {
          this.copy = { report, computedAt: report.until };
          this.settle(this.copy);
          return this.copy;
        },
        (error: unknown) => {
          if (this.now() - this.lastWarn >= WARN_INTERVAL_MS) {
            this.lastWarn = this.now();
            this.opts.warn?.(`report not refreshed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
          }
          this.settle(undefined);
          throw error;
        },
      );
    return this.running;
  }

  private settle(copy: CachedReport | undefined): void {
    this.running = undefined;
    const waiting = [...this.waiters.values()];
    this.waiters.clear();
    for (const fn of waiting) {
      try {
        fn(copy);
      } catch {
        // A waiter's failure is its own (it logs); the others and the copy are unaffected.
      }
    }
  }

  /**
   * What to show now: the copy (whatever its age), and the refresh under way, started here when there is no
   * copy or it is older than refreshMs. Never waits.
   */
  current(): { copy?: CachedReport; refreshing?: Promise<CachedReport> } {
    const copy = this.copy;
    if (!this.running && (!copy || this.ageOf(copy) >= this.refreshMs)) this.refresh().catch(() => {});
    return { ...(copy ? { copy } : {}), ...(this.running ? { refreshing: this.running } : {}) };
  }

  /**
   * Calls `fn` once the running computation ends, with its copy (undefined if it failed); a later call with the
   * same key replaces the earlier. Without a computation running, `fn` is called at once with the copy.
   */
  whenDone(key: string, fn: (copy: CachedReport | undefined) => void): void {
    if (!this.running) fn(this.copy);
    else this.waiters.set(key, fn);
  }

  /** Refreshes every refreshMs, the first time after `firstAfterMs`; never keeps the process alive. */
  start(firstAfterMs = this.refreshMs): void {
    if (this.timer) return;
    const tick = (after: number) => {
      this.timer = setTimeout(() => {
        this.refresh()
          .catch(() => {})
          .finally(() => this.timer && tick(this.refreshMs));
      }, after);
      this.timer.unref();
    };
    tick(firstAfterMs);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
