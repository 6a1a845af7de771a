import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillReportDb } from '../../bench/report-data.js';
import { Recorder } from '../../src/store/recorder.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { silentLogger } from '../support/recorder.js';
import { Harness } from './harness.js';

/**
 * Issue #16: the gaps report is computed in the background, once however often it is asked for, and the bot
 * keeps answering meanwhile. A week of 30,000 questions each worded differently (the costliest kind), the real
 * HTTP receiver, App Home opened again and again by two maintainers while the report is being computed.
 */
const MAINTAINERS = ['U0MAINTA', 'U0MAINTB'];
const dir = mkdtempSync(join(tmpdir(), 'netbot-report-'));
let recorder: Recorder;
let computations = 0;
let h: Harness;

beforeAll(async () => {
  const path = join(dir, 'netbot.db');
  await fillReportDb(path, { questions: 30_000, now: new Date(), shape: 'flood' });
  recorder = new Recorder(new SqliteStore(path), { record: true, retentionDays: 90, unhealthyAfterMs: 60_000, logger: silentLogger });
  await recorder.start();
  const read = recorder.reportData.bind(recorder);
  recorder.reportData = (...args) => {
    computations++;
    return read(...args);
  };
  h = new Harness({ NETBOT_MAINTAINERS: MAINTAINERS.join(',') }, { recorder });
  await h.start();
}, 60_000);

afterAll(async () => {
  await h?.stop();
  await recorder?.stop();
  rmSync(dir, { recursive: true, force: true });
});

let ts = 0;
const openHome = (user: string) => h.event({ type: 'app_home_opened', user, channel: `D0${user}`, tab: 'home', ts: `1720000000.${String(++ts).padStart(6, '0')}` });
const publishedTo = (user: string) => h.fake.callsTo('views.publish').filter((c) => c.args.user_id === user).map((c) => JSON.stringify(c.args.view));

describe('the gaps report under load', () => {
  it('is computed once while App Home is opened again and again, and /healthz answers during the computation', async () => {
    const report = h.bot.deps.report;
    expect((await openHome(MAINTAINERS[0]!)).status).toBe(200);
    await h.fake.waitFor(() => publishedTo(MAINTAINERS[0]!)[0]);
    expect(publishedTo(MAINTAINERS[0]!)[0]).toContain('Computing the report');
    expect(report.computing).toBe(true);
    const done = report.refresh(); // the same computation (single flight)

    // The event loop gets its turns while the report is computed: an immediate callback runs before it ends,
    const tick = new Promise<boolean>((resolve) => setImmediate(() => resolve(report.computing)));
    // and the health check, asked now, is answered before it ends.
    const health = fetch(`${h.base}/healthz`).then(async (res) => ({ status: res.status, computing: report.computing, body: (await res.json()) as { ok: boolean } }));
    const opens = Promise.all([...Array.from({ length: 15 }, () => openHome(MAINTAINERS[0]!)), ...Array.from({ length: 5 }, () => openHome(MAINTAINERS[1]!))]);
    expect(await tick).toBe(true);
    expect(await health).toEqual({ status: 200, computing: true, body: expect.objectContaining({ ok: true }) });
    expect((await opens).map((r) => r.status)).toEqual(Array.from({ length: 20 }, () => 200));

    await done;
    expect(computations).toBe(1);
    // Each maintainer gets the report itself: the update to the "computing" page (or the copy, once ready).
    for (const user of MAINTAINERS) {
      const withReport = await h.fake.waitFor(() => publishedTo(user).find((v) => v.includes('Computed 0 min ago')));
      expect(withReport).toContain('Maintainers: knowledge gaps');
      expect(withReport).toMatch(/Only the 5000 most frequent distinct texts are grouped: 2\d{4} more/);
    }
    // Every open answered once, plus one update for the first maintainer however often the tab was opened meanwhile.
    expect(publishedTo(MAINTAINERS[0]!)).toHaveLength(16 + 1);
    expect(computations).toBe(1);
  }, 120_000);

  it('serves /ecs-ask report from the copy with its age, and recomputes on "report refresh"', async () => {
    const served = await h.command('/ecs-ask', 'report', { user_id: MAINTAINERS[1]! });
    const reply = await h.fake.waitForResponse(served.id);
    expect(JSON.stringify(reply.body.blocks)).toMatch(/Computed \d+ min ago/);
    expect(computations).toBe(1);

    const fresh = await h.command('/ecs-ask', 'report refresh', { user_id: MAINTAINERS[1]! });
    const first = await h.fake.waitForResponse(fresh.id);
    expect(JSON.stringify(first.body.blocks)).toContain('A fresh copy is being computed');
    await h.bot.deps.report.refresh();
    const second = await h.fake.waitFor(() => h.fake.responses.filter((r) => r.id === fresh.id)[1]);
    expect(JSON.stringify(second.body.blocks)).toContain('Computed 0 min ago');
    expect(computations).toBe(2);
  }, 120_000);
});
