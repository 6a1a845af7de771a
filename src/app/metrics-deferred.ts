import type { BotMetrics } from './metrics.js';

/**
 * The bot's metrics with prom-client loaded later, by load() (the Slack bot calls it once it is ready): a
 * start does not wait for prom-client (about 0.1 s, issue #18). Until then every observation is kept, in
 * order, and replayed into the real registry when it is made, so no count is lost; a scrape waits for it.
 */
export function deferredMetrics(): BotMetrics & { load(): Promise<void> } {
  let real: BotMetrics | undefined;
  let loading: Promise<void> | undefined;
  const waiting: Array<(metrics: BotMetrics) => void> = [];
  const call = (use: (metrics: BotMetrics) => void) => (real ? use(real) : void waiting.push(use));
  const load = () =>
    (loading ??= import('./metrics.js').then(({ createMetrics }) => {
      const metrics = createMetrics();
      for (const use of waiting.splice(0)) use(metrics);
      real = metrics;
    }));
  return {
    load,
    observers: {
      cloudCall: (action, outcome) => call((m) => m.observers.cloudCall(action, outcome)),
      dnsQuery: (rcode) => call((m) => m.observers.dnsQuery(rcode)),
      answered: (band, followup) => call((m) => m.observers.answered(band, followup)),
    },
    requests: {
      request: (kind, outcome) => call((m) => m.requests.request(kind, outcome)),
      shed: (kind, reason) => call((m) => m.requests.shed(kind, reason)),
      acked: (kind, seconds) => call((m) => m.requests.acked(kind, seconds)),
      replied: (kind, seconds) => call((m) => m.requests.replied(kind, seconds)),
    },
    outbox: {
      owed: () => call((m) => m.outbox.owed()),
      retried: () => call((m) => m.outbox.retried()),
      settled: (state) => call((m) => m.outbox.settled(state)),
    },
    watch: (sources) => call((m) => m.watch(sources)),
    async scrape() {
      await load();
      return real!.scrape();
    },
  };
}
