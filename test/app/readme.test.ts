import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fillReportDb } from '../../bench/report-data.js';
import { packageRoot } from '../../src/knowledge/paths.js';
import { scratchDir } from '../support/scratch.js';

/**
 * Issue #18: every command the README shows runs as written. The shell lines of its ```sh blocks that call
 * `ecs-netbot` (or pipe into `npm start`) are run in document order by a real shell, against the built CLI, in
 * a scratch working directory and HOME, with no Slack, no cloud credentials and no DNS beyond loopback. A line
 * that needs one of those is skipped for a reason named here, and the test checks that skipping cannot swallow
 * the whole README.
 */
const root = packageRoot();
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** The lines of every ```sh block, with the line number they have in README.md. */
export function shellLines(markdown: string): Array<{ line: number; text: string }> {
  const out: Array<{ line: number; text: string }> = [];
  let inSh = false;
  markdown.split('\n').forEach((text, i) => {
    const fence = /^```\s*(\S*)/.exec(text);
    if (fence) inSh = !inSh && fence[1] === 'sh';
    else if (inSh && text.trim()) out.push({ line: i + 1, text: text.trim() });
  });
  return out;
}

/** Lines that call the CLI, or feed the console on stdin; installs, clones and the interactive console are not. */
const runsTheProgram = (text: string) => /(^|\|\s*)(ecs-netbot|node bin\/ecs-netbot\.js)\s/.test(text) || /\|\s*npm start\b/.test(text);

/** Why a line cannot run here, or undefined when it can. */
export function outsideService(text: string): string | undefined {
  if (/\becs-netbot instance\b/.test(text)) return 'the ECS API';
  if (/\becs-netbot (canswap|triage)\b.*\si-[0-9a-z]+/.test(text)) return 'the ECS API (an instance id)';
  if (/\becs-netbot ptr\b/.test(text) && !/--server 127\.0\.0\.1(:\d+)?\b/.test(text)) return 'DNS beyond loopback';
  return undefined;
}

/** The console session the Quick start shows: the `> ` lines of its ```text block, without their (comments). */
export function consoleSession(markdown: string): string[] {
  const block = /```text\n([\s\S]*?)```/.exec(markdown.slice(markdown.indexOf('## Quick start')));
  return (block?.[1] ?? '').split('\n').filter((l) => l.startsWith('> ')).map((l) => l.slice(2).replace(/\s{2,}\(.*\)$/, '').trim());
}

/**
 * Commands shown inline (`ecs-netbot bw 5M` in the command reference and the text): those that are a whole
 * command, not a synopsis (`<ip>`, `[--json]`), a placeholder (`FILE`, `…`) or npx (which may ask the registry).
 */
export function inlineCommands(markdown: string): Array<{ line: number; text: string }> {
  const out: Array<{ line: number; text: string }> = [];
  let inBlock = false;
  markdown.split('\n').forEach((text, i) => {
    if (text.startsWith('```')) inBlock = !inBlock;
    if (inBlock) return;
    for (const m of text.matchAll(/`((?:node bin\/ecs-netbot\.js|ecs-netbot) [^`]+)`/g)) {
      if (!/[<>[\]…]|\bFILE\b/.test(m[1]!)) out.push({ line: i + 1, text: m[1]! });
    }
  });
  return out;
}

const lines = [...shellLines(readme), ...inlineCommands(readme)].filter((l) => runsTheProgram(l.text));
const runnable = lines.filter((l) => !outsideService(l.text));

/** `ecs-netbot` and `npm` on PATH run this checkout's built files, so the README's lines run unchanged. */
function shims(dir: string): string {
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  const script = (name: string, body: string) => {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  script('ecs-netbot', `exec "${process.execPath}" "${join(root, 'bin', 'ecs-netbot.js')}" "$@"`);
  script('npm', `[ "$1" = start ] || { echo "the README test runs only npm start" >&2; exit 99; }\nexec "${process.execPath}" "${join(root, 'bin', 'start.js')}"`);
  return bin;
}

let cwd = '';
let env: Record<string, string> = {};

beforeAll(async () => {
  cwd = scratchDir();
  const home = scratchDir();
  env = {
    PATH: `${shims(home)}:/usr/bin:/bin`,
    HOME: home,
    LANG: 'C.UTF-8',
    NO_COLOR: '1',
    // No cloud: never the metadata service or an aliyun CLI profile of whoever runs the tests.
    ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
    ALIBABA_CLOUD_CLI_PROFILE_DISABLED: 'true',
    // Only the loopback ptr example runs; nothing listens there, so waiting the default 2 s per try buys nothing.
    NETBOT_DNS_TIMEOUT_MS: '200',
  };
  // A store that has been used (as a bot's after a week), so `report --aliases` has a patch to write and the
  // README's `kb check --patch netbot-aliases.patch` has it to check.
  mkdirSync(join(cwd, 'data'));
  await fillReportDb(join(cwd, 'data', 'netbot.db'), { questions: 2_000, now: new Date() });
}, 120_000);

describe('README.md', () => {
  it('has runnable commands for every command that needs no outside service, and skips only for a named reason', () => {
    const ran = new Set(runnable.map((l) => /ecs-netbot(?:\.js)? (\w+)/.exec(l.text)?.[1] ?? 'console'));
    for (const name of ['ask', 'bw', 'canswap', 'subnet', 'ptr', 'triage', 'kb', 'report', 'console']) expect(ran).toContain(name);
    expect(runnable.length).toBeGreaterThanOrEqual(30);
    // What is skipped, and why: the instance lookups and the DNS lookups beyond loopback, nothing else.
    const skipped = lines.filter((l) => outsideService(l.text)).map((l) => /ecs-netbot (\w+)/.exec(l.text)![1]);
    for (const name of skipped) expect(['instance', 'canswap', 'triage', 'ptr']).toContain(name);
    expect(skipped.length).toBeLessThanOrEqual(10);
  });

  it('answers every question of the Quick start console session, reading as follow-ups only the lines marked so', () => {
    const session = consoleSession(readme);
    expect(session.length).toBeGreaterThanOrEqual(5);
    const run = spawnSync('sh', ['-c', 'npm start'], { cwd, env, input: session.join('\n') + '\n', encoding: 'utf8', timeout: 50_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).not.toMatch(/Sorry, I don't have a confident answer|抱歉，知识库里没有/);
    const followUps = readme.slice(readme.indexOf('```text')).split('```')[1]!.split('\n').filter((l) => /\(a follow-up/.test(l)).length;
    expect(run.stdout.match(/↪/g) ?? []).toHaveLength(followUps);
  });

  it.each(runnable.map((l) => [`line ${l.line}: ${l.text}`, l.text] as const))('%s', (_name, text) => {
    // `node bin/ecs-netbot.js …` is shown as run from the clone.
    const run = spawnSync('sh', ['-c', text], { cwd: text.startsWith('node bin/') ? root : cwd, env, encoding: 'utf8', timeout: 50_000 });
    expect(run.status, `exit ${run.status}\n${run.stderr}${run.stdout.slice(0, 2000)}`).toBe(0);
    expect(run.stdout.trim().length).toBeGreaterThan(0);
    if (/--json\b/.test(text)) {
      // --json prints JSON: one object, or one per line with --batch.
      const docs = /--batch\b/.test(text) ? run.stdout.trim().split('\n') : [run.stdout];
      for (const doc of docs) expect(() => JSON.parse(doc) as unknown, doc.slice(0, 200)).not.toThrow();
    }
  });
});
