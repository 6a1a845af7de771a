import { spawnSync } from 'node:child_process';
import { scratchDir } from '../support/scratch.js';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/slack/config.js';
import { readStartConfig } from '../../src/slack/start.js';
import { FakeSlack } from './fake-slack.js';

const BOT = 'xoxb-123-456-XK3YXbot';
const APP = 'xapp-1-A1-789-XK3YXapp';
const SIGNING = 'abcdef0123456789abcdef01XK3YX789';

describe('mode selection', () => {
  it('console when no Slack credential is set (blank values count as unset)', () => {
    expect(loadConfig({})).toEqual({ mode: 'console', lang: 'en' });
    expect(loadConfig({ SLACK_BOT_TOKEN: '', SLACK_APP_TOKEN: ' ', NETBOT_LANG: 'zh' })).toEqual({ mode: 'console', lang: 'zh' });
  });

  it('Socket Mode with an app token and a bot token', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: APP })).toMatchObject({ mode: 'socket', appToken: APP, botToken: BOT, logLevel: 'info' });
  });

  it('HTTP mode with a signing secret and a bot token; PORT defaults to 3000, NETBOT_HOST to 0.0.0.0 (containers)', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SIGNING })).toMatchObject({ mode: 'http', port: 3000, host: '0.0.0.0' });
    expect(loadConfig({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SIGNING, NETBOT_HOST: '127.0.0.1' })).toMatchObject({ host: '127.0.0.1' });
    expect(loadConfig({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SIGNING, NETBOT_HOST: '::' })).toMatchObject({ host: '::' });
    expect(loadConfig({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SIGNING, PORT: '8080' })).toMatchObject({ port: 8080 });
  });

  it('NETBOT_DELIVERY_WINDOW_S: 30 minutes unless set', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SIGNING })).toMatchObject({ deliveryWindowMs: 1_800_000 });
    expect(loadConfig({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SIGNING, NETBOT_DELIVERY_WINDOW_S: '600' })).toMatchObject({ deliveryWindowMs: 600_000 });
  });

  it('NETBOT_SHED_LAG_MS: 200 unless set, 0 turns shedding on lag off, anything else is refused naming the variable', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SIGNING })).toMatchObject({ shedLagMs: 200 });
    expect(loadConfig({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SIGNING, NETBOT_SHED_LAG_MS: '0' })).toMatchObject({ shedLagMs: 0 });
    expect(() => loadConfig({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SIGNING, NETBOT_SHED_LAG_MS: '50ms' })).toThrow(/NETBOT_SHED_LAG_MS must be a whole number of milliseconds/);
  });

  it('SLACK_API_URL gets its trailing slash; allow-lists are parsed', () => {
    const config = loadConfig({
      SLACK_BOT_TOKEN: BOT,
      SLACK_SIGNING_SECRET: SIGNING,
      SLACK_API_URL: 'http://127.0.0.1:9999/api',
      NETBOT_ALLOWED_USERS: 'U012AB3CD, W0123ABC',
      NETBOT_ALLOWED_CHANNELS: 'C012AB3CD,G0123ABC,D0123ABC',
    });
    expect(config).toMatchObject({ apiUrl: 'http://127.0.0.1:9999/api/' });
    expect(config.mode !== 'console' && [...config.allowedUsers!]).toEqual(['U012AB3CD', 'W0123ABC']);
    expect(config.mode !== 'console' && config.allowedChannels!.size).toBe(3);
  });
});

describe('invalid or half-set configuration names the variable and never the secret', () => {
  const cases: Array<[string, Record<string, string>, string]> = [
    ['only a bot token', { SLACK_BOT_TOKEN: BOT }, 'SLACK_SIGNING_SECRET'],
    ['only an app token', { SLACK_APP_TOKEN: APP }, 'SLACK_BOT_TOKEN'],
    ['only a signing secret', { SLACK_SIGNING_SECRET: SIGNING }, 'SLACK_BOT_TOKEN'],
    ['a user token as bot token', { SLACK_BOT_TOKEN: 'xoxp-1-XK3YXuser', SLACK_SIGNING_SECRET: SIGNING }, 'SLACK_BOT_TOKEN'],
    ['a bot token as app token', { SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: 'xoxb-XK3YXwrong' }, 'SLACK_APP_TOKEN'],
    ['a malformed signing secret', { SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: 'short XK3YX' }, 'SLACK_SIGNING_SECRET'],
    ['PORT 0', { SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SIGNING, PORT: '0' }, 'PORT'],
    ['PORT 65536', { SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SIGNING, PORT: '65536' }, 'PORT'],
    ['PORT not a number', { SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SIGNING, PORT: 'eighty' }, 'PORT'],
    ['NETBOT_HOST a name', { SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SIGNING, NETBOT_HOST: 'bot.example.com' }, 'NETBOT_HOST'],
    ['NETBOT_HOST with a port', { SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SIGNING, NETBOT_HOST: '127.0.0.1:3000' }, 'NETBOT_HOST'],
    ['SLACK_API_URL ftp', { SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SIGNING, SLACK_API_URL: 'ftp://x/' }, 'SLACK_API_URL'],
    ['SLACK_API_URL not a URL', { SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SIGNING, SLACK_API_URL: 'slack.com/api' }, 'SLACK_API_URL'],
    ['LOG_LEVEL unknown', { SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SIGNING, LOG_LEVEL: 'verbose' }, 'LOG_LEVEL'],
    ['NETBOT_DELIVERY_WINDOW_S below a minute', { SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SIGNING, NETBOT_DELIVERY_WINDOW_S: '5' }, 'NETBOT_DELIVERY_WINDOW_S'],
    ['NETBOT_DELIVERY_WINDOW_S not a number', { SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SIGNING, NETBOT_DELIVERY_WINDOW_S: '30m' }, 'NETBOT_DELIVERY_WINDOW_S'],
    ['NETBOT_LANG unknown', { SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SIGNING, NETBOT_LANG: 'fr' }, 'NETBOT_LANG'],
    ['a user name in the user allow-list', { SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SIGNING, NETBOT_ALLOWED_USERS: 'U012AB3CD,@alice' }, 'NETBOT_ALLOWED_USERS'],
    ['a channel name in the channel allow-list', { SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SIGNING, NETBOT_ALLOWED_CHANNELS: '#general' }, 'NETBOT_ALLOWED_CHANNELS'],
    ['a channel name as the experts\' channel', { SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SIGNING, NETBOT_EXPERTS_CHANNEL: '#netops-experts' }, 'NETBOT_EXPERTS_CHANNEL'],
    ['a DM as the experts\' channel', { SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SIGNING, NETBOT_EXPERTS_CHANNEL: 'D0123ABC' }, 'NETBOT_EXPERTS_CHANNEL'],
    ['two experts\' channels', { SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SIGNING, NETBOT_EXPERTS_CHANNEL: 'C012AB3CD,C0123ABCD' }, 'NETBOT_EXPERTS_CHANNEL'],
  ];

  it('NETBOT_EXPERTS_CHANNEL: a public or private channel id; unset or blank means no experts\' channel', () => {
    const base = { SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SIGNING };
    expect(loadConfig({ ...base, NETBOT_EXPERTS_CHANNEL: ' C012AB3CD ' })).toMatchObject({ expertsChannel: 'C012AB3CD' });
    expect(loadConfig({ ...base, NETBOT_EXPERTS_CHANNEL: 'G0123ABC' })).toMatchObject({ expertsChannel: 'G0123ABC' });
    expect(loadConfig({ ...base, NETBOT_EXPERTS_CHANNEL: '' })).not.toHaveProperty('expertsChannel');
    expect(loadConfig(base)).not.toHaveProperty('expertsChannel');
  });

  it.each(cases)('%s → %s', (_name, env, variable) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message).toContain(variable);
    expect((error as ConfigError).message).not.toMatch(/XK3YX|xoxb-\d|xapp-\d/);
  });

  it('readStartConfig writes exactly one line and returns undefined', () => {
    const lines: string[] = [];
    expect(readStartConfig({ SLACK_BOT_TOKEN: BOT }, (l) => lines.push(l))).toBeUndefined();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^ecs-netbot: .*SLACK_SIGNING_SECRET.*\n$/);
    expect(lines[0]!.split('\n').filter(Boolean)).toHaveLength(1);
    expect(lines[0]).not.toContain(BOT);
  });
});

// The real `npm start` entry point (built before the tests run: test/support/build.ts).
describe('dist/src/main.js with a half-set environment', () => {
  it('exits 1 with one clear line, no stack trace, no secret', () => {
    const env = { PATH: process.env.PATH ?? '', SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: 'xoxb-XK3YXwrong' };
    const run = spawnSync(process.execPath, [join(process.cwd(), 'dist/src/main.js')], { env, cwd: scratchDir(), encoding: 'utf8', timeout: 15_000 });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('SLACK_APP_TOKEN');
    expect(run.stderr).not.toMatch(/XK3YX|at .*\.js:\d+/);
  });
});

describe('dist/src/main.js reads .env from its working directory', () => {
  it('takes the settings in .env (here half-set, so it stops naming the variable)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netbot-start-'));
    try {
      writeFileSync(join(dir, '.env'), `SLACK_BOT_TOKEN=${BOT}\nSLACK_APP_TOKEN=xoxb-XK3YXwrong\n`);
      const main = join(process.cwd(), 'dist/src/main.js');
      const run = spawnSync(process.execPath, [main], { cwd: dir, env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8', timeout: 15_000 });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('SLACK_APP_TOKEN');
      expect(run.stderr).not.toMatch(/XK3YX|at .*\.js:\d+/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('.env.example', () => {
  const example = readFileSync('.env.example', 'utf8');
  it('documents every variable the Slack front end reads, and loads as-is (console mode)', () => {
    const source = readFileSync('src/slack/config.ts', 'utf8');
    const read = [...source.matchAll(/read\(env, '([A-Z_]+)'\)/g)].map((m) => m[1]!);
    expect(read.length).toBeGreaterThanOrEqual(7);
    for (const name of [...read, 'NETBOT_ALLOWED_USERS', 'NETBOT_ALLOWED_CHANNELS', 'NETBOT_DNS_SERVER', 'NETBOT_DNS_TIMEOUT_MS']) {
      expect(example, name).toMatch(new RegExp(`^#? ?${name}=`, 'm'));
    }
    const env: Record<string, string> = {};
    for (const line of example.split('\n')) {
      const m = /^([A-Z_]+)=(.*)$/.exec(line);
      if (m) env[m[1]!] = m[2]!;
    }
    expect(loadConfig(env)).toEqual({ mode: 'console', lang: 'en' });
  });
});

describe('Socket Mode app', () => {
  // The Web API goes to a loopback fake that records every request, so a call made at creation is seen
  // (and nothing reaches slack.com).
  const fake = new FakeSlack();
  beforeAll(() => fake.start());
  afterAll(() => fake.close());

  it('is created without touching the network until start()', async () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: APP, SLACK_API_URL: fake.apiUrl, LOG_LEVEL: 'error' });
    expect(config.mode).toBe('socket');
    const { createSlackBot } = await import('../../src/slack/app.js');
    const bot = createSlackBot(config as Exclude<typeof config, { mode: 'console' }>, { env: {} } as never);
    expect(bot.app).toBeDefined();
    // A request sent at creation would arrive within this wait (the fake answers at once).
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.calls).toEqual([]);
    expect(fake.responses).toEqual([]);
    // The fake is really where the bot's Web API calls go: the first one made on purpose arrives there.
    await bot.app.client.auth.test();
    expect(fake.calls.map((c) => c.method)).toEqual(['auth.test']);
  });
});
