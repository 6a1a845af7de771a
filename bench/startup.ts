/**
 * `npm run bench:startup` (issue #18): start-up and CLI cost, measured side by side in one run on the same
 * machine, so that the ratios hold on a busy one. Alternating starts (~10 each, `--runs N`):
 * - the bot as `npm start` runs it (bin/start.js, HTTP mode) until /healthz answers 200, against a minimal
 *   Bolt app (written below: one command, a /healthz route) started the same way against the same fake Slack;
 *   RSS of each once ready;
 * - `node -e 0`, `ecs-netbot bw 5` and `ecs-netbot ask "what is an EIP"` (node bin/ecs-netbot.js), and the
 *   ways to call the CLI the README lists (npx; the bin file run as a command, which is what `npm link` and
 *   node_modules/.bin install);
 * - the console (`npm start` without Slack tokens): from start to the first question's answer.
 * Everything runs on 127.0.0.1. Prints a plain verdict per target; exits 1 when one is not met.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../src/knowledge/paths.js';
import { freePort } from './bot-process.js';
import { median } from './measure.js';
import { writeMinimalBolt } from './minimal-bolt.js';
import { verdict } from './verdict.js';

const ROOT = packageRoot();
const START = join(ROOT, 'bin', 'start.js');
const CLI = join(ROOT, 'bin', 'ecs-netbot.js');
const SECRET = '8f742231b10e8888abcd9900000085a5';
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Math.max(3, Number(process.argv[runsArg + 1]) || 10) : 10;
const READY_MS = 1500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The minimal Bolt app's one command (its start: verify the token, listen, answer /healthz). */
const MINIMAL_COMMAND = `app.command('/ecs-bw', async ({ ack }) => { await ack('ok'); });`;

/** A fake Slack Web API: auth.test and anything else answered ok. */
async function fakeSlack(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(req.url?.startsWith('/api/auth.test') ? '{"ok":true,"user_id":"UBOT","bot_id":"BBOT","team_id":"T0"}' : '{"ok":true}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`, server };
}


const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/** Starts a server process and polls /healthz until 200 (at most 30 s): ms from spawn to ready, and RSS then. */
async function timeReady(script: string, env: NodeJS.ProcessEnv, cwd: string): Promise<{ ms: number; rss: number }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [script], { env: { ...env, PORT: String(port) }, cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += String(d)));
  try {
    while (performance.now() - started < 30_000) {
      if (child.exitCode !== null) throw new Error(`${script} exited ${child.exitCode}: ${stderr.trim().split('\n')[0]}`);
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status === 200, () => false);
      if (ok) return { ms: performance.now() - started, rss: rssMb(child.pid!) };
      await sleep(5);
    }
    throw new Error(`${script} was not ready within 30 s`);
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.race([exited, sleep(5000)]);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

/** Wall time of one command to its exit; throws on a non-zero exit. */
async function timeRun(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += String(d)));
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  if (code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${code}: ${stderr.trim().split('\n')[0]}`);
  return performance.now() - started;
}

/** The console (no Slack tokens), a question on stdin from the start: ms from spawn to its answer, and whether it said "loading". */
async function timeConsole(cwd: string, env: NodeJS.ProcessEnv): Promise<{ ms: number; loading: boolean }> {
  const started = performance.now();
  const child = spawn(process.execPath, [START], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += String(d)));
  child.stdin.write('what is an EIP\n');
  const ms = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += String(d);
      if (/Elastic IP/i.test(out)) resolve(performance.now() - started);
    });
    child.on('exit', (code) => reject(new Error(`the console exited ${code} before answering: ${stderr.trim().split('\n')[0]}`)));
  });
  child.stdin.end();
  await new Promise((r) => (child.exitCode === null ? child.once('exit', r) : r(null)));
  return { ms, loading: /building the search index/.test(stderr) };
}

const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);

async function main(): Promise<number> {
  const scratch = mkdtempSync(join(tmpdir(), 'netbot-startup-'));
  const minimal = writeMinimalBolt('app.mjs', MINIMAL_COMMAND);
  const slack = await fakeSlack();
  const base: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? scratch, NETBOT_DB: join(scratch, 'netbot.db'), LOG_LEVEL: 'error' };
  const http = { ...base, SLACK_BOT_TOKEN: 'xoxb-000-111-bench', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.url };
  let allMet = true;
  const check = (target: string, met: boolean, figure: string) => void (allMet = verdict(target, met, figure) && allMet);

  console.log(`\n== Start-up (HTTP mode, ${RUNS} alternating starts each, medians) ==`);
  try {
    const bot: Array<{ ms: number; rss: number }> = [];
    const bolt: Array<{ ms: number; rss: number }> = [];
    for (let i = 0; i < RUNS; i++) {
      // Alternating, each first in turn, so that a busy spell of the machine falls on both alike.
      if (i % 2 === 0) bot.push(await timeReady(START, http, scratch)), bolt.push(await timeReady(minimal, http, scratch));
      else bolt.push(await timeReady(minimal, http, scratch)), bot.push(await timeReady(START, http, scratch));
    }
    const [botMs, boltMs] = [median(bot.map((r) => r.ms)), median(bolt.map((r) => r.ms))];
    const [botRss, boltRss] = [median(bot.map((r) => r.rss)), median(bolt.map((r) => r.rss))];
    check(`ready (/healthz 200) in under ${fmt(READY_MS)}`, botMs < READY_MS, `${fmt(botMs)}`);
    check('ready within 2× a minimal Bolt app', botMs <= 2 * boltMs, `${fmt(botMs)} vs ${fmt(boltMs)} (${(botMs / boltMs).toFixed(2)}×)`);
    console.log(`  (figure)  RSS once ready: ${botRss.toFixed(0)} MB vs ${boltRss.toFixed(0)} MB for the minimal Bolt app (${(botRss / boltRss).toFixed(2)}×)`);
  } catch (error) {
    check('start-up measured', false, `not measured: ${(error as Error).message}`);
  }
  console.log(`\n== CLI (${RUNS} alternating calls each, medians) ==`);
  try {
    const env = { ...base };
    const calls: Record<string, () => Promise<number>> = {
      'node -e 0': () => timeRun(process.execPath, ['-e', '0'], scratch, env),
      'bw 5': () => timeRun(process.execPath, [CLI, 'bw', '5'], scratch, env),
      'ask "what is an EIP"': () => timeRun(process.execPath, [CLI, 'ask', 'what is an EIP'], scratch, env),
      // What `npm link` and node_modules/.bin install: the bin file itself, run through its #! line.
      'bin as a command (npm link)': () => timeRun(CLI, ['bw', '5'], scratch, env),
      'npx ecs-netbot bw 5': () => timeRun('npx', ['--no-install', 'ecs-netbot', 'bw', '5'], ROOT, env),
    };
    const times = new Map<string, number[]>(Object.keys(calls).map((k) => [k, []]));
    for (let i = 0; i < RUNS; i++) for (const [name, run] of Object.entries(calls)) times.get(name)!.push(await run());
    const m = (name: string) => median(times.get(name)!);
    const node = m('node -e 0');
    check('`bw 5` ≤ 2× `node -e 0`', m('bw 5') <= 2 * node, `${fmt(m('bw 5'))} vs ${fmt(node)} (${(m('bw 5') / node).toFixed(2)}×)`);
    check('`ask "what is an EIP"` ≤ 3× `node -e 0`', m('ask "what is an EIP"') <= 3 * node, `${fmt(m('ask "what is an EIP"'))} vs ${fmt(node)} (${(m('ask "what is an EIP"') / node).toFixed(2)}×)`);
    console.log('  (figures) one `bw 5` call by each way of calling the CLI (README):');
    console.log(`    node bin/ecs-netbot.js bw 5        ${fmt(m('bw 5'))}`);
    console.log(`    ecs-netbot bw 5 (npm link, .bin)   ${fmt(m('bin as a command (npm link)'))}`);
    console.log(`    npx ecs-netbot bw 5                ${fmt(m('npx ecs-netbot bw 5'))}`);
  } catch (error) {
    check('CLI calls measured', false, `not measured: ${(error as Error).message}`);
  }
  console.log(`\n== Console (${Math.min(RUNS, 5)} starts, median) ==`);
  const consoleTarget = `first console question answered within ${fmt(READY_MS)} of start (no multi-second wait)`;
  try {
    const consoles: Array<{ ms: number; loading: boolean }> = [];
    for (let i = 0; i < Math.min(RUNS, 5); i++) consoles.push(await timeConsole(scratch, base));
    const consoleMs = median(consoles.map((c) => c.ms));
    check(consoleTarget, consoleMs < READY_MS, `${fmt(consoleMs)}${consoles.some((c) => c.loading) ? ' (the index was built: "building the search index" shown)' : ''}`);
  } catch (error) {
    check(consoleTarget, false, `not measured: ${(error as Error).message}`);
  }

  slack.server.close();
  return allMet ? 0 : 1;
}

process.exitCode = await main();
