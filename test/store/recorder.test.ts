import { LATEST_SCHEMA } from '../../src/store/migrations.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Recorder } from '../../src/store/recorder.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { askedQuestion } from '../support/recorder.js';
import type { Store } from '../../src/store/types.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A real SQLite store that can be switched off: every call rejects while `down`. */
function flaky(): { store: Store; set(down: boolean): void; calls: () => number } {
  const dir = mkdtempSync(join(tmpdir(), 'netbot-flaky-'));
  dirs.push(dir);
  const real = new SqliteStore(join(dir, 'netbot.db'));
  let down = false;
  let calls = 0;
  const store = new Proxy(real, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls++;
        if (down && prop !== 'close') return Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store, set: (d) => void (down = d), calls: () => calls };
}

const logs = () => {
  const lines: string[] = [];
  const push = (m: string) => void lines.push(m);
  return { lines, logger: { info: push, warn: push, error: push } };
};

const question = (id: string) => askedQuestion(id);

const until = async (cond: () => boolean | Promise<boolean>, ms = 3000) => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('Recorder', () => {
  it('writes off the reply path: recording returns at once, the row appears after', async () => {
    const { store } = flaky();
    const rec = new Recorder(store, { record: true, retentionDays: 90, unhealthyAfterMs: 60_000, logger: logs().logger });
    await rec.start();
    rec.question(question('a'), 'U1');
    expect((await store.rowsSince(new Date(0))).questions).toEqual([]);
    await rec.flush();
    const [row] = (await store.rowsSince(new Date(0))).questions;
    expect(row).toMatchObject({ id: 'a', userHash: rec.hashOf('U1') });
    expect(row!.userHash).not.toContain('U1');
    await rec.stop();
  });

  it('starts with the store down, answers (claims succeed from memory), reconnects and writes what was pending', async () => {
    const f = flaky();
    f.set(true);
    const { lines, logger } = logs();
    const rec = new Recorder(f.store, { record: true, retentionDays: 90, unhealthyAfterMs: 60_000, logger, retryMs: 50 });
    await rec.start();
    expect(rec.health()).toMatchObject({ store: 'sqlite', schema: null, reachable: false, ok: true });
    expect(await rec.claim('event:E1')).toBe(true);
    expect(await rec.claim('event:E1')).toBe(false); // memory still de-duplicates
    rec.question(question('b'), 'U1');
    expect(rec.health().pending).toBe(1);
    f.set(false);
    await until(() => rec.health().reachable);
    expect(rec.health()).toMatchObject({ schema: LATEST_SCHEMA, ok: true });
    // Written by the reconnect itself: no flush() here (a test that flushes cannot see a recorder that never drains).
    const written = async () => (await f.store.rowsSince(new Date(0))).questions.map((q) => q.id);
    await until(async () => (await written()).length > 0, 30_000);
    expect(await written()).toEqual(['b']);
    expect(rec.health().pending).toBe(0);
    expect(lines.filter((l) => l.includes('unavailable'))).toHaveLength(1);
    expect(lines.some((l) => l.includes('reachable again'))).toBe(true);
    await rec.stop();
  });

  it('logs a dead store once a minute, not once a message, and says unhealthy past the threshold', async () => {
    const f = flaky();
    const { lines, logger } = logs();
    const rec = new Recorder(f.store, { record: true, retentionDays: 90, unhealthyAfterMs: 100, logger, retryMs: 20 });
    await rec.start();
    f.set(true);
    for (let i = 0; i < 50; i++) {
      rec.question(question(`x${i}`), 'U1');
      expect(await rec.claim(`event:X${i}`)).toBe(true);
    }
    await new Promise((r) => setTimeout(r, 250));
    expect(lines.filter((l) => l.includes('unavailable'))).toHaveLength(1);
    expect(rec.health()).toMatchObject({ reachable: false, ok: false });
    f.set(false);
    await until(() => rec.health().ok);
    await rec.flush();
    expect((await f.store.rowsSince(new Date(0))).questions).toHaveLength(50);
    await rec.stop();
  });

  it('a claim the store is too slow to answer lets the answer go ahead', async () => {
    const f = flaky();
    const slow = new Proxy(f.store, {
      get(target, prop, receiver) {
        if (prop === 'claim') return () => new Promise((r) => setTimeout(() => r(false), 2000));
        return Reflect.get(target, prop, receiver);
      },
    });
    const rec = new Recorder(slow, { record: true, retentionDays: 90, unhealthyAfterMs: 60_000, logger: logs().logger, claimTimeoutMs: 50 });
    await rec.start();
    const started = Date.now();
    expect(await rec.claim('event:slow')).toBe(true);
    expect(Date.now() - started).toBeLessThan(1000);
    await rec.stop();
  });

  it('NETBOT_RECORD=off: nothing recorded, de-duplication still shared through the store', async () => {
    const f = flaky();
    const rec = new Recorder(f.store, { record: false, retentionDays: 90, unhealthyAfterMs: 60_000, logger: logs().logger });
    const other = new Recorder(f.store, { record: false, retentionDays: 90, unhealthyAfterMs: 60_000, logger: logs().logger });
    await rec.start();
    await other.start();
    rec.question(question('c'), 'U1');
    rec.vote({ at: new Date(), entryId: 'e', vote: 'up' }, 'U1');
    await rec.flush();
    expect(await f.store.rowsSince(new Date(0))).toEqual({ questions: [], votes: [], choices: [], candidates: [] });
    expect(await rec.claim('event:shared')).toBe(true);
    expect(await other.claim('event:shared')).toBe(false);
    await rec.stop();
  });

  it("experts' requests and recent questions: this process's memory first, another replica's through the store, memory alone while it is down", async () => {
    const f = flaky();
    const opts = { record: true, retentionDays: 90, unhealthyAfterMs: 60_000, logger: logs().logger, retryMs: 60_000 };
    const rec = new Recorder(f.store, opts);
    const other = new Recorder(f.store, opts);
    await rec.start();
    await other.start();
    const request = { id: 'r1', at: new Date(), postKey: 'p1', text: 'q', lang: 'en' as const, origin: 'sealed' };
    rec.question(question('a'), 'U1');
    rec.keepExpertRequest(request, 'U1');
    rec.expertAnswer({ at: new Date(), requestId: 'r1', text: 'an answer' }, 'U0EXPERT');
    expect(await rec.expertRequest({ postKey: 'p1' })).toEqual(request); // before any write: memory
    expect(await rec.questionBrief('a')).toEqual({ text: 'q a', lang: 'en', top: [] });
    await rec.flush();
    expect(await other.expertRequest({ postKey: 'p1' })).toEqual({ ...request, userHash: rec.hashOf('U1') });
    expect(await other.expertRequest({ id: 'r1' })).toMatchObject({ postKey: 'p1' });
    expect(await other.questionBrief('a')).toEqual({ text: 'q a', lang: 'en', top: [] });
    expect((await f.store.rowsSince(new Date(0))).candidates).toEqual([expect.objectContaining({ answer: 'an answer', expertHash: rec.hashOf('U0EXPERT') })]);
    f.set(true);
    expect(await rec.expertRequest({ id: 'r1' })).toEqual(request);
    expect(await other.expertRequest({ id: 'nope' })).toBeUndefined(); // never throws on a click's path
    f.set(false);
    await rec.stop();
    await other.stop();
  });

  it('prunes past retention when it opens', async () => {
    const f = flaky();
    await f.store.open();
    await f.store.recordQuestion({ ...question('old'), at: new Date(Date.now() - 10 * 86_400_000), userHash: 'h' });
    await f.store.recordQuestion({ ...question('new'), userHash: 'h' });
    const rec = new Recorder(f.store, { record: true, retentionDays: 7, unhealthyAfterMs: 60_000, logger: logs().logger });
    await rec.start();
    await until(async () => (await f.store.rowsSince(new Date(0))).questions.length === 1);
    expect((await f.store.rowsSince(new Date(0))).questions.map((q) => q.id)).toEqual(['new']);
    await rec.stop();
  });
});
