import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogLevel, type Logger } from '@slack/bolt';
import { testServices } from '../support/services.js';
import { createSlackBot, type SlackBot } from '../../src/slack/app.js';
import { tempRecorder } from '../support/recorder.js';
import { loadConfig } from '../../src/slack/config.js';
import { FakeSlackSocket, waitUntil, type Connection } from '../support/fake-slack-ws.js';
import { buttonsOf, CHANNEL, USER } from './harness.js';
import { sample, scrape, until } from '../support/metrics.js';

/**
 * End to end in Socket Mode: the real bot (createSlackBot, Bolt's SocketModeReceiver and @slack/socket-mode)
 * against a fake Slack on 127.0.0.1: apps.connections.open hands out a one-time ws:// URL, the fake socket
 * says hello, sends events_api / slash_commands / interactive envelopes and checks each ack by envelope_id,
 * exchanges pings, then asks the bot to reconnect (disconnect, refresh_requested). The answers are checked
 * where Slack would see them: Web API calls and response_url posts on the same fake.
 */

const env = { NETBOT_DNS_SERVER: '127.0.0.1:9', NETBOT_DNS_TIMEOUT_MS: '300' };
const who = { user: USER, channel: CHANNEL };
const json = (value: unknown) => JSON.stringify(value);
let tsCounter = 0;
const nextTs = () => `1720000000.${String(++tsCounter).padStart(6, '0')}`;

/** Keeps what the bot logs (never printed unless a check fails), so errors can be asserted on. */
function recordingLogger(): Logger & { lines: Array<{ level: string; text: string }> } {
  let level = LogLevel.INFO;
  const lines: Array<{ level: string; text: string }> = [];
  const at = (name: string) => (...msg: unknown[]) => void lines.push({ level: name, text: msg.map(String).join(' ') });
  return {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    setLevel: (l: LogLevel) => void (level = l),
    getLevel: () => level,
    setName: () => undefined,
  };
}

/** Counts of this process's live handles by kind (sockets, servers, timers). */
function resources(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) out[r] = (out[r] ?? 0) + 1;
  return out;
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const fake = new FakeSlackSocket();
const log = recordingLogger();
let bot: SlackBot | undefined;
let baseline: Record<string, number> = {};
let stopped = false;
let metricsPort: number | undefined;
let temp: Awaited<ReturnType<typeof tempRecorder>> | undefined;
/** The fake's side of each socket the moment bot.stop() resolved (a WebSocket readyState). */
let statesWhenStopped: number[] = [];

async function stopAll(): Promise<void> {
  if (stopped) return;
  stopped = true;
  // stop() waits for the bot's side of the close; the fake may see it a moment later.
  await bot?.stop();
  statesWhenStopped = fake.connections.map((c) => c.ws.readyState);
  for (const c of fake.connections) if (!c.closed) await fake.waitForClose(c, 5000).catch(() => undefined);
  await fake.close();
  await temp?.cleanup();
}

beforeAll(async () => {
  baseline = resources();
  await fake.start();
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-000-111-testtoken',
    SLACK_APP_TOKEN: 'xapp-1-A0NETBOT-222-testtoken',
    SLACK_API_URL: fake.apiUrl,
    LOG_LEVEL: 'error',
    // Socket Mode has no HTTP server: /metrics on a port of its own (issue #18).
    NETBOT_METRICS_PORT: '0',
    NETBOT_HOST: '127.0.0.1',
    ...env,
  });
  if (config.mode !== 'socket') throw new Error(`expected Socket Mode, got ${config.mode}`);
  temp = await tempRecorder();
  bot = createSlackBot(config, testServices({ ...env }), { logger: log, recorder: temp.recorder });
  // In Socket Mode start() resolves when the socket says hello.
  metricsPort = (await within(bot.start(), 15_000, 'the bot to connect in Socket Mode')).metricsPort;
}, 30_000);

afterAll(async () => {
  await stopAll();
}, 20_000);

describe('Socket Mode end to end', () => {
  let first: Connection;
  let mention: { ts: string; message: Record<string, unknown> };
  let bwReply: { blocks: unknown };

  it('connects: auth.test with the bot token, apps.connections.open with the app token, one socket that got hello', () => {
    expect(fake.callsWith('auth.test')).toEqual([{ method: 'auth.test', token: 'bot' }]);
    expect(fake.callsWith('apps.connections.open')).toEqual([{ method: 'apps.connections.open', token: 'app' }]);
    expect(fake.connections).toHaveLength(1);
    first = fake.connections[0]!;
    expect(first.helloSentAt).toBeDefined();
    expect(first.closed).toBeUndefined();
    expect(fake.refusedUpgrades).toEqual([]);
  });

  it("answers the bot's pings, so the bot keeps the socket (it drops one after 4 unanswered pings), and pongs the fake's", async () => {
    // The client pings every clientPingTimeout/3 (≈1.7 s) and gives up at the 4th ping without any pong.
    await waitUntil(() => first.clientPings >= 4, 10_000, 'four pings from the bot');
    await new Promise((r) => setTimeout(r, 300));
    expect(first.closed).toBeUndefined();
    expect(fake.connections).toHaveLength(1);
    await waitUntil(() => first.pongs >= 1, 3000, "a pong to the fake's ping");
  }, 15_000);

  it('an app_mention (events_api) is acked by envelope_id and answered in its thread with chat.postMessage', async () => {
    const ts = nextTs();
    const { envelopeId } = fake.event({ type: 'app_mention', user: USER, text: '<@UBOT> how do I apply for reverse DNS', ts, channel: CHANNEL, client_msg_id: `cm-${ts}` });
    const ack = await fake.waitForAck(envelopeId);
    expect(ack.payload).toEqual({});
    expect(ack.connection).toBe(0);
    const post = await fake.api.waitForCall('chat.postMessage', (a) => a.thread_ts === ts, 10_000);
    expect(post.args.channel).toBe(CHANNEL);
    expect(json(post.args.blocks)).toMatch(/Source: /);
    expect(json(post.args.blocks)).not.toContain('UBOT');
    expect(buttonsOf(post.args.blocks).map((b) => b.action_id)).toContain('netbot_feedback_up');
    expect(fake.callsWith('chat.postMessage').every((c) => c.token === 'bot')).toBe(true);
    mention = { ts, message: { type: 'message', ts: `${ts}9`, thread_ts: ts, text: post.args.text, blocks: post.args.blocks, bot_id: 'BBOT', user: 'UBOT' } };
  });

  it('/ecs-bw 5M (slash_commands) is acked with an empty payload and its reply posted to the response_url', async () => {
    const { envelopeId, id } = fake.command('/ecs-bw', '5M', who);
    const ack = await fake.waitForAck(envelopeId);
    expect(ack.payload).toEqual({});
    const reply = await fake.api.waitForResponse(id, 10_000);
    expect(reply.body.response_type).toBe('ephemeral');
    expect(json(reply.body.blocks)).toMatch(/100/); // 5 Mbps outbound → up to 100 Mbps inbound
    const share = buttonsOf(reply.body.blocks).find((b) => b.action_id === 'netbot_share');
    expect(JSON.parse(share!.value)).toEqual({ kind: 'cmd', command: 'bw', tokens: ['5M'], lang: 'en' });
    bwReply = { blocks: reply.body.blocks };
  });

  it('serves /metrics on NETBOT_METRICS_PORT, counting the slash command and the mention', async () => {
    // Counted when each listener ends, a moment after its reply was seen.
    const count = (p: string, kind: string) => sample(p, 'netbot_requests_total', { kind, outcome: 'ok' });
    const page = await until(() => scrape(`http://127.0.0.1:${metricsPort}`), (p) => count(p, 'command') >= 1 && count(p, 'event') >= 1);
    expect(count(page, 'command')).toBe(1);
    expect(count(page, 'event')).toBe(1);
    expect(sample(page, 'netbot_ack_seconds_count', { kind: 'command' })).toBe(0); // Bolt acks in Socket Mode: not measured
    expect((await fetch(`http://127.0.0.1:${metricsPort}/healthz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${metricsPort}/slack/events`)).status).toBe(404);
  });

  it('button clicks (interactive, block_actions) are acked and handled: Share posts in channel, 👍 updates the answer', async () => {
    const share = buttonsOf(bwReply.blocks).find((b) => b.action_id === 'netbot_share')!;
    const shareClick = fake.click(share, who);
    expect((await fake.waitForAck(shareClick.envelopeId)).payload).toEqual({});
    const shared = await fake.api.waitForResponse(shareClick.id, 10_000);
    expect(shared.body.response_type).toBe('in_channel');
    expect(buttonsOf(shared.body.blocks)).toEqual([]);
    expect(json(shared.body.blocks)).toMatch(/100/);

    const up = buttonsOf(mention.message.blocks).find((b) => b.action_id === 'netbot_feedback_up')!;
    const upClick = fake.click(up, who, mention.message);
    expect((await fake.waitForAck(upClick.envelopeId)).payload).toEqual({});
    const update = await fake.api.waitForCall('chat.update', (a) => a.ts === mention.message.ts, 10_000);
    expect(update.args.channel).toBe(CHANNEL);
    expect(buttonsOf(update.args.blocks)).toEqual([]);
    expect(json(update.args.blocks)).toMatch(/Thanks for the feedback/);
    await temp!.recorder.flush();
    expect((await temp!.recorder.rowsSince(new Date(0))).votes).toContainEqual(expect.objectContaining({ vote: 'up', userHash: temp!.recorder.hashOf(USER) }));
  });

  it('a disconnect (refresh_requested) makes the bot close that socket, call apps.connections.open again and take a new socket that gets hello', async () => {
    expect(fake.connections).toHaveLength(1);
    fake.disconnect('refresh_requested');
    const closed = await fake.waitForClose(first, 5000);
    expect(closed.closedBy).toBe('client');
    expect(closed.code).toBe(1000);
    // The client waits clientPingTimeout (5 s) before reconnecting.
    const second = await fake.waitForConnection(1, 15_000);
    expect(fake.callsWith('apps.connections.open')).toEqual([
      { method: 'apps.connections.open', token: 'app' },
      { method: 'apps.connections.open', token: 'app' },
    ]);
    expect(second.ticket).not.toBe(first.ticket);
    expect(second.helloSentAt).toBeDefined();
    expect(fake.refusedUpgrades).toEqual([]);
    expect(fake.callsWith('auth.test')).toHaveLength(1);
  }, 25_000);

  it('after the reconnect it still answers: a mention, a slash command and a click, all acked on the new socket', async () => {
    const ts = nextTs();
    const ev = fake.event({ type: 'app_mention', user: USER, text: '<@UBOT> 5M带宽入网多少', ts, channel: CHANNEL });
    expect((await fake.waitForAck(ev.envelopeId)).connection).toBe(1);
    const post = await fake.api.waitForCall('chat.postMessage', (a) => a.thread_ts === ts, 10_000);
    expect(json(post.args.blocks)).toMatch(/100/); // routed to bw

    const cmd = fake.command('/ecs-bw', '5M', who);
    expect((await fake.waitForAck(cmd.envelopeId)).connection).toBe(1);
    const reply = await fake.api.waitForResponse(cmd.id, 10_000);
    expect(json(reply.body.blocks)).toMatch(/100/);

    const share = buttonsOf(reply.body.blocks).find((b) => b.action_id === 'netbot_share')!;
    const click = fake.click(share, who);
    expect((await fake.waitForAck(click.envelopeId)).connection).toBe(1);
    expect((await fake.api.waitForResponse(click.id, 10_000)).body.response_type).toBe('in_channel');
  });

  it('an event redelivered over the new socket (same event_id, retry_attempt 1) is acked but not answered twice', async () => {
    const ts = nextTs();
    const event = { type: 'app_mention', user: USER, text: '<@UBOT> how do I apply for reverse DNS', ts, channel: CHANNEL };
    const firstDelivery = fake.event(event);
    await fake.waitForAck(firstDelivery.envelopeId);
    await fake.api.waitForCall('chat.postMessage', (a) => a.thread_ts === ts, 10_000);
    const again = fake.event(event, { eventId: firstDelivery.eventId, retry: { attempt: 1, reason: 'timeout' } });
    await fake.waitForAck(again.envelopeId);
    const sentinel = nextTs();
    const last = fake.event({ ...event, ts: sentinel });
    await fake.waitForAck(last.envelopeId);
    await fake.api.waitForCall('chat.postMessage', (a) => a.thread_ts === sentinel, 10_000);
    await new Promise((r) => setTimeout(r, 150));
    expect(fake.api.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === ts)).toHaveLength(1);
  });

  it('every envelope was acked exactly once, on the socket it came on, and the bot sent nothing else and logged no error', () => {
    expect(fake.envelopes.size).toBeGreaterThanOrEqual(10);
    expect(fake.unacked()).toEqual([]);
    for (const e of fake.envelopes.values()) expect(e.ack?.connection, `${e.type} ${e.envelopeId}`).toBe(e.connection);
    expect(fake.strayAcks).toEqual([]);
    expect(fake.unexpected).toEqual([]);
    expect(log.lines.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('stop() closes the socket from the bot side (1000) and leaves no sockets, servers or timers behind', async () => {
    const last = fake.current!;
    expect(last.index).toBe(1);
    await stopAll();
    // stop() waited for the close handshake: the fake had the bot's close frame before stop() resolved.
    expect(statesWhenStopped[last.index]).not.toBe(last.ws.OPEN);
    expect(last.closed?.closedBy).toBe('client');
    expect(last.closed?.code).toBe(1000);
    const leftover = () => {
      const now = resources();
      const extra = Object.entries(now).filter(([kind, n]) => /TCP|Timeout|Pipe/.test(kind) && n > (baseline[kind] ?? 0));
      return extra.length === 0 ? true : undefined;
    };
    await waitUntil(leftover, 3000, 'the handles the test opened to close').catch(() => undefined);
    const now = resources();
    expect(Object.fromEntries(Object.entries(now).filter(([kind, n]) => /TCP|Timeout|Pipe/.test(kind) && n > (baseline[kind] ?? 0)))).toEqual({});
  });
});
