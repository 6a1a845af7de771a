/**
 * `node dist/bench/report.js` (part of `npm run bench`, issue #16): the gaps report at 100,000 questions in a
 * week, in a temporary SQLite file, twice: a busy week's mix (both languages, votes, picks, "none of these") and
 * a flood (every question declined and worded differently, which one member can cause). For each: the CLI
 * `report --json` timed as an operator runs it, then the bot (`dist/src/main.js`, its HTTP receiver and a fake
 * Slack on 127.0.0.1) with a maintainer opening App Home ten times a second while the report is computed (and
 * recomputed twice with `/ecs-ask report refresh`), /healthz asked all along. Plain verdicts; exits 1 when a
 * target is missed. Targets: the CLI report under 10 s; /healthz never slower than 0.5 s.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../src/knowledge/paths.js';
import { freePort } from './bot-process.js';
import { BenchSlack } from './fake-slack.js';
import { percentile } from './measure.js';
import { fillReportDb, type FillOptions } from './report-data.js';
import { verdict } from './verdict.js';

const QUESTIONS = 100_000;
const CLI_TARGET_MS = 10_000;
const HEALTHZ_TARGET_MS = 500;
/** The longest any one wait of the bench may take before it gives up (the report not computed, the bot stuck). */
const GIVE_UP_MS = 300_000;
const SECRET = 'b3nchr3p0rt0000000000000000000aa';
const MAINTAINER = 'U0MAINT';
const ROOT = packageRoot();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The fake Slack, keeping what the bot published (App Home) and replied (per response_url id), as text. */
class FakeSlack extends BenchSlack {
  readonly published: string[] = [];
  readonly replies = new Map<string, string[]>();

  protected override seen(path: string, body: string): void {
    const reply = /^\/response\/(.+)$/.exec(path);
    if (reply) this.replies.set(reply[1]!, [...(this.replies.get(reply[1]!) ?? []), body]);
    if (path === '/api/views.publish') this.published.push(decodeURIComponent(body));
  }
}

/** Waits (polling every 20 ms) until `done` holds; throws after GIVE_UP_MS. */
async function until(what: () => string, done: () => boolean | Promise<boolean>): Promise<void> {
  const started = Date.now();
  while (!(await done())) {
    if (Date.now() - started > GIVE_UP_MS) throw new Error(`gave up waiting for ${what()}`);
    await sleep(20);
  }
}

/** POSTs a body to the bot signed as Slack signs it. */
function post(base: string, body: string, type: string): Promise<unknown> {
  const ts = Math.floor(Date.now() / 1000);
  const signature = 'v0=' + createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex');
  return fetch(`${base}/slack/events`, { method: 'POST', headers: { 'content-type': type, 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signature }, body }).then(
    (r) => r.text(),
    () => undefined,
  );
}

const homeOpened = (n: number) =>
  JSON.stringify({
    type: 'event_callback', team_id: 'T0', api_app_id: 'A0', event_id: `EvHome${n}${randomUUID().slice(0, 8)}`, event_time: Math.floor(Date.now() / 1000),
    event: { type: 'app_home_opened', user: MAINTAINER, channel: 'D0MAINT', tab: 'home', event_ts: `${1_800_000_000 + n}.000100` },
    authorizations: [{ team_id: 'T0', user_id: 'UBOT', is_bot: true }],
  });

const refreshCommand = (id: string, slack: FakeSlack) =>
  new URLSearchParams({ command: '/ecs-ask', text: 'report refresh', user_id: MAINTAINER, channel_id: 'C0BENCH', team_id: 'T0', response_url: `${slack.url}/response/${id}`, trigger_id: `t-${id}` }).toString();

/** The CLI report over the file, as an operator runs it (`cache`: its own knowledge cache folder): wall time, and what it found. */
function cliReport(db: string, cache: string): { ms: number; ok: boolean; questions: number; declined: number; omitted: number } {
  const started = performance.now();
  const run = spawnSync(process.execPath, [join(ROOT, 'dist/src/cli/main.js'), 'report', '--since', '7d', '--json'], {
    env: { PATH: process.env.PATH ?? '', NETBOT_DB: db, NETBOT_CACHE_DIR: cache },
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  const ms = performance.now() - started;
  if (run.status !== 0) return { ms, ok: false, questions: 0, declined: 0, omitted: 0 };
  const out = JSON.parse(run.stdout) as { summary: { questions: number }; declined: unknown[]; omitted: { declined: { texts: number } } };
  return { ms, ok: true, questions: out.summary.questions, declined: out.declined.length, omitted: out.omitted.declined.texts };
}

interface HealthRun {
  /** /healthz with the bot idle, for comparison: what the machine's load alone costs. */
  idle: number[];
  checks: number[];
  opens: number;
  computeMs: number[];
}

/**
 * The bot over the file; a maintainer opens App Home every 100 ms from the start: the first report is computed,
 * then recomputed twice (`/ecs-ask report refresh`); /healthz is asked one after another (20 ms apart) all along.
 */
async function healthDuringReports(db: string, cwd: string): Promise<HealthRun> {
  const slack = new FakeSlack();
  await slack.start();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const bot = spawn(process.execPath, [join(ROOT, 'dist/src/main.js')], {
    cwd,
    env: {
      PATH: process.env.PATH ?? '', SLACK_BOT_TOKEN: 'xoxb-0-1-bench', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: `${slack.url}/api/`,
      PORT: String(port), LOG_LEVEL: 'error', NETBOT_DB: db, NETBOT_MAINTAINERS: MAINTAINER,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  bot.stderr!.on('data', (d) => (stderr += String(d)));
  const run: HealthRun = { idle: [], checks: [], opens: 0, computeMs: [] };
  const check = async (into: number[]) => {
    const started = performance.now();
    await fetch(`${base}/healthz`).then((r) => r.text(), () => undefined);
    into.push(performance.now() - started);
  };
  let stop = false;
  try {
    await until(
      () => `the bot to start (${stderr.trim()})`,
      () => bot.exitCode === null && fetch(`${base}/healthz`).then((r) => r.ok, () => false),
    );
    for (let i = 0; i < 50; i++) {
      await check(run.idle);
      await sleep(20);
    }
    const poll = (async () => {
      while (!stop) {
        await check(run.checks);
        await sleep(20);
      }
    })();
    const hammer = (async () => {
      while (!stop) {
        void post(base, homeOpened(run.opens++), 'application/json');
        await sleep(100);
      }
    })();
    const computed = () => slack.published.filter((v) => v.includes('Computed')).length;
    let started = performance.now();
    await until(() => 'the first report', () => computed() > 0);
    run.computeMs.push(performance.now() - started);
    for (let i = 0; i < 2; i++) {
      const id = randomUUID();
      started = performance.now();
      await post(base, refreshCommand(id, slack), 'application/x-www-form-urlencoded');
      await until(() => 'a recomputed report', () => (slack.replies.get(id) ?? []).some((r) => r.includes('Computed 0 min ago') && !r.includes('A fresh copy')));
      run.computeMs.push(performance.now() - started);
    }
    stop = true;
    await Promise.all([poll, hammer]);
    return run;
  } finally {
    stop = true;
    bot.kill('SIGTERM');
    if (bot.exitCode === null) await new Promise((r) => bot.once('exit', r));
    await slack.close();
  }
}

async function main(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'netbot-bench-report-'));
  let met = true;
  // Timings are wall clock: on a shared machine they say as much about the others' load as about the report.
  console.log(`Gaps report at ${QUESTIONS} questions a week (load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores)`);
  try {
    for (const shape of ['mix', 'flood'] as const) {
      const db = join(dir, `${shape}.db`);
      const opts: FillOptions = { questions: QUESTIONS, now: new Date(), shape };
      const filled = await fillReportDb(db, opts);
      console.log(`\n${shape === 'mix' ? 'A busy week' : 'A flood (every question declined, each worded differently)'}: ${filled.questions} questions (${filled.declined} declined), ${filled.votes} votes, ${filled.choices} clicks`);
      // First with a cold knowledge cache (every YAML file parsed), then as a second call finds it.
      const runs = [cliReport(db, join(dir, `cache-${shape}`)), cliReport(db, join(dir, `cache-${shape}`))];
      const [cold, warm] = runs as [ReturnType<typeof cliReport>, ReturnType<typeof cliReport>];
      met =
        verdict(
          'CLI report --since 7d --json under 10 s',
          runs.every((r) => r.ok && r.ms < CLI_TARGET_MS),
          cold.ok && warm.ok ? `${(cold.ms / 1000).toFixed(1)} s (knowledge cache cold), ${(warm.ms / 1000).toFixed(1)} s (warm); ${warm.questions} questions, ${warm.declined} declined groups, ${warm.omitted} texts beyond the cap` : 'failed',
        ) && met;
      const health = await healthDuringReports(db, mkdtempSync(join(dir, 'bot-')));
      const sorted = [...health.checks].sort((a, b) => a - b);
      const max = sorted[sorted.length - 1] ?? Infinity;
      const idle = [...health.idle].sort((a, b) => a - b);
      met =
        verdict(
          '/healthz never slower than 0.5 s while App Home is opened and the report computed',
          max <= HEALTHZ_TARGET_MS,
          `max ${max.toFixed(0)} ms, p99 ${percentile(sorted, 99).toFixed(0)} ms over ${sorted.length} checks; ${health.opens} App Home opens; report computed in ${health.computeMs.map((ms) => (ms / 1000).toFixed(1)).join(' s, ')} s; the bot idle: max ${idle[idle.length - 1]!.toFixed(0)} ms`,
        ) && met;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(met ? '\nreport targets met' : '\nreport targets NOT met');
  return met ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
