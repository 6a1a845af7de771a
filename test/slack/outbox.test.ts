import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { LogLevel } from '@slack/bolt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deliveryClient, Outbox, type OutboxOptions } from '../../src/slack/outbox.js';
import { textMessage } from '../../src/slack/reply.js';
import { Recorder } from '../../src/store/recorder.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import type { DeliveryRow, Store } from '../../src/store/types.js';
import { FakeSlack } from './fake-slack.js';

/**
 * The outbox on its own (issue #16): a real SQLite store that can be switched off, a fake Slack on loopback,
 * and short timings, so that each rule of docs/delivery.md is seen at work.
 */
const FAST: Partial<OutboxOptions> & Pick<OutboxOptions, 'windowMs'> = { baseMs: 20, capMs: 100, pollMs: 30, leaseMs: 2_000, storeTimeoutMs: 500, responseTimeoutMs: 300, windowMs: 60_000 };
const SECRET_TEXT = 'the answer text must never reach a log line';
const message = textMessage(SECRET_TEXT, 'en');

const fake = new FakeSlack();
const dirs: string[] = [];
const cleanups: Array<() => Promise<void>> = [];
beforeAll(() => fake.start());
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
  fake.recover();
  fake.fault = undefined;
  for (const list of [fake.calls, fake.responses, fake.messages, fake.refused]) list.length = 0;
});
afterAll(async () => {
  await fake.close();
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

/** A SQLite file, with a store over it that rejects every call while `down` (as an unreachable database does). */
function database() {
  const dir = mkdtempSync(join(tmpdir(), 'netbot-outbox-'));
  dirs.push(dir);
  const path = join(dir, 'netbot.db');
  let down = false;
  const switchable = (): Store => {
    const real = new SqliteStore(path);
    return new Proxy(real, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => (down && prop !== 'close' ? Promise.reject(new Error('connect ECONNREFUSED')) : (value as (...a: unknown[]) => unknown).apply(target, args));
      },
    });
  };
  const rows = (): Array<Record<string, unknown>> => {
    const db = new Database(path);
    try {
      return db.prepare('SELECT id, kind, state, payload, tries, lease_owner FROM outbox ORDER BY created_at').all() as Array<Record<string, unknown>>;
    } finally {
      db.close();
    }
  };
  return { path, switchable, rows, set: (d: boolean) => void (down = d) };
}

function logs() {
  const lines: string[] = [];
  const push = (m: string) => void lines.push(m);
  return { lines, logger: { debug: push, info: push, warn: push, error: push } };
}

/** A started outbox over its own Recorder (one "replica"). */
async function replica(store: Store, opts: Partial<OutboxOptions> = {}, log = logs()) {
  const recorder = new Recorder(store, { record: false, retentionDays: 90, unhealthyAfterMs: 60_000, logger: log.logger, retryMs: 30 });
  await recorder.start();
  const client = deliveryClient('xoxb-000-111-outboxtest', { slackApiUrl: fake.apiUrl, timeout: 300, logLevel: LogLevel.ERROR });
  const outbox = new Outbox(recorder, client, log.logger, { ...FAST, ...opts });
  outbox.start();
  cleanups.push(async () => {
    await outbox.stop();
    await recorder.stop();
  });
  return { outbox, recorder, ...log };
}

const until = (cond: () => boolean) => fake.waitFor(() => (cond() ? true : undefined), 15_000);
const postsIn = (thread: string) => fake.messages.filter((m) => m.thread_ts === thread);

describe('the outbox while the store is down', () => {
  it('keeps the row in memory, tries it from there, and writes it when the store returns', async () => {
    const db = database();
    db.set(true);
    const { outbox } = await replica(db.switchable());
    fake.failFor(600_000);
    const result = await outbox.post({ channel: 'C1', threadTs: '1720000001.000001' }, message, 'mention');
    expect(result.state).toBe('pending');
    expect(outbox.load.memory).toBe(1);
    // Tried again from memory (a post that got a 5xx is looked up first, and the lookups fail too).
    await until(() => fake.refused.length >= 3);
    fake.recover();
    await until(() => postsIn('1720000001.000001').length > 0);
    db.set(false);
    await until(() => outbox.load.memory === 0);
    expect(db.rows()).toEqual([expect.objectContaining({ state: 'delivered', payload: '', lease_owner: null })]);
    expect(postsIn('1720000001.000001')).toHaveLength(1);
  });

  it('a row still owed when the store returns is written there and delivered from it, once', async () => {
    const db = database();
    db.set(true);
    const { outbox } = await replica(db.switchable());
    fake.failFor(600_000);
    expect((await outbox.post({ channel: 'C1', threadTs: '1720000002.000001' }, message, 'mention')).state).toBe('pending');
    db.set(false);
    await until(() => outbox.load.memory === 0);
    expect(db.rows()).toEqual([expect.objectContaining({ state: 'pending' })]);
    fake.recover();
    await until(() => db.rows()[0]!.state === 'delivered');
    expect(postsIn('1720000002.000001')).toHaveLength(1);
  });
});

/** A row as a process that died in the middle of its try leaves it: leased (the lease now run out), unsure. */
function left(id: string, kind: DeliveryRow['kind'], target: Record<string, string>): DeliveryRow {
  const now = Date.now();
  return {
    id,
    createdAt: now - 1000,
    kind,
    label: 'mention',
    payload: JSON.stringify({ target, body: message }),
    state: 'pending',
    tries: 1,
    failures: 0,
    unsure: true,
    nextAt: now - 1000,
    leaseOwner: 'dead',
    leaseUntil: now - 1,
  };
}

describe('the outbox without a store', () => {
  it('retries from memory, and forgets each answer once it is delivered', async () => {
    const log = logs();
    const recorder = new Recorder(undefined, { record: false, retentionDays: 90, unhealthyAfterMs: 60_000, logger: log.logger });
    // What /metrics counts (issue #18): owed once, each failed try a retry, delivered once.
    const seen: string[] = [];
    const observe = { owed: () => void seen.push('owed'), retried: () => void seen.push('retried'), settled: (state: string) => void seen.push(state) };
    const outbox = new Outbox(recorder, deliveryClient('xoxb-000-111-outboxtest', { slackApiUrl: fake.apiUrl, timeout: 300, logLevel: LogLevel.ERROR }), log.logger, { ...FAST, observe });
    outbox.start();
    cleanups.push(() => outbox.stop());
    fake.failFor(600_000);
    expect((await outbox.post({ channel: 'C1', threadTs: '1720000007.000001' }, message, 'mention')).state).toBe('pending');
    await until(() => fake.refused.length >= 3);
    fake.recover();
    await until(() => postsIn('1720000007.000001').length > 0 && outbox.load.memory === 0 && outbox.load.inFlight === 0);
    expect(postsIn('1720000007.000001')).toHaveLength(1);
    expect(seen[0]).toBe('owed');
    expect(seen.at(-1)).toBe('delivered');
    expect(seen.slice(1, -1).length).toBeGreaterThanOrEqual(3);
    expect(new Set(seen.slice(1, -1))).toEqual(new Set(['retried']));
  });
});

describe('the outbox while the store is down: memory is bounded', () => {
  it('past maxMemory the oldest answer still owed is dropped, and said so (without its text)', async () => {
    const db = database();
    db.set(true);
    // No retry comes due during the test, so no row is in the middle of a try when the third arrives.
    const lost: string[] = [];
    const observe = { owed: () => {}, retried: () => {}, settled: (state: string) => void lost.push(state) };
    const { outbox, lines } = await replica(db.switchable(), { maxMemory: 2, baseMs: 60_000, capMs: 60_000, observe });
    fake.failFor(600_000);
    for (const n of [1, 2, 3]) expect((await outbox.post({ channel: 'C1', threadTs: `1720000006.00000${n}` }, message, `mention ${n}`)).state).toBe('pending');
    expect(outbox.load.memory).toBe(2);
    expect(lines.filter((l) => l.includes('reply lost'))).toEqual(['mention 1: reply lost: the store is unreachable and 2 answers are already waiting in memory']);
    expect(lines.join('\n')).not.toContain(SECRET_TEXT);
    expect(lost).toEqual(['lost']); // counted on /metrics as netbot_outbox_settled_total{state="lost"}
  });
});

/** A database with a store open on it: the process that wrote rows before the one under test. */
async function earlierProcess() {
  const db = database();
  const store = db.switchable();
  await store.open();
  cleanups.push(() => store.close());
  return { db, store };
}

describe('the outbox across processes', () => {
  it('rows a dead process left leased are taken up when the lease runs out: a post that arrived is found, not sent again', async () => {
    const { db, store } = await earlierProcess();
    // It had posted this one before it died (the post carries its delivery id), not the second.
    await store.putDelivery(left('arrived', 'post', { channel: 'C1', threadTs: '1720000003.000001' }), 'dead', 1);
    await store.putDelivery(left('never-sent', 'post', { channel: 'C1', threadTs: '1720000003.000002' }), 'dead', 1);
    await store.putDelivery(left('ephemeral', 'ephemeral', { channel: 'C1', user: 'U1' }), 'dead', 1);
    await deliveryClient('xoxb-000-111-outboxtest', { slackApiUrl: fake.apiUrl }).chat.postMessage({
      channel: 'C1',
      thread_ts: '1720000003.000001',
      text: 'x',
      metadata: { event_type: 'netbot_delivery', event_payload: { delivery_id: 'arrived' } },
    });
    const postsBefore = fake.callsTo('chat.postMessage').length;
    await replica(db.switchable());
    await until(() => db.rows().every((r) => r.state !== 'pending'));
    expect(Object.fromEntries(db.rows().map((r) => [r.id, r.state]))).toEqual({ arrived: 'delivered', 'never-sent': 'delivered', ephemeral: 'unsure' });
    expect(fake.callsTo('chat.postMessage').length - postsBefore).toBe(1);
    expect(postsIn('1720000003.000001')).toHaveLength(1);
    expect(postsIn('1720000003.000002')).toHaveLength(1);
    // An ephemeral post cannot be looked up: one that may have arrived is not sent again.
    expect(fake.callsTo('chat.postEphemeral')).toHaveLength(0);
    expect(fake.callsTo('conversations.replies').length).toBeGreaterThanOrEqual(2);
  });

  it('a lookup Slack refuses (missing_scope) is logged once and the post goes ahead: a late answer beats a lost one', async () => {
    const { db, store } = await earlierProcess();
    await store.putDelivery(left('no-scope', 'post', { channel: 'C1', threadTs: '1720000005.000001' }), 'dead', 1);
    fake.failNext('conversations.replies', 'missing_scope');
    const { lines } = await replica(db.switchable());
    await until(() => db.rows()[0]?.state === 'delivered');
    expect(postsIn('1720000005.000001')).toHaveLength(1);
    expect(lines.filter((l) => l.includes('cannot check whether an earlier try arrived (missing_scope)'))).toHaveLength(1);
  });

  it('two replicas over one store: a row past its window is marked lost by one, logged once, without its text', async () => {
    const db = database();
    const a = await replica(db.switchable(), { windowMs: 400 });
    const b = await replica(db.switchable(), { windowMs: 400 });
    fake.failFor(600_000);
    expect((await a.outbox.post({ channel: 'C1', threadTs: '1720000004.000001' }, message, 'mention')).state).toBe('pending');
    await until(() => db.rows()[0]?.state === 'lost');
    await until(() => a.outbox.load.inFlight + b.outbox.load.inFlight === 0);
    const lines = [...a.lines, ...b.lines];
    expect(lines.filter((l) => /lost/.test(l))).toEqual([expect.stringMatching(/^mention: reply lost: not delivered within 0.4 s \(\d+ tries, last: (lookup: )?HTTP 500\)$/)]);
    expect(lines.join('\n')).not.toContain(SECRET_TEXT);
    expect(db.rows()[0]!.payload).toBe('');
  });
});

describe('replies that cannot be looked up', () => {
  it('an ephemeral post is retried after a clear failure (5xx), and not after a timeout', async () => {
    const db = database();
    const { outbox, lines } = await replica(db.switchable());
    let failures = 2;
    fake.fault = (kind, name) => (kind === 'api' && name === 'chat.postEphemeral' && failures-- > 0 ? { status: 503 } : undefined);
    expect((await outbox.ephemeral({ channel: 'C1', user: 'U1' }, message, 'verdict')).state).toBe('pending');
    await until(() => fake.callsTo('chat.postEphemeral').length === 1);
    await until(() => outbox.load.inFlight === 0 && db.rows().every((r) => r.state !== 'pending'));
    expect(db.rows().map((r) => r.state)).toEqual(['delivered']);
    fake.fault = (kind, name) => (kind === 'api' && name === 'chat.postEphemeral' ? { lateMs: 600 } : undefined);
    expect((await outbox.ephemeral({ channel: 'C1', user: 'U1' }, message, 'verdict')).state).toBe('unsure');
    expect(fake.callsTo('chat.postEphemeral')).toHaveLength(2);
    expect(lines.some((l) => /verdict: reply may not have arrived \(timed out\)/.test(l))).toBe(true);
  });

  it('a response_url reply: retried on 429/5xx, never after a timeout, and by chat.postEphemeral when the URL is refused', async () => {
    const db = database();
    const { outbox } = await replica(db.switchable());
    let failures = 2;
    fake.fault = (kind) => (kind === 'response' && failures-- > 0 ? { status: 429 } : undefined);
    const target = (id: string) => ({ responseUrl: fake.responseUrl(id), channel: 'C1', user: 'U1' });
    expect((await outbox.privately(target('r1'), message, '/ecs-bw')).state).toBe('pending');
    await fake.waitForResponse('r1');
    fake.fault = (kind) => (kind === 'response' ? { lateMs: 600 } : undefined);
    expect((await outbox.privately(target('r2'), message, '/ecs-bw')).state).toBe('unsure');
    fake.fault = (kind) => (kind === 'response' ? { status: 404 } : undefined);
    expect((await outbox.privately(target('r3'), message, '/ecs-bw')).state).toBe('delivered');
    await until(() => outbox.load.inFlight === 0);
    expect(fake.responses.map((r) => r.id)).toEqual(['r1', 'r2']);
    // Only the refused one fell back; the one that timed out may have arrived and is not sent again.
    expect(fake.callsTo('chat.postEphemeral')).toHaveLength(1);
    expect(db.rows().map((r) => [r.kind, r.state])).toEqual([
      ['response_url', 'delivered'],
      ['response_url', 'unsure'],
      ['ephemeral', 'delivered'],
    ]);
  });
});
