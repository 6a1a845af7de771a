import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { makeServices } from '../../src/app/make-services.js';
import { runConsole } from '../../src/cli/console.js';
import { HISTORY_SIZE, historyPath } from '../../src/cli/console-history.js';
import type { Services } from '../../src/commands/types.js';
import { services } from '../support/services.js';

/**
 * The console on a terminal (issue #18): a fake TTY (streams with isTTY and columns) in readline's terminal
 * mode, typed into key by key as a user would: colours, history across sessions, Ctrl-C, the loading line.
 */
const svc = services();
const SGR = /\u001b\[[0-9;]*m/; // a colour or weight: readline's own cursor moves are other sequences
const UP = '\u001b[A';
const CTRL_C = '\u0003';
const CTRL_D = '\u0004';

interface Session {
  /** Everything written so far, and the same with escape sequences taken out. */
  out(): string;
  plain(): string;
  type(keys: string): void;
  /** Resolves once the plain output matches (checked on every write: no timers). */
  until(pattern: RegExp, count?: number): Promise<void>;
  done: Promise<void>;
  closed(): boolean;
}

function session(env: NodeJS.ProcessEnv, opts: { outputTTY?: boolean; services?: Services } = {}): Session {
  const input = Object.assign(new PassThrough(), { isTTY: true });
  const output = Object.assign(new PassThrough(), { isTTY: opts.outputTTY ?? true, columns: 200, rows: 50 });
  let text = '';
  const waiters: Array<() => void> = [];
  output.on('data', (d: Buffer) => {
    text += d.toString();
    for (const check of [...waiters]) check();
  });
  const plain = () => text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
  let closed = false;
  const done = runConsole(input, output, { NETBOT_LANG: 'en', ...env }, opts.services ?? svc).finally(() => (closed = true));
  return {
    out: () => text,
    plain,
    type: (keys) => input.write(keys),
    until: (pattern, count = 1) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if ((plain().match(new RegExp(pattern.source, 'g')) ?? []).length >= count) {
            waiters.splice(waiters.indexOf(check), 1);
            resolve();
          }
        };
        waiters.push(check);
        void done.then(() => waiters.includes(check) && reject(new Error(`console ended before ${pattern}:\n${plain()}`)));
        check();
      }),
    done,
    closed: () => closed,
  };
}

const tempDir = () => mkdtempSync(join(tmpdir(), 'netbot-console-'));
// 5 Mbps outbound: what /ecs-bw 5 answers, in the plain text.
const BW_ANSWER = /5 Mbps/;

describe('console colours', () => {
  async function colouredRun(env: NodeJS.ProcessEnv, outputTTY = true): Promise<string> {
    const s = session({ NETBOT_HISTORY: 'off', ...env }, { outputTTY });
    s.type('/ecs-bw lots\r');
    await s.until(/ecs-bw/, 3);
    s.type('show eni-what-is-eni\r');
    await s.until(/What is an Elastic Network Interface/);
    s.type(CTRL_D);
    await s.done;
    return s.out();
  }

  it('on a terminal: headings bold, citations dimmed, an error in red', async () => {
    const out = await colouredRun({});
    expect(out).toMatch(/\u001b\[1m\u001b\[36m== What is an Elastic Network Interface/);
    expect(out).toMatch(/\u001b\[2m {2}Source: /);
    // The error reply's text (what was wrong) in red.
    expect(out).toMatch(/\u001b\[31m[^\u001b]*lots/);
  });

  it('none with NO_COLOR set, none when the output is not a terminal, and FORCE_COLOR=0 turns them off', async () => {
    for (const [env, tty] of [[{ NO_COLOR: '1' }, true], [{}, false], [{ FORCE_COLOR: '0' }, true]] as const) {
      const out = await colouredRun(env, tty);
      expect(out, JSON.stringify(env)).toContain('What is an Elastic Network Interface');
      expect(out, JSON.stringify(env)).not.toMatch(SGR);
    }
  });

  it('an empty NO_COLOR does not count (no-color.org: set to a non-empty value)', async () => {
    expect(await colouredRun({ NO_COLOR: '' })).toMatch(SGR);
  });
});

describe('console history', () => {
  it('is written with mode 0600, without secrets, and a second session recalls the first one\'s line with ↑', async () => {
    const state = tempDir();
    const env = { XDG_STATE_HOME: state };
    const first = session(env);
    first.type('/ecs-bw 5\r');
    await first.until(BW_ANSWER);
    first.type('my token is xoxb-1234-5678-abcdef\r');
    await first.until(/ecs-netbot> /, 3);
    first.type('key LTAI5tAbCdEfGhIjKlMn\r');
    await first.until(/ecs-netbot> /, 4);
    first.type(CTRL_D);
    await first.done;

    const file = join(state, 'ecs-netbot', 'history');
    expect(historyPath(env)).toBe(file);
    expect(readFileSync(file, 'utf8')).toBe('/ecs-bw 5\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const second = session(env);
    second.type(UP);
    await second.until(/ecs-bw 5/);
    second.type('\r');
    await second.until(BW_ANSWER);
    second.type(CTRL_D);
    await second.done;
  });

  it('keeps the newest lines only, and NETBOT_HISTORY=off keeps none', async () => {
    const dir = tempDir();
    const file = join(dir, 'history');
    writeFileSync(file, Array.from({ length: HISTORY_SIZE + 20 }, (_, i) => `old ${i}\n`).join(''));
    const s = session({ NETBOT_HISTORY: file });
    s.type('/ecs-bw 5\r');
    await s.until(BW_ANSWER);
    s.type(CTRL_D);
    await s.done;
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(HISTORY_SIZE);
    expect(lines.at(-1)).toBe('/ecs-bw 5');
    expect(lines[0]).toBe('old 21');

    const off = session({ NETBOT_HISTORY: 'off', HOME: dir, XDG_STATE_HOME: dir });
    off.type(UP);
    off.type('\r');
    await off.until(/ecs-netbot> /, 2);
    // Nothing recalled: after the banner, only prompts.
    expect(off.plain().split('\n').slice(1).join('\n')).not.toMatch(/old|ecs-bw/);
    off.type('/ecs-bw 5\r');
    await off.until(BW_ANSWER);
    off.type(CTRL_D);
    await off.done;
    expect(readFileSync(file, 'utf8').trimEnd().split('\n').at(-1)).toBe('/ecs-bw 5');
    expect(existsSync(join(dir, 'ecs-netbot'))).toBe(false);
    expect(historyPath({ NETBOT_HISTORY: 'off', HOME: dir })).toBeUndefined();
  });
});

describe('console Ctrl-C', () => {
  it('clears a half-typed line with a hint, and a second Ctrl-C on the empty line quits', async () => {
    const s = session({ NETBOT_HISTORY: 'off' });
    s.type('half typed question');
    s.type(CTRL_C);
    await s.until(/Press Ctrl-C again to quit/);
    expect(s.closed()).toBe(false);
    // The line was dropped: what is typed next is the whole line.
    s.type('/ecs-bw 5\r');
    await s.until(BW_ANSWER);
    expect(s.plain()).not.toMatch(/Unknown|half typed.*\/ecs-bw/);
    // A line entered disarms: the next Ctrl-C only warns again, the one after quits.
    s.type(CTRL_C);
    await s.until(/Press Ctrl-C again to quit/, 2);
    expect(s.closed()).toBe(false);
    s.type(CTRL_C);
    await s.done;
  });

  it('says so in Chinese when the console speaks Chinese', async () => {
    const s = session({ NETBOT_HISTORY: 'off', NETBOT_LANG: 'zh' });
    s.type(CTRL_C);
    await s.until(/再按一次 Ctrl-C 退出/);
    s.type(CTRL_C);
    await s.done;
  });
});

describe('console loading line', () => {
  it('is said once, before the first question that waits for the search index', async () => {
    let built = 0;
    const lazy = makeServices(svc.kb, {}, () => (built++, svc.search));
    const s = session({ NETBOT_HISTORY: 'off' }, { services: lazy });
    s.type('/ecs-bw 5\r');
    await s.until(BW_ANSWER);
    expect(s.plain()).not.toContain('Loading the search index');
    s.type('what is an eni\r');
    await s.until(/ecs-netbot> /, 3);
    s.type('how do I apply for reverse dns\r');
    await s.until(/ecs-netbot> /, 4);
    s.type(CTRL_D);
    await s.done;
    const text = s.plain();
    expect(text.match(/Loading the search index/g)).toHaveLength(1);
    expect(text.indexOf('Loading the search index')).toBeLessThan(text.indexOf('Elastic Network Interface'));
    expect(built).toBe(1);
  });

  it('is not said when the index is already loaded', async () => {
    const s = session({ NETBOT_HISTORY: 'off' });
    s.type('what is an eni\r');
    await s.until(/ecs-netbot> /, 2);
    s.type(CTRL_D);
    await s.done;
    expect(s.plain()).not.toContain('Loading the search index');
  });
});
