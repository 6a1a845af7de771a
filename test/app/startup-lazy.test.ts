import { describe, expect, it } from 'vitest';
import { COMMAND_ENTRIES } from '../../src/app/command-index.js';
import { extendServices, makeServices } from '../../src/app/make-services.js';
import { deferredMetrics } from '../../src/app/metrics-deferred.js';
import type { SearchEngine } from '../../src/search/engine.js';
import { testKnowledge } from '../support/services.js';
import { sample } from '../support/metrics.js';

/** What a start defers until the bot is ready (issue #18), and what must not be lost or loaded early meanwhile. */
describe('deferred at start', () => {
  it('metrics observed before prom-client is loaded are kept, in order, and counted once it is', async () => {
    const metrics = deferredMetrics();
    metrics.requests.request('slash', 'ok');
    metrics.requests.request('slash', 'ok');
    metrics.requests.acked('slash', 0.002);
    metrics.outbox.owed();
    metrics.observers.answered('answer', false);
    metrics.watch({ queue: () => ({ running: 1, waiting: 2 }) });
    await metrics.load();
    metrics.requests.request('slash', 'ok');
    const page = (await metrics.scrape()).body;
    expect(sample(page, 'netbot_requests_total', { kind: 'slash', outcome: 'ok' })).toBe(3);
    expect(sample(page, 'netbot_ack_seconds_count', { kind: 'slash' })).toBe(1);
    expect(sample(page, 'netbot_outbox_owed_total')).toBe(1);
    expect(sample(page, 'netbot_answers_total', { band: 'answer' })).toBe(1);
    expect(sample(page, 'netbot_queue_depth', { state: 'waiting' })).toBe(2);
  });

  it('a scrape before load() loads the metrics itself', async () => {
    const metrics = deferredMetrics();
    metrics.requests.request('event', 'ok');
    expect(sample((await metrics.scrape()).body, 'netbot_requests_total', { kind: 'event', outcome: 'ok' })).toBe(1);
  });

  it('services extended for Slack still make their search on first use, once, shared with the services they came from', () => {
    let made = 0;
    const base = makeServices(testKnowledge(), {}, () => (made++, {} as SearchEngine));
    const extended = extendServices(base, { lanes: undefined });
    expect(made).toBe(0);
    expect(extended.kb).toBe(base.kb);
    const search = extended.search;
    expect(made).toBe(1);
    expect(base.search).toBe(search);
    expect(made).toBe(1);
  });

  it('the commands\' index says what each loaded command says about reading live data (dispatch and the Home tab use the index)', async () => {
    const samples = [[], ['5'], ['i-bp67acfmxazb4ph7ts1q'], ['vpc', 'i-abc'], ['eni-no-ip-in-os'], ['8.8.8.8']];
    for (const entry of COMMAND_ENTRIES) {
      const def = await entry.load();
      expect(def.name).toBe(entry.name);
      expect(def.strings).toBe(entry.strings);
      for (const tokens of samples) expect(entry.readsInfrastructure?.(tokens) ?? false, `${entry.name} ${tokens.join(' ')}`).toBe(def.readsInfrastructure?.(tokens) ?? false);
    }
  });
});
