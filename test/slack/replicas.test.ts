import { LATEST_SCHEMA } from '../../src/store/migrations.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPgDatabase, pgServer } from '../support/pg-db.js';
import { freePort } from '../support/ports.js';
import { scratchDir } from '../support/scratch.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { FakeSlack } from './fake-slack.js';
import { SECRET, TEAM } from './harness.js';
import { signedHeaders } from './sign.js';

/**
 * Issue #10: two bot processes (dist/src/main.js, HTTP mode) behind one PostgreSQL, as replicas behind a
 * load balancer. Slack's original delivery goes to one and its retry to the other: one answer. With the
 * database cut off mid-run, both go on answering, /healthz says so, and they reconnect when it is back.
 */
const MAIN = resolve('dist/src/main.js');
const TOKEN = 'xoxb-000-111-replicatest';
const CHANNEL = 'C0REPLICA';

interface Replica {
  child: ChildProcess;
  port: number;
  output: () => string;
}

async function startReplica(env: Record<string, string>): Promise<Replica> {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH ?? '', PORT: String(port), NETBOT_HOST: '127.0.0.1', ...env }, cwd: scratchDir(), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += String(d)));
  child.stderr!.on('data', (d) => (output += String(d)));
  for (let i = 0; i < 300; i++) {
    if (await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status === 200, () => false)) return { child, port, output: () => output };
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`replica did not become healthy:\n${output}`);
}

let counter = 0;
function mentionEvent(text: string) {
  counter++;
  const ts = `1730000000.${String(counter).padStart(6, '0')}`;
  const body = JSON.stringify({
    token: 't',
    team_id: TEAM,
    api_app_id: 'A0NETBOT',
    event: { type: 'app_mention', user: 'U0ALICE', text: `<@UBOT> ${text}`, ts, channel: CHANNEL, event_ts: ts },
    type: 'event_callback',
    event_id: `EvReplica${Date.now()}${counter}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: TEAM, user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
  });
  return { ts, body };
}

async function deliver(replica: Replica, body: string, retry?: number) {
  const headers = { ...signedHeaders(SECRET, body, 'application/json'), ...(retry ? { 'x-slack-retry-num': String(retry), 'x-slack-retry-reason': 'http_timeout' } : {}) };
  const res = await fetch(`http://127.0.0.1:${replica.port}/slack/events`, { method: 'POST', headers, body });
  return res.status;
}

const health = async (r: Replica) => {
  const res = await fetch(`http://127.0.0.1:${r.port}/healthz`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

const until = async <T>(probe: () => Promise<T | undefined>, ms: number, what: string): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe.skipIf(!pgServer())('two replicas sharing PostgreSQL', () => {
  const fake = new FakeSlack();
  let proxy: TcpProxy;
  let url = '';
  let a: Replica;
  let b: Replica;
  const answersTo = (ts: string) => fake.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === ts);

  beforeAll(async () => {
    await fake.start();
    const db = new URL(await freshPgDatabase());
    proxy = await new TcpProxy({ host: db.hostname, port: Number(db.port) }).start();
    db.port = String(proxy.port);
    url = db.toString();
    // Replicas share one salt (docs/privacy.md), given here so that nothing is written to the home directory.
    const env = { SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl, DATABASE_URL: url, NETBOT_HASH_SALT: 'replica-test-salt-0123456789abcdef0123', NETBOT_STORE_UNHEALTHY_S: '1', LOG_LEVEL: 'info' };
    [a, b] = await Promise.all([startReplica(env), startReplica(env)]);
  }, 60_000);

  afterAll(async () => {
    for (const r of [a, b]) r?.child.kill('SIGKILL');
    await proxy?.kill();
    await fake.close();
  });

  it('both report the shared store and its schema in /healthz', async () => {
    for (const r of [a, b]) expect((await health(r)).body).toMatchObject({ ok: true, store: 'postgres', schema: LATEST_SCHEMA, storeReachable: true });
  });

  it('the original delivery to one replica and its retry to the other: exactly one answer', async () => {
    const { ts, body } = mentionEvent('how do I apply for reverse DNS');
    expect(await deliver(a, body)).toBe(200);
    await until(async () => (answersTo(ts).length ? true : undefined), 10_000, 'the answer');
    expect(await deliver(b, body, 1)).toBe(200);
    await new Promise((r) => setTimeout(r, 1000));
    expect(answersTo(ts), a.output() + b.output()).toHaveLength(1);
  });

  it('the same delivery reaching both at once: exactly one answer', async () => {
    const { ts, body } = mentionEvent('what is a vpc');
    await Promise.all([deliver(a, body), deliver(b, body, 1)]);
    await until(async () => (answersTo(ts).length ? true : undefined), 10_000, 'the answer');
    await new Promise((r) => setTimeout(r, 1000));
    expect(answersTo(ts)).toHaveLength(1);
  });

  it('a retry whose first delivery never arrived is answered by the other replica', async () => {
    const { ts, body } = mentionEvent('can an ENI be attached across zones');
    expect(await deliver(b, body, 1)).toBe(200);
    await until(async () => (answersTo(ts).length ? true : undefined), 10_000, 'the answer');
    expect(answersTo(ts)).toHaveLength(1);
  });

  it('both record into the one database', async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const rows = await until(async () => {
        const { rows } = await client.query<{ text: string }>('SELECT text FROM questions ORDER BY at');
        return rows.length >= 3 ? rows : undefined;
      }, 5000, 'three recorded questions');
      expect(rows.map((r) => r.text)).toEqual(['how do I apply for reverse DNS', 'what is a vpc', 'can an ENI be attached across zones']);
    } finally {
      await client.end();
    }
  });

  it('with the database killed mid-run both go on answering, /healthz says unhealthy, and both reconnect when it is back', async () => {
    await proxy.kill();
    const first = mentionEvent('how do I enable IPv6 on CentOS');
    const second = mentionEvent('what is an elastic network interface');
    expect(await deliver(a, first.body)).toBe(200);
    expect(await deliver(b, second.body)).toBe(200);
    await until(async () => (answersTo(first.ts).length && answersTo(second.ts).length ? true : undefined), 10_000, 'both answers while the store is down');
    // Past NETBOT_STORE_UNHEALTHY_S (1 s), a load balancer sees it.
    const down = await until(async () => {
      const h = await health(a);
      return h.status === 503 ? h : undefined;
    }, 10_000, 'an unhealthy /healthz');
    expect(down.body).toMatchObject({ ok: false, store: 'postgres', storeReachable: false, webApi: 'ok' });
    // A retry while the store is down: the replica that answered still remembers it.
    expect(await deliver(a, first.body, 1)).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    expect(answersTo(first.ts)).toHaveLength(1);
    // Logged once, not per message, and without the URL's credentials.
    expect(a.output().match(/store postgres unavailable/g)).toHaveLength(1);

    await proxy.revive();
    for (const r of [a, b]) {
      await until(async () => ((await health(r)).status === 200 ? true : undefined), 20_000, 'healthy again');
      expect((await health(r)).body).toMatchObject({ ok: true, storeReachable: true });
    }
    // What was asked while the store was down is written once it is back.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await until(async () => {
        const { rows } = await client.query<{ n: string }>("SELECT count(*) AS n FROM questions WHERE text IN ('how do I enable IPv6 on CentOS', 'what is an elastic network interface')");
        return Number(rows[0]!.n) === 2 ? true : undefined;
      }, 10_000, 'the pending records written');
    } finally {
      await client.end();
    }
  }, 60_000);
});
