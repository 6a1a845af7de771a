import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackBot, type BotOptions, type SlackBot } from '../../src/slack/app.js';
import { loadConfig, type SlackConfig } from '../../src/slack/config.js';
import { Recorder } from '../../src/store/recorder.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { silentLogger } from '../support/recorder.js';
import { CHANNEL, Harness, SECRET, USER } from './harness.js';

/**
 * Issue #16, durable and idempotent delivery, through the real front door against a fake Slack that fails,
 * stalls, or answers after the client gave up: every answer is delivered, and none twice, also across a
 * restart and between two replicas over one store. Timings are shrunk (300 ms API timeout, 20 ms backoff);
 * every wait is for an event (a post, an empty outbox), never a stopwatch.
 */
const FAST: BotOptions = { apiTimeoutMs: 300, delivery: { baseMs: 20, capMs: 150, pollMs: 40, leaseMs: 3_000, responseTimeoutMs: 300 } };
const h = new Harness({ NETBOT_DNS_SERVER: '127.0.0.1:9', NETBOT_DNS_TIMEOUT_MS: '300' }, FAST);
const others: Array<{ bot: SlackBot; recorder: Recorder }> = [];
beforeAll(() => h.start(), 60_000);
afterAll(async () => {
  for (const o of others) {
    await o.bot.stop();
    await o.recorder.stop();
  }
  await h.stop();
});

let counter = 0;
/** A new thread's ts (the question's), unique in this file. */
const nextThread = () => `1721000000.${String(++counter).padStart(6, '0')}`;
const ask = async (ts: string) => expect((await h.event({ type: 'app_mention', user: USER, text: '<@UBOT> what is an EIP', ts, channel: CHANNEL })).status).toBe(200);
const postsIn = (thread: string) => h.fake.messages.filter((m) => m.thread_ts === thread);
const json = (value: unknown) => JSON.stringify(value);

/** How many times a /ecs-bw reply for `mbps` reached the user: by its response_url, or by chat.postEphemeral. */
const bwReplies = (id: string, mbps: number) =>
  h.fake.responses.filter((r) => r.id === id).length + h.fake.callsTo('chat.postEphemeral').filter((c) => json(c.args.blocks).includes(`${mbps} Mbps`)).length;

/** Rows still owed in the shared SQLite file. */
function owed(): number {
  const db = new Database(h.dbPath);
  try {
    return (db.prepare("SELECT count(*) AS n FROM outbox WHERE state = 'pending'").get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** Waits until no bot has a try under way or a row in memory, and the store owes nothing: no post can follow. */
const quiet = (bots: SlackBot[]) =>
  h.fake.waitFor(() => (bots.every((b) => b.outbox.load.inFlight === 0 && b.outbox.load.memory === 0) && owed() === 0 ? true : undefined), 30_000);

/** Another bot process over the same SQLite file and the same fake Slack (it shares the first one's search). */
async function anotherBot(): Promise<SlackBot> {
  const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-000-111-testtoken', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: h.fake.apiUrl, LOG_LEVEL: 'error' }) as SlackConfig;
  const recorder = new Recorder(new SqliteStore(h.dbPath), { record: true, retentionDays: 90, unhealthyAfterMs: 60_000, logger: silentLogger });
  await recorder.start();
  const bot = createSlackBot(config, h.bot.deps.services, { ...FAST, recorder });
  others.push({ bot, recorder });
  await bot.start(0);
  return bot;
}

const refusedAtLeast = (n: number) => h.fake.waitFor(() => (h.fake.refused.length >= n ? true : undefined), 30_000);

describe('Slack answering 500 for a while', () => {
  it('every answer asked meanwhile (mentions, slash command replies) is delivered exactly once after it recovers', async () => {
    h.fake.refused.length = 0;
    h.fake.failFor(600_000);
    const threads = Array.from({ length: 8 }, nextThread);
    for (const ts of threads) await ask(ts);
    const commands: Array<{ id: string; mbps: number }> = [];
    for (let mbps = 11; mbps <= 15; mbps++) commands.push({ id: (await h.command('/ecs-bw', `${mbps}M`)).id, mbps });
    // Each answer is tried and refused, again and again, while Slack is down.
    await refusedAtLeast(4 * (threads.length + commands.length));
    expect(h.fake.messages.filter((m) => threads.includes(m.thread_ts!))).toEqual([]);
    h.fake.recover();
    await h.fake.waitFor(() => (threads.every((ts) => postsIn(ts).length) && commands.every((c) => bwReplies(c.id, c.mbps)) ? true : undefined), 30_000);
    await quiet([h.bot]);
    for (const ts of threads) expect(postsIn(ts), ts).toHaveLength(1);
    for (const c of commands) expect(bwReplies(c.id, c.mbps), `/ecs-bw ${c.mbps}M`).toBe(1);
    // Each post carries its delivery id (Slack message metadata), the tag a lookup finds it by.
    for (const ts of threads) expect(postsIn(ts)[0]!.metadata).toMatchObject({ event_type: 'netbot_delivery', event_payload: { delivery_id: expect.any(String) } });
  }, 90_000);
});

describe('a slow Slack: calls carried out, but answered after the client timed out', () => {
  it('no answer is posted twice: a post whose outcome is unknown is looked up in its thread before it is sent again', async () => {
    const threads = Array.from({ length: 10 }, nextThread);
    const lookupsBefore = h.fake.callsTo('conversations.replies').length;
    h.fake.stall(threads.length, 800);
    for (const ts of threads) await ask(ts);
    await h.fake.waitFor(() => (threads.every((ts) => postsIn(ts).length) ? true : undefined), 30_000);
    await quiet([h.bot]);
    for (const ts of threads) expect(postsIn(ts), ts).toHaveLength(1);
    expect(h.fake.callsTo('conversations.replies').length - lookupsBefore).toBeGreaterThanOrEqual(threads.length);
    expect(h.fake.callsTo('conversations.replies').every((c) => c.args.include_all_metadata === 'true' || c.args.include_all_metadata === true)).toBe(true);
  }, 90_000);

  it('a response_url reply answered late is not sent again, by its URL or by chat.postEphemeral', async () => {
    h.fake.fault = (kind) => (kind === 'response' ? { lateMs: 800 } : undefined);
    try {
      const res = await h.command('/ecs-bw', '17M');
      await h.fake.waitForResponse(res.id);
      await h.fake.waitFor(() => (h.bot.outbox.load.inFlight === 0 ? true : undefined));
      await quiet([h.bot]);
      expect(bwReplies(res.id, 17)).toBe(1);
    } finally {
      h.fake.fault = undefined;
    }
  }, 30_000);
});

describe('two replicas over one store', () => {
  it('each answer owed is delivered by one of them, once', async () => {
    const b = await anotherBot();
    h.fake.refused.length = 0;
    h.fake.failFor(600_000, { methods: ['chat.postMessage', 'conversations.replies'] });
    const threads = Array.from({ length: 10 }, nextThread);
    for (const ts of threads) await ask(ts);
    // Both replicas' loops now lease the same due rows.
    await refusedAtLeast(4 * threads.length);
    h.fake.recover();
    await h.fake.waitFor(() => (threads.every((ts) => postsIn(ts).length) ? true : undefined), 30_000);
    await quiet([h.bot, b]);
    for (const ts of threads) expect(postsIn(ts), ts).toHaveLength(1);
    await b.stop();
  }, 90_000);
});

describe('a restart during an outage', () => {
  it('loses nothing: the next process takes up what the first still owed, and delivers each once', async () => {
    h.fake.refused.length = 0;
    h.fake.failFor(600_000, { methods: ['chat.postMessage', 'chat.postEphemeral', 'conversations.replies'] });
    const threads = Array.from({ length: 5 }, nextThread);
    for (const ts of threads) await ask(ts);
    const commands: Array<{ id: string; mbps: number }> = [];
    for (let mbps = 21; mbps <= 23; mbps++) commands.push({ id: (await h.command('/ecs-bw', `${mbps}M`)).id, mbps });
    await refusedAtLeast(2 * (threads.length + commands.length));
    // The first process goes away with every answer still owed.
    await h.bot.stop();
    expect(owed()).toBe(threads.length + commands.length);
    const next = await anotherBot();
    h.fake.recover();
    await h.fake.waitFor(() => (threads.every((ts) => postsIn(ts).length) && commands.every((c) => bwReplies(c.id, c.mbps)) ? true : undefined), 30_000);
    await quiet([next]);
    for (const ts of threads) expect(postsIn(ts), ts).toHaveLength(1);
    for (const c of commands) expect(bwReplies(c.id, c.mbps), `/ecs-bw ${c.mbps}M`).toBe(1);
  }, 90_000);
});
