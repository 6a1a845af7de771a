import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/app/metrics.js';
import { sample } from '../support/metrics.js';

/** The gauges and counters read at scrape time (issue #18): lanes, work queue, store. */
describe('metrics read at scrape time', () => {
  it('lane depth and sheds, queue depth, store up and pending writes follow their sources', async () => {
    const metrics = createMetrics();
    const lanes = { quick: { running: 0, waiting: 0, shed: 0 }, slow: { running: 2, waiting: 1, shed: 3 } };
    let store = { store: 'postgres', reachable: true, pending: 0 };
    metrics.watch({ lanes: () => lanes, queue: () => ({ running: 4, waiting: 5 }), store: () => store });
    let page = (await metrics.scrape()).body;
    expect(sample(page, 'netbot_lane_depth', { lane: 'slow', state: 'running' })).toBe(2);
    expect(sample(page, 'netbot_lane_depth', { lane: 'slow', state: 'waiting' })).toBe(1);
    expect(sample(page, 'netbot_lane_shed_total', { lane: 'slow' })).toBe(3);
    expect(sample(page, 'netbot_queue_depth', { state: 'waiting' })).toBe(5);
    expect(sample(page, 'netbot_store_up', { store: 'postgres' })).toBe(1);

    lanes.slow.shed = 5;
    store = { store: 'postgres', reachable: false, pending: 7 };
    page = (await metrics.scrape()).body;
    expect(sample(page, 'netbot_lane_shed_total', { lane: 'slow' })).toBe(5);
    expect(sample(page, 'netbot_store_up', { store: 'postgres' })).toBe(0);
    expect(sample(page, 'netbot_store_pending_writes')).toBe(7);
  });

  it('two bots in one process keep separate counts and share the process metrics', async () => {
    const a = createMetrics();
    const b = createMetrics();
    a.outbox.owed();
    a.outbox.settled('lost');
    const [pageA, pageB] = [(await a.scrape()).body, (await b.scrape()).body];
    expect(sample(pageA, 'netbot_outbox_owed_total')).toBe(1);
    expect(sample(pageA, 'netbot_outbox_settled_total', { state: 'lost' })).toBe(1);
    expect(sample(pageB, 'netbot_outbox_owed_total')).toBe(0);
    expect(pageB).toContain('process_cpu_user_seconds_total');
  });
});
