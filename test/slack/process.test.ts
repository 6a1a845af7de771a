import { spawn } from 'node:child_process';
import { scratchDir } from '../support/scratch.js';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/ports.js';
import { FakeSlack } from './fake-slack.js';
import { SECRET } from './harness.js';

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
    const env = { PATH: process.env.PATH ?? '', SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl, PORT: String(port), LOG_LEVEL: 'debug' };
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

  it('exits 1 with one line when Slack rejects the bot token', async () => {
    fake.failNext('auth.test', 'invalid_auth');
    const env = { PATH: process.env.PATH ?? '', SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl, PORT: String(await freePort()) };
    const child = spawn(process.execPath, [MAIN], { env, cwd: scratchDir(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/SLACK_BOT_TOKEN \(invalid_auth\)/)]);
    expect(stderr).not.toContain('XK3YX');
  }, 20_000);
});
