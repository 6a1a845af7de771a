import type { AddressInfo } from 'node:net';
import { connect, type Socket } from 'node:net';
import type { App } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { FrontDoorReceiver, type HttpLimits } from '../../src/slack/receiver.js';
import { ReplayGuard } from '../../src/slack/replay-guard.js';
import { MAX_SKEW_SECONDS, verifySlackSignature } from '../../src/slack/verify.js';
import { WorkQueue } from '../../src/slack/work-queue.js';
import { silentLogger } from '../support/recorder.js';
import { blockActionsPayload } from '../support/slack-payloads.js';
import { SECRET } from './harness.js';
import { signedHeaders, slackSignature } from './sign.js';

/**
 * Issue #16 at the front door itself (the receiver on loopback, with a clock the test moves): replays of every
 * kind of signed request refused for their whole 5-minute window, memory bounded by that window; idle
 * connections never locking out health checks or Slack; the server bound to the host it is given.
 */
const FORM = 'application/x-www-form-urlencoded';
const T0 = 1_750_000_000;
const logger = { ...silentLogger, debug: () => {}, setLevel: () => {}, getLevel: () => 'error', setName: () => {} } as never;

let open: Array<{ stop(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.map((r) => r.stop()));
  open = [];
});

/** The receiver alone, on 127.0.0.1, handing what it accepts to a stand-in for Bolt that counts it. */
async function frontDoor(opts: { now?: () => number; limits?: Partial<HttpLimits>; claim?: (key: string) => Promise<boolean> } = {}) {
  const processed: Array<Record<string, unknown>> = [];
  const waiters: Array<() => void> = [];
  const receiver = new FrontDoorReceiver({
    signingSecret: SECRET,
    queue: new WorkQueue(4, 64),
    logger,
    health: () => ({ status: 200, body: { ok: true } }),
    ...(opts.now ? { nowSeconds: opts.now } : {}),
    ...(opts.limits ? { limits: opts.limits } : {}),
    ...(opts.claim ? { claim: opts.claim } : {}),
  });
  receiver.init({
    processEvent: async (event: { body: Record<string, unknown>; ack: (r?: unknown) => Promise<void> }) => {
      processed.push(event.body);
      await event.ack();
      waiters.splice(0).forEach((w) => w());
    },
  } as unknown as App);
  const server = await receiver.start({ port: 0, host: '127.0.0.1' });
  open.push(receiver);
  const address = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${address.port}`;
  /** Resolves once `n` requests in all have been handed on. */
  const processedCount = (n: number) =>
    new Promise<void>((resolve) => {
      const check = () => (processed.length >= n ? resolve() : waiters.push(check));
      check();
    });
  return { receiver, address, base, processed, processedCount };
}

/** One signed request of each kind Slack sends, signed at `ts`. */
function requestsOfEveryKind(ts: number): Array<{ kind: string; body: string; headers: Record<string, string> }> {
  const interactive = (payload: Record<string, unknown>) => 'payload=' + encodeURIComponent(JSON.stringify(payload));
  const bodies: Array<[string, string, string]> = [
    ['event', JSON.stringify({ type: 'event_callback', event_id: 'Ev1', event: { type: 'app_mention', text: 'hi', channel: 'C0CHANNEL', user: 'U0ALICE', ts: '1.1' } }), 'application/json'],
    ['slash command', new URLSearchParams({ command: '/ecs-bw', text: '5M', user_id: 'U0ALICE', channel_id: 'C0CHANNEL', trigger_id: 't1', response_url: 'http://127.0.0.1:9/r' }).toString(), FORM],
    ['button (Share)', interactive(blockActionsPayload({ user: 'U0ALICE', channel: 'C0CHANNEL', team: 'T0FAKE', responseUrl: 'http://127.0.0.1:9/r', triggerId: 't2', action: { action_id: 'netbot_share', value: 'share', label: 'Share' } })), FORM],
    ['message shortcut', interactive({ type: 'message_action', callback_id: 'netbot_ask', trigger_id: 't3', user: { id: 'U0ALICE' }, channel: { id: 'C0CHANNEL' }, message: { text: 'what is an EIP', ts: '1.2' }, response_url: 'http://127.0.0.1:9/r' }), FORM],
    ['global shortcut', interactive({ type: 'shortcut', callback_id: 'netbot_global', trigger_id: 't4', user: { id: 'U0ALICE' } }), FORM],
    ['modal submission', interactive({ type: 'view_submission', user: { id: 'U0ALICE' }, view: { id: 'V1', callback_id: 'netbot_canswap', private_metadata: '{}', state: { values: {} } } }), FORM],
  ];
  return bodies.map(([kind, body, type]) => ({ kind, body, headers: signedHeaders(SECRET, body, type, ts) }));
}

describe('replays of signed requests', () => {
  it('every kind is refused for its whole 5-minute window, and refused as too old after it', async () => {
    let now = T0;
    const door = await frontDoor({ now: () => now });
    const requests = requestsOfEveryKind(T0);
    const send = (r: (typeof requests)[number]) => fetch(`${door.base}/slack/events`, { method: 'POST', headers: r.headers, body: r.body });
    for (const r of requests) expect((await send(r)).status, r.kind).toBe(200);
    await door.processedCount(requests.length);
    // Replayed at once, then at the last second of the window: acknowledged (200), never run again.
    for (const at of [T0, T0 + MAX_SKEW_SECONDS]) {
      now = at;
      for (const r of requests) expect((await send(r)).status, `${r.kind} replayed at +${at - T0} s`).toBe(200);
    }
    // A fresh request after the replays is run: had a replay been run, it would have come before this one.
    const fresh = requestsOfEveryKind(now)[1]!;
    await send(fresh);
    await door.processedCount(requests.length + 1);
    expect(door.processed).toHaveLength(requests.length + 1);
    expect(door.processed.at(-1)).toMatchObject({ command: '/ecs-bw' });
    // Past the window, verification refuses the old timestamp: the guard needs it no longer.
    now = T0 + MAX_SKEW_SECONDS + 1;
    for (const r of requests) expect((await send(r)).status, r.kind).toBe(401);
  });

  it('a replay is refused after 100,000 other requests (the old guard forgot after 50,000), memory bounded by the window', () => {
    const guard = new ReplayGuard();
    const check = (body: string, ts: number, now: number) => {
      const headers = { signature: slackSignature(SECRET, ts, body), timestamp: String(ts) };
      const verified = verifySlackSignature(SECRET, headers, Buffer.from(body), now);
      if (!verified.ok) return verified.reason;
      return guard.check(verified.signature, verified.timestamp, now);
    };
    const captured = 'payload=' + encodeURIComponent(JSON.stringify({ type: 'block_actions', actions: [{ action_id: 'netbot_share' }] }));
    expect(check(captured, T0, T0)).toBe('fresh');
    // 100,000 others over 250 s (400 a second), each signed at its own moment.
    let fresh = 0;
    for (let i = 0; i < 100_000; i++) {
      const at = T0 + Math.floor(i / 400);
      if (check(`{"type":"event_callback","event_id":"Ev${i}"}`, at, at) === 'fresh') fresh++;
    }
    expect(fresh).toBe(100_000);
    expect(check(captured, T0, T0 + MAX_SKEW_SECONDS)).toBe('replay');
    expect(check(captured, T0, T0 + MAX_SKEW_SECONDS + 1)).toBe('timestamp outside the 5-minute window');
    expect(guard.size).toBe(100_001);
    // Memory: once their window has passed, every signature is dropped.
    expect(check('{"type":"event_callback","event_id":"later"}', T0 + 900, T0 + 900)).toBe('fresh');
    expect(guard.size).toBe(1);
  });

  it('when full, a new request is refused (busy) rather than an old signature forgotten', () => {
    const guard = new ReplayGuard(3);
    expect(['a', 'b', 'c', 'd'].map((s) => guard.check(`v0=${s.repeat(64)}`, T0, T0))).toEqual(['fresh', 'fresh', 'fresh', 'full']);
    expect(guard.check(`v0=${'a'.repeat(64)}`, T0, T0)).toBe('replay');
  });

  it('a click or a modal submission taken by another replica (the shared claim) is not run here', async () => {
    const taken = new Set<string>();
    const claim = async (key: string) => !taken.has(key) && Boolean(taken.add(key));
    const a = await frontDoor({ claim });
    const b = await frontDoor({ claim });
    const requests = requestsOfEveryKind(Math.floor(Date.now() / 1000));
    for (const r of requests) {
      for (const door of [a, b]) expect((await fetch(`${door.base}/slack/events`, { method: 'POST', headers: r.headers, body: r.body })).status).toBe(200);
    }
    // Events and slash commands are claimed by their own ids in the listeners, after this point.
    await a.processedCount(requests.length);
    await b.processedCount(2);
    const kinds = (bodies: Array<Record<string, unknown>>) => bodies.map((x) => x.type ?? x.command ?? JSON.parse(String(x.payload ?? '{}')).type);
    expect(kinds(a.processed).sort()).toEqual(['/ecs-bw', 'block_actions', 'event_callback', 'message_action', 'shortcut', 'view_submission']);
    expect(kinds(b.processed).sort()).toEqual(['/ecs-bw', 'event_callback']);
  });
});

describe('connections', () => {
  const sockets: Socket[] = [];
  afterEach(() => {
    sockets.splice(0).forEach((s) => s.destroy());
  });

  /** `n` connections that never send a byte, each resolved once connected. */
  async function idle(port: number, n: number): Promise<Socket[]> {
    const made = await Promise.all(
      Array.from({ length: n }, () => new Promise<Socket>((resolve, reject) => {
        const s = connect(port, '127.0.0.1', () => resolve(s));
        s.on('error', (error) => (s.connecting ? reject(error) : undefined));
      })),
    );
    sockets.push(...made);
    return made;
  }

  it('1,024 idle connections lock nobody out: /healthz and a signed request are answered, the oldest idle one is let go', async () => {
    const door = await frontDoor();
    const idlers = await idle(door.address.port, 1024);
    const closed = idlers.map((s) => new Promise<void>((resolve) => s.once('close', () => resolve())));
    const health = await fetch(`${door.base}/healthz`);
    expect(health.status).toBe(200);
    const r = requestsOfEveryKind(Math.floor(Date.now() / 1000))[1]!;
    expect((await fetch(`${door.base}/slack/events`, { method: 'POST', headers: r.headers, body: r.body })).status).toBe(200);
    await door.processedCount(1);
    // The room was made by closing the idle connections that came first.
    await closed[0];
    await closed[1];
  });

  it('a connection that sends nothing is closed after idleTimeoutMs', async () => {
    const door = await frontDoor({ limits: { idleTimeoutMs: 200 } });
    const [s] = await idle(door.address.port, 1);
    await new Promise<void>((resolve) => s!.once('close', () => resolve()));
    expect((await fetch(`${door.base}/healthz`)).status).toBe(200);
  });

  it('listens only on the host it is given', async () => {
    const door = await frontDoor();
    expect(door.address.address).toBe('127.0.0.1');
  });
});
