import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsServer, type FakeDns } from '../support/dns-server.js';
import { sample, scrape, until } from '../support/metrics.js';
import { CHANNEL, Harness, USER } from './harness.js';

/**
 * Issue #18, metrics: the bot's own /metrics, scraped over loopback while real requests go through the real
 * HTTP front door, Bolt, the lanes, the outbox (to a fake Slack), the store (SQLite) and DNS (a loopback server).
 */
let dns: FakeDns;
let h: Harness;
beforeAll(async () => {
  dns = await startDnsServer({ zone: { '10.2.0.192.in-addr.arpa': [{ type: 'PTR', value: 'mail.example.com' }], 'mail.example.com': [{ type: 'A', value: '192.0.2.10' }] } });
  h = await new Harness({ NETBOT_DNS_SERVER: dns.address }).start();
}, 20_000);
afterAll(async () => {
  await h?.stop();
  await dns?.close();
});

const page = () => scrape(h.base);
/** Waits until the sample has grown by `by` over `before`, and returns the page. */
const grows = (name: string, labels: Record<string, string>, before: number, by = 1) => until(page, (p) => sample(p, name, labels) >= before + by);

let tsCounter = 0;
const nextTs = () => `1740000000.${String(++tsCounter).padStart(6, '0')}`;

describe('/metrics', () => {
  it('is Prometheus text, unsigned like /healthz, with process metrics and the store up', async () => {
    const cpuBefore = process.cpuUsage();
    const res = await fetch(`${h.base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toContain('# TYPE netbot_requests_total counter');
    expect(text).toContain('# TYPE netbot_reply_seconds histogram');
    // CPU since the process started, not since the first scrape (the bot and this test share one process).
    expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThanOrEqual(cpuBefore.user / 1e6);
    expect(sample(text, 'process_cpu_seconds_total')).toBeGreaterThanOrEqual((cpuBefore.user + cpuBefore.system) / 1e6);
    expect(sample(text, 'netbot_store_up', { store: 'sqlite' })).toBe(1);
    expect(text).toMatch(/^netbot_lane_depth\{lane="slow",state="waiting"\} 0$/m);
    expect(text).toMatch(/^netbot_store_pending_writes \d+$/m);
  });

  it('a slash command counts a command request, its ack and reply latency, and its delivery', async () => {
    const before = await page();
    const res = await h.command('/ecs-bw', '5M');
    expect(res.status).toBe(200);
    await h.fake.waitForResponse(res.id);
    const after = await grows('netbot_requests_total', { kind: 'command', outcome: 'ok' }, sample(before, 'netbot_requests_total', { kind: 'command', outcome: 'ok' }));
    const grew = (name: string, labels: Record<string, string> = {}) => sample(after, name, labels) - sample(before, name, labels);
    expect(grew('netbot_ack_seconds_count', { kind: 'command' })).toBe(1);
    expect(grew('netbot_reply_seconds_count', { kind: 'command' })).toBe(1);
    expect(grew('netbot_outbox_owed_total')).toBe(1);
    expect(grew('netbot_outbox_settled_total', { state: 'delivered' })).toBe(1);
    expect(grew('netbot_requests_total', { kind: 'event', outcome: 'ok' })).toBe(0);
  });

  it('answers count by band: a declined question is band none', async () => {
    const before = sample(await page(), 'netbot_answers_total', { band: 'none' });
    const res = await h.command('/ecs-ask', 'how to cook rice in a wok');
    await h.fake.waitForResponse(res.id);
    await grows('netbot_answers_total', { band: 'none' }, before);
  });

  it('a follow-up in a thread counts as one', async () => {
    const root = nextTs();
    await h.event({ type: 'app_mention', user: USER, text: '<@UBOT> vpc实例的私网ip能改吗', ts: root, channel: CHANNEL });
    await h.fake.waitForCall('chat.postMessage', (a) => a.thread_ts === root);
    const before = await page();
    const total = (p: string) => ['answer', 'probable', 'suggest', 'none'].reduce((sum, band) => sum + sample(p, 'netbot_followups_total', { band }), 0);
    await h.event({ type: 'app_mention', user: USER, text: '<@UBOT> 要停机吗', ts: nextTs(), thread_ts: root, channel: CHANNEL });
    const after = await until(page, (p) => total(p) > total(before));
    expect(total(after) - total(before)).toBe(1);
    // Both mentions counted as event requests once their replies are out.
    await until(page, (p) => sample(p, 'netbot_requests_total', { kind: 'event', outcome: 'ok' }) >= 2);
  });

  it('DNS questions count by rcode', async () => {
    const before = sample(await page(), 'netbot_dns_queries_total', { rcode: 'NOERROR' });
    const res = await h.command('/ecs-ptr', '192.0.2.10');
    const reply = await h.fake.waitForResponse(res.id);
    expect(JSON.stringify(reply.body)).toContain('mail.example.com');
    await grows('netbot_dns_queries_total', { rcode: 'NOERROR' }, before, 2); // the PTR, then the forward check
  });

  it('a request with a bad signature counts as refused', async () => {
    const before = sample(await page(), 'netbot_requests_total', { kind: 'unknown', outcome: 'refused' });
    const res = await h.post('command=%2Fecs-bw&text=5', 'application/x-www-form-urlencoded', { secret: 'not-the-secret-0000000000000000' });
    expect(res.status).toBe(401);
    expect(sample(await page(), 'netbot_requests_total', { kind: 'unknown', outcome: 'refused' })).toBe(before + 1);
  });
});

describe('NETBOT_METRICS=off', () => {
  it('serves no /metrics', async () => {
    const off = await new Harness({ NETBOT_METRICS: 'off' }).start();
    try {
      expect((await fetch(`${off.base}/metrics`)).status).toBe(404);
      expect((await fetch(`${off.base}/healthz`)).status).toBe(200);
    } finally {
      await off.stop();
    }
  });
});
