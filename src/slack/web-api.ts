import type { webApi } from '@slack/bolt';

type WebClientOptions = NonNullable<ConstructorParameters<typeof webApi.WebClient>[1]>;
type FetchFunction = NonNullable<WebClientOptions['fetch']>;

/** Each Web API call waits at most this long (the client's own default is none). */
export const API_TIMEOUT_MS = 10_000;

/**
 * Whether calls to Slack are going through: the last result of each call, remembered so that /healthz can say
 * "degraded" while Slack is failing or stalled, and say so within one timeout.
 */
export class ApiHealth {
  private consecutiveFailures = 0;
  private lastFailureAt = 0;

  constructor(private readonly now: () => number = Date.now) {}

  ok(): void {
    this.consecutiveFailures = 0;
  }

  failed(): void {
    this.consecutiveFailures++;
    this.lastFailureAt = this.now();
  }

  /** Failing: the last call failed (timed out, refused, 5xx) and nothing has succeeded since. */
  get failing(): boolean {
    return this.consecutiveFailures > 0 && this.now() - this.lastFailureAt < 5 * 60_000;
  }

  get failures(): number {
    return this.consecutiveFailures;
  }

  /** A fetch that reports each response or failure here (HTTP 429 counts as answered: Slack is up). */
  fetch(inner: FetchFunction = globalThis.fetch as unknown as FetchFunction): FetchFunction {
    return async (url, init) => {
      try {
        const res = await inner(url, init);
        if (res.status >= 500) this.failed();
        else this.ok();
        return res;
      } catch (error) {
        this.failed();
        throw error;
      }
    };
  }
}

/**
 * Web API client options: a timeout on every call and bounded retries (three tries within about ten seconds,
 * not the client's default of ten over half an hour), so a stalled Slack neither fills the client's queue
 * nor keeps a reply waiting for minutes; every response feeds ApiHealth.
 */
export function webClientOptions(apiUrl: string | undefined, health: ApiHealth, timeoutMs = API_TIMEOUT_MS): WebClientOptions {
  return {
    ...(apiUrl ? { slackApiUrl: apiUrl } : {}),
    timeout: timeoutMs,
    retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 4000, randomize: true },
    fetch: health.fetch(),
  };
}
