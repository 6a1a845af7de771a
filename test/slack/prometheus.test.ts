import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prometheusBinary, startPrometheus, type Prometheus } from '../support/prometheus.js';
import { until } from '../support/metrics.js';
import { Harness } from './harness.js';

/**
 * Issue #18: a real Prometheus server scrapes the bot's /metrics over loopback (every second) and a counter
 * is read back through Prometheus's HTTP API. Skipped, saying why, where the server is not installed (CI
 * installs it and sets NETBOT_REQUIRE_PROMETHEUS=1, where its absence fails).
 */
const binary = prometheusBinary();
if ('missing' in binary) {
  if (process.env.NETBOT_REQUIRE_PROMETHEUS === '1') throw new Error(`Prometheus is required for this run: ${binary.missing}`);
  console.warn(`prometheus.test.ts skipped: ${binary.missing}`);
}

describe.skipIf('missing' in binary)('Prometheus scrapes /metrics', () => {
  let h: Harness;
  let prom: Prometheus;
  beforeAll(async () => {
    h = await new Harness().start();
    prom = await startPrometheus((binary as { path: string }).path, h.base.replace('http://', ''));
  }, 30_000);
  afterAll(async () => {
    await prom?.stop();
    await h?.stop();
  });

  it('the target is up and a command counter reads back through the query API', async () => {
    await until(() => prom.targetUp(), Boolean, 30_000);
    expect(await until(() => prom.query('up{job="netbot"}'), (v) => v === 1, 10_000)).toBe(1);
    for (const text of ['5M', '10M', '20M']) {
      const res = await h.command('/ecs-bw', text);
      await h.fake.waitForResponse(res.id);
    }
    const counted = await until(() => prom.query('sum(netbot_requests_total{kind="command",outcome="ok"})'), (v) => v === 3, 30_000);
    expect(counted).toBe(3);
    // Process metrics come along (collectDefaultMetrics).
    expect(await prom.query('process_resident_memory_bytes{job="netbot"}')).toBeGreaterThan(0);
  }, 90_000);
});
