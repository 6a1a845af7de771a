import { spawn } from 'node:child_process';
import { scratchDir } from '../support/scratch.js';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { freePort } from '../support/ports.js';
import { FakeSlack } from './fake-slack.js';
import { SECRET } from './harness.js';
import { sample } from '../support/metrics.js';

/**
 * `npm start` as a process (the built entry point, built before the tests run by test/support/build.ts):
 * HTTP mode up, health 200, SIGTERM → clean exit.
 */
const TOKEN = 'xoxb-000-111-XK3YXprocess';


// Started from a directory without .env, so a developer's own .env cannot change what these tests start.
const MAIN = resolve('dist/src/main.js');

describe('dist/src/main.js in HTTP mode', () => {
  const fake = new FakeSlack();
  beforeAll(() => fake.start());
  afterAll(() => fake.close());

  it('serves /healthz, logs no secrets, and stops gracefully on SIGTERM', async () => {
    const port = await freePort();
    const env = { PATH: process.env.PATH ?? '', SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl, PORT: String(port), NETBOT_HOST: '127.0.0.1', LOG_LEVEL: 'debug' };
    const child = spawn(process.execPath, [MAIN], { env, cwd: scratchDir(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += String(d)));
    child.stderr.on('data', (d) => (output += String(d)));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      let ok = false;
      for (let i = 0; i < 200 && !ok; i++) {
        ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status === 200, () => false);
        if (!ok) await new Promise((r) => setTimeout(r, 50));
      }
      expect(ok).toBe(true);
      expect(fake.callsTo('auth.test').length).toBeGreaterThan(0);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(output).not.toContain('XK3YX');
      expect(output).not.toContain(SECRET);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 20_000);

  it('a closed stderr (the log reader gone) drops log lines: the bot keeps serving and stops on SIGTERM', async () => {
    const port = await freePort();
    const env = { PATH: process.env.PATH ?? '', SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl, PORT: String(port), NETBOT_HOST: '127.0.0.1', LOG_LEVEL: 'debug' };
    const child = spawn(process.execPath, [MAIN], { env, cwd: scratchDir(), stdio: ['ignore', 'ignore', 'pipe'] });
    // Also when the test times out: a spinning bot left behind would burn a core for ever.
    onTestFinished(() => void (child.exitCode === null && child.kill('SIGKILL')));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const base = `http://127.0.0.1:${port}`;
    try {
      // Up once it says so; then the reading end of its stderr goes away, as when a log collector dies.
      await new Promise<void>((resolve) => child.stderr.on('data', (d) => String(d).includes('listening on') && resolve()));
      child.stderr.destroy();
      // Each refused request logs a line: the first write after the close fails with EPIPE, the rest are dropped.
      for (let i = 0; i < 20; i++) expect((await fetch(`${base}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(401);
      // A bot spinning on its own write errors never answers again (nor handles SIGTERM): this one does both.
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 60_000);

  it('NETBOT_LOG_FORMAT=json: every log line is a JSON object; /metrics counts what it served (issue #18)', async () => {
    const port = await freePort();
    const env = { PATH: process.env.PATH ?? '', SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl, PORT: String(port), NETBOT_HOST: '127.0.0.1', LOG_LEVEL: 'debug', NETBOT_LOG_FORMAT: 'json' };
    const child = spawn(process.execPath, [MAIN], { env, cwd: scratchDir(), stdio: ['ignore', 'pipe', 'pipe'] });
    onTestFinished(() => void (child.exitCode === null && child.kill('SIGKILL')));
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const base = `http://127.0.0.1:${port}`;
    await new Promise<void>((resolve) => child.stderr.on('data', () => stderr.includes('listening on') && resolve()));
    expect((await fetch(`${base}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(401);
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(sample(page, 'netbot_requests_total', { kind: 'unknown', outcome: 'refused' })).toBe(1);
    expect(sample(page, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const lines = stderr.trim().split('\n');
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ time: expect.any(String), level: expect.stringMatching(/^(debug|info|warn|error)$/), msg: expect.any(String) });
    expect(stderr).toContain('metrics at /metrics');
    expect(stderr).not.toContain('XK3YX');
  }, 30_000);

  it('exits 1 with one line when Slack rejects the bot token', async () => {
    fake.failNext('auth.test', 'invalid_auth');
    const env = { PATH: process.env.PATH ?? '', SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl, PORT: String(await freePort()), NETBOT_HOST: '127.0.0.1' };
    const child = spawn(process.execPath, [MAIN], { env, cwd: scratchDir(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/SLACK_BOT_TOKEN \(invalid_auth\)/)]);
    expect(stderr).not.toContain('XK3YX');
  }, 20_000);
});
