import { spawn, type ChildProcess } from 'node:child_process';
import { scratchDir } from '../support/scratch.js';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/ports.js';
import { FakeSlack } from './fake-slack.js';
import { SECRET } from './harness.js';
import { signedHeaders } from './sign.js';

/**
 * Issue #9, the process as `npm start` runs it (dist/src/main.js, from a directory without .env): it finishes
 * acknowledged work on SIGTERM, is not held up by a half-open client, refuses a bad NETBOT_DNS_SERVER at start,
 * and stops with a clear message when the Slack API hangs at start.
 */
const MAIN = resolve('dist/src/main.js');
const TOKEN = 'xoxb-000-111-XK3YXlifecycle';


function start(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH ?? '', ...env }, cwd: scratchDir(), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += String(d)));
  child.stderr!.on('data', (d) => (output += String(d)));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, output: () => output, exited };
}

/** Resolves once `check()` holds, looked at again whenever one of `streams` has data. */
function seen(check: () => boolean, ...streams: NodeJS.EventEmitter[]): Promise<void> {
  return new Promise((resolve) => {
    const look = () => {
      if (!check()) return;
      for (const s of streams) s.off('data', look);
      resolve();
    };
    for (const s of streams) s.on('data', look);
    look();
  });
}

async function healthy(port: number): Promise<boolean> {
  for (let i = 0; i < 300; i++) {
    if (await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status === 200, () => false)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

describe('dist/src/main.js: stopping and starting', () => {
  const fake = new FakeSlack();
  let silentDns: UdpSocket;
  let dnsPort = 0;
  beforeAll(async () => {
    await fake.start();
    // A resolver that receives and never answers: a ptr lookup then takes its full timeout.
    silentDns = createSocket('udp4');
    await new Promise<void>((r) => silentDns.bind(0, '127.0.0.1', () => r()));
    dnsPort = silentDns.address().port;
  });
  afterAll(async () => {
    silentDns.close();
    await fake.close();
  });

  /** A bot with a /ecs-ptr acknowledged and still waiting on the silent resolver (its reply goes to `replyId`). */
  async function busyBot(dnsTimeoutMs: string, logLevel: string, replyId: string) {
    const port = await freePort();
    const bot = start({ SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl, PORT: String(port), NETBOT_HOST: '127.0.0.1', NETBOT_DNS_SERVER: `127.0.0.1:${dnsPort}`, NETBOT_DNS_TIMEOUT_MS: dnsTimeoutMs, LOG_LEVEL: logLevel,
      // This is about draining on SIGTERM, not shedding: on a loaded machine the warm-up after ready can lag the
      // loop past the shedding threshold and the command would be told "busy" (see docs/performance.md).
      NETBOT_SHED_LAG_MS: '0' });
    try {
      expect(await healthy(port)).toBe(true);
      const form = new URLSearchParams({ command: '/ecs-ptr', text: '192.0.2.10', user_id: 'U0ALICE', channel_id: 'C0CHANNEL', response_url: fake.responseUrl(replyId) }).toString();
      const ack = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: signedHeaders(SECRET, form, 'application/x-www-form-urlencoded'), body: form });
      expect(ack.status).toBe(200);
    } catch (error) {
      bot.child.kill('SIGKILL');
      throw error;
    }
    return { bot, port };
  }

  it('SIGTERM finishes acknowledged work (a pending /ecs-ptr reply is delivered) and then exits 0', async () => {
    const { bot } = await busyBot('700', 'warn', 'drain');
    try {
      bot.child.kill('SIGTERM'); // while the lookup is still waiting for its timeout
      const t0 = Date.now();
      expect(await bot.exited).toBe(0);
      expect(Date.now() - t0).toBeLessThan(10_000);
      const reply = fake.responses.find((r) => r.id === 'drain');
      expect(reply, bot.output()).toBeDefined();
      expect(JSON.stringify(reply!.body)).toMatch(/TIMEOUT|timed out|no answer/i);
    } finally {
      if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
    }
  }, 30_000);

  it('after SIGTERM a request that was in flight is answered, and one sent after it is refused and never run', async () => {
    // Work still running at SIGTERM (a lookup waiting on a silent resolver) keeps the process draining.
    const { bot, port } = await busyBot('2000', 'info', 'sigterm-pending');
    try {
      // A request under way on a kept-alive connection: its head is in (the server said 100 Continue), its body not yet.
      const slash = (id: string, text: string) => new URLSearchParams({ command: '/ecs-bw', text, user_id: 'U0ALICE', channel_id: 'C0CHANNEL', trigger_id: `trigger-${id}`, response_url: fake.responseUrl(id) }).toString();
      const head = (body: string, extra = '') =>
        `POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\n${Object.entries(signedHeaders(SECRET, body, 'application/x-www-form-urlencoded')).map(([k, v]) => `${k}: ${v}\r\n`).join('')}content-length: ${Buffer.byteLength(body)}\r\n${extra}\r\n`;
      const inFlight = slash('sigterm-in-flight', '5M');
      const afterwards = slash('sigterm-after', '6M');
      const socket = connect(port, '127.0.0.1');
      socket.on('error', () => {});
      let received = '';
      socket.on('data', (d) => (received += String(d)));
      const closed = new Promise<void>((r) => socket.once('close', () => r()));
      socket.write(head(inFlight, 'expect: 100-continue\r\n'));
      await seen(() => received.includes('100 Continue'), socket);
      bot.child.kill('SIGTERM');
      await seen(() => bot.output().includes('SIGTERM received'), bot.child.stdout!, bot.child.stderr!);
      // The rest of the first request, and a second one on the same connection after SIGTERM.
      socket.write(inFlight + head(afterwards) + afterwards);
      // A new connection meanwhile (the lookup keeps the process up): refused, or told 503.
      const late = slash('sigterm-new-connection', '7M');
      const fresh = await new Promise<string>((resolve) => {
        const c = connect(port, '127.0.0.1');
        let got = '';
        c.on('data', (d) => (got += String(d)));
        c.on('error', () => resolve('refused'));
        c.on('close', () => resolve(got));
        c.on('connect', () => c.write(head(late) + late));
      });
      expect(fresh === 'refused' || fresh.startsWith('HTTP/1.1 503'), fresh).toBe(true);
      expect(await bot.exited).toBe(0);
      await closed;
      const statuses = [...received.matchAll(/^HTTP\/1\.1 (\d{3})/gm)].map((m) => m[1]).filter((s) => s !== '100');
      expect(statuses[0], received).toBe('200');
      expect(statuses.slice(1).every((s) => s === '503'), received).toBe(true);
      expect(fake.responses.find((r) => r.id === 'sigterm-pending'), bot.output()).toBeDefined();
      expect(fake.responses.find((r) => r.id === 'sigterm-in-flight'), bot.output()).toBeDefined();
      expect(fake.responses.find((r) => r.id === 'sigterm-after')).toBeUndefined();
      expect(fake.responses.find((r) => r.id === 'sigterm-new-connection')).toBeUndefined();
    } finally {
      if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
    }
  }, 30_000);

  it('a client that never finishes its request does not hold up the exit', async () => {
    const port = await freePort();
    const bot = start({ SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl, PORT: String(port), NETBOT_HOST: '127.0.0.1', LOG_LEVEL: 'warn' });
    try {
      expect(await healthy(port)).toBe(true);
      const socket = connect(port, '127.0.0.1');
      socket.on('error', () => {});
      await new Promise<void>((r) => socket.once('connect', () => r()));
      socket.write('POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"half":');
      await new Promise((r) => setTimeout(r, 100));
      const t0 = Date.now();
      bot.child.kill('SIGTERM');
      expect(await bot.exited).toBe(0);
      expect(Date.now() - t0).toBeLessThan(5_000);
      socket.destroy();
    } finally {
      if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
    }
  }, 30_000);

  it('an invalid NETBOT_DNS_SERVER stops the start with one line naming it (console mode too)', async () => {
    const envs: Array<Record<string, string>> = [{ NETBOT_DNS_SERVER: 'dns.example.com' }, { NETBOT_DNS_SERVER: '1.2.3.4:99999', SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl }];
    for (const env of envs) {
      const bot = start(env);
      expect(await bot.exited).toBe(1);
      expect(bot.output()).toMatch(/^ecs-netbot: NETBOT_DNS_SERVER must be an IP address/m);
      expect(bot.output()).not.toMatch(/\n\s+at /); // no stack trace
    }
  }, 20_000);

  it('a broken knowledge file stops the start with the file, the entry and the problem, no stack trace', async () => {
    const { cpSync, mkdtempSync, readFileSync, writeFileSync } = await import('node:fs');
    const dir = mkdtempSync(resolve(tmpdir(), 'netbot-kb-'));
    cpSync(resolve('knowledge'), dir, { recursive: true });
    const file = resolve(dir, 'entries/09-faq.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('id: faq-bandwidth-5mbps-in-out', 'id: Bad Id!'));
    const bot = start({ NETBOT_KNOWLEDGE_DIR: dir });
    expect(await bot.exited).toBe(1);
    expect(bot.output()).toMatch(/entries\/09-faq\.yaml/);
    expect(bot.output()).not.toMatch(/\n\s+at /);
  }, 20_000);

  it('a Slack API that hangs at start stops the start within seconds, with one clear line', async () => {
    fake.fault = (kind, name) => (kind === 'api' && name === 'auth.test' ? { hang: true } : undefined);
    try {
      const t0 = Date.now();
      const bot = start({ SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl, PORT: String(await freePort()), NETBOT_HOST: '127.0.0.1', SLACK_API_TIMEOUT_MS: '300' });
      expect(await bot.exited).toBe(1);
      expect(Date.now() - t0).toBeLessThan(15_000);
      expect(bot.output()).toMatch(/Could not reach SLACK_API_URL to verify SLACK_BOT_TOKEN/);
      expect(bot.output()).not.toContain('XK3YX');
    } finally {
      fake.fault = undefined;
    }
  }, 30_000);
});
