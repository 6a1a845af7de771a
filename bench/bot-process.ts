import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../src/knowledge/paths.js';

/** The signing secret every bench signs its requests with. */
export const BENCH_SECRET = '8f742231b10e8888abcd9900000085a5';
/** The bot's entry point; BENCH_BOT_MAIN names another build's (a before/after comparison in one run). */
const MAIN = process.env.BENCH_BOT_MAIN ?? join(packageRoot(), 'dist/src/main.js');
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  /** From spawn to /healthz answering. */
  startupMs: number;
  stop(): Promise<void>;
}

/**
 * Spawns a server (the bot's main.js by default, or `script`) on a free loopback port and waits for its
 * /healthz (at most 10 s). The bot runs in a fresh directory: it records into its own ./data/netbot.db (SQLite,
 * as `npm start` does), so the figures include recording and de-duplication through the store.
 */
export async function startServer(slackUrl: string, opts: ServerOptions = {}): Promise<ServerProcess> {
  // A port free a moment ago can be taken by the time the server binds it (the machine is shared): once more.
  try {
    return await startOnce(slackUrl, opts, await freePort());
  } catch (error) {
    if (!/EADDRINUSE/.test(String(error))) throw error;
    return startOnce(slackUrl, opts, await freePort());
  }
}

interface ServerOptions {
  script?: string;
  env?: Record<string, string>;
  nodeArgs?: string[];
}

/** A loopback port free at the time of asking. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

async function startOnce(slackUrl: string, opts: ServerOptions, port: number): Promise<ServerProcess> {
  const t0 = Date.now();
  const nodeArgs = opts.nodeArgs ?? (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, opts.script ?? MAIN], {
    cwd: mkdtempSync(join(tmpdir(), 'netbot-bench-')),
    env: {
      PATH: process.env.PATH ?? '', SLACK_BOT_TOKEN: 'xoxb-0-1-bench', SLACK_SIGNING_SECRET: BENCH_SECRET, SLACK_API_URL: `${slackUrl}/api/`,
      PORT: String(port), NETBOT_HOST: '127.0.0.1', LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'error', ...(process.env.NETBOT_RECORD ? { NETBOT_RECORD: process.env.NETBOT_RECORD } : {}), ...opts.env,
    },
    stdio: ['ignore', nodeArgs.length ? 'inherit' : 'ignore', 'pipe'],
  });
  let stderr = '';
  // BENCH_LOG_LEVEL (e.g. warn): the bot's log lines are shown, to see why a figure is what it is.
  child.stderr!.on('data', (d) => (process.env.BENCH_LOG_LEVEL ? process.stderr.write(d) : (stderr += String(d))));
  let ready = false;
  for (let i = 0; i < 400 && !ready && child.exitCode === null; i++) {
    ready = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
    if (!ready) await sleep(25);
  }
  if (!ready) {
    child.kill('SIGKILL');
    throw new Error(`${opts.script ?? 'the bot'} did not become ready: ${stderr}`);
  }
  return {
    child,
    port,
    startupMs: Date.now() - t0,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** CPU time (user + system) a process has used so far, in ms, from /proc (the same reading for every process compared). */
export function cpuMs(pid: number): number {
  // Fields after the command name (which may hold spaces, hence the last ')'): utime and stime are the 12th and 13th.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/** Linux's USER_HZ: 100 on every architecture Node supports. */
const CLOCK_TICKS = 100;
