import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge, type KnowledgeBase } from '../../src/knowledge/load.js';
import { renderText } from '../../src/render/text.js';
import { buildReport, type Report } from '../../src/report/build.js';
import { ReportCache } from '../../src/report/cache.js';
import { reportBlocks } from '../../src/slack/report.js';
import { NOW, question, rows, SINCE } from './fixtures.js';

let kb: KnowledgeBase;
beforeAll(() => {
  kb = loadKnowledge();
});

/** A computation the test finishes (or fails) when it wants, counting how often it was started. */
function gated() {
  let calls = 0;
  const pending: Array<{ resolve: (r: Report) => void; reject: (e: Error) => void }> = [];
  let started: () => void = () => {};
  const compute = () => {
    calls++;
    started();
    return new Promise<Report>((resolve, reject) => pending.push({ resolve, reject }));
  };
  // The cache starts a computation on the next microtask: wait (a few turns of it) for one to be pending.
  const next = async () => {
    for (let turn = 0; !pending.length && turn < 100; turn++) await Promise.resolve();
    if (!pending.length) throw new Error('no computation was started');
    return pending.shift()!;
  };
  return {
    compute,
    calls: () => calls,
    /** Resolves when the next computation starts. */
    nextStart: () => new Promise<void>((r) => (started = r)),
    finish: async (report: Report) => (await next()).resolve(report),
    fail: async (message: string) => (await next()).reject(new Error(message)),
  };
}

const reportAt = (now: Date, text = 'how much is aws s3'): Report => buildReport(rows({ questions: [question(text, { band: 'decline' })] }), { since: SINCE, now, kb });
const MIN = 60_000;

describe('ReportCache', () => {
  it('runs one computation at a time: a second request while computing waits for the same one', async () => {
    const g = gated();
    const cache = new ReportCache({ compute: g.compute });
    const first = cache.refresh();
    const second = cache.refresh();
    expect(second).toBe(first);
    expect(cache.current().refreshing).toBe(first);
    await Promise.resolve();
    expect(g.calls()).toBe(1);
    expect(cache.computing).toBe(true);
    const report = reportAt(NOW);
    await g.finish(report);
    const [a, b] = await Promise.all([first, second]);
    expect(a).toBe(b);
    expect(a.report).toBe(report);
    expect(cache.latest()).toEqual({ report, computedAt: NOW });
    expect(cache.computing).toBe(false);
    // Once done, the next refresh is a new computation.
    void cache.refresh();
    await Promise.resolve();
    expect(g.calls()).toBe(2);
  });

  it('serves its copy at once whatever its age, and starts a refresh when the copy is older than the interval', async () => {
    const g = gated();
    let now = NOW.getTime();
    const cache = new ReportCache({ compute: g.compute, refreshMs: 10 * MIN, now: () => now });
    expect(cache.current()).toEqual({ refreshing: expect.any(Promise) }); // nothing yet: computing
    await g.finish(reportAt(NOW));
    await cache.current().refreshing;
    now += 9 * MIN;
    expect(cache.current()).toEqual({ copy: cache.latest() }); // recent: no computation
    expect(g.calls()).toBe(1);
    now += 2 * MIN;
    const stale = cache.current();
    expect(stale.copy?.computedAt).toEqual(NOW); // the old copy, shown meanwhile
    expect(stale.refreshing).toBeDefined();
    expect(cache.ageOf(stale.copy!)).toBe(11 * MIN);
    await Promise.resolve();
    expect(g.calls()).toBe(2);
  });

  it('tells each waiting key once when the computation ends, and keeps the old copy when it fails', async () => {
    const g = gated();
    const warnings: string[] = [];
    const cache = new ReportCache({ compute: g.compute, warn: (m) => warnings.push(m) });
    void cache.refresh();
    const told: string[] = [];
    cache.whenDone('home:U1', () => told.push('first open'));
    cache.whenDone('home:U1', (copy) => told.push(`U1 ${copy ? 'copy' : 'none'}`));
    cache.whenDone('slash:t2', (copy) => told.push(`t2 ${copy ? 'copy' : 'none'}`));
    await g.finish(reportAt(NOW));
    await cache.current().refreshing;
    await Promise.resolve();
    expect(told).toEqual(['U1 copy', 't2 copy']);

    const failing = cache.refresh();
    cache.whenDone('home:U1', (copy) => told.push(`after failure: ${copy ? 'copy' : 'none'}`));
    await g.fail('connect ECONNREFUSED 127.0.0.1:5432');
    await expect(failing).rejects.toThrow('ECONNREFUSED');
    expect(told.at(-1)).toBe('after failure: none');
    expect(cache.latest()?.computedAt).toEqual(NOW);
    const again = cache.refresh();
    await g.fail('connect ECONNREFUSED 127.0.0.1:5432');
    await expect(again).rejects.toThrow();
    expect(warnings).toEqual(['report not refreshed: connect ECONNREFUSED 127.0.0.1:5432']); // once a minute at most
  });

  it('refreshes on a schedule until stopped', async () => {
    const g = gated();
    const cache = new ReportCache({ compute: g.compute, refreshMs: 5 });
    const first = g.nextStart();
    cache.start(0);
    await first;
    const second = g.nextStart();
    await g.finish(reportAt(NOW));
    await second; // the next one, refreshMs later
    cache.stop();
    await g.finish(reportAt(NOW));
    await Promise.resolve();
    expect(g.calls()).toBe(2);
  });
});

describe('the report in Slack, from the copy', () => {
  const deps = (cache: ReportCache) => ({ recorder: { recording: true }, report: cache }) as unknown as Parameters<typeof reportBlocks>[0];

  it('shows the copy with its age, and a fresh copy, once computed, to whoever asked for it', async () => {
    const g = gated();
    let now = NOW.getTime() + 3 * MIN;
    const cache = new ReportCache({ compute: g.compute, refreshMs: 10 * MIN, now: () => now });
    const shown: string[] = [];
    const later = (key: string) => ({ key, show: (blocks: Parameters<typeof renderText>[0]['blocks']) => shown.push(renderText({ blocks })) });
    // Nothing computed yet: "computing", and the report follows.
    expect(renderText({ blocks: reportBlocks(deps(cache), 'en', { later: later('a') }) })).toContain('Computing the report');
    await g.finish(reportAt(NOW));
    await cache.current().refreshing;
    await Promise.resolve();
    expect(shown).toHaveLength(1);
    expect(shown[0]).toContain('Computed 3 min ago (2026-11-26 12:00 UTC), refreshed every 10 min');
    expect(shown[0]).toContain('“how much is aws s3” ×1');

    now += 60 * MIN;
    const zh = renderText({ blocks: reportBlocks(deps(cache), 'zh', { later: later('b') }) });
    expect(zh).toContain('统计于 63 分钟前（2026-11-26 12:00 UTC）');
    expect(zh).toContain('正在重新统计');
    await g.finish(reportAt(new Date(now), 'gpu 实例价格'));
    await Promise.resolve();
    await Promise.resolve();
    expect(shown[1]).toContain('统计于 0 分钟前');
    expect(shown[1]).toContain('gpu 实例价格');

    // `refresh` recomputes a recent copy.
    expect(renderText({ blocks: reportBlocks(deps(cache), 'en', { refresh: true, later: later('c') }) })).toContain('A fresh copy is being computed');
    await Promise.resolve();
    expect(g.calls()).toBe(3);
  });
});
