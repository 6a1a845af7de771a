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
  /** Types `help` and waits for its answer: every line typed before it has been answered (lines go in order). */
  sync(): Promise<void>;
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
  let helps = 0;
  const until = (pattern: RegExp, count = 1) =>
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
      });
  return {
    out: () => text,
    plain,
    type: (keys) => input.write(keys),
    until,
    sync: () => {
      input.write('help\r');
      return until(/1, 2, 3: pick a numbered entry|1、2、3：选择/, ++helps);
    },
    done,
    closed: () => closed,
  };
}

const tempDir = () => mkdtempSync(join(tmpdir(), 'netbot-console-'));
// What /ecs-bw 5 answers (5 Mbps outbound), in the plain text.
const BW_ANSWER = /== What 5 Mbps public bandwidth means ==/;
const ENI_HEADER = '== What is an Elastic Network Interface (ENI)? ==';

describe('console colours', () => {
  async function colouredRun(env: NodeJS.ProcessEnv, outputTTY = true): Promise<string> {
    const s = session({ NETBOT_HISTORY: 'off', ...env }, { outputTTY });
    s.type('/ecs-bw lots\r');
    s.type('show eni-what-is-eni\r');
    await s.sync();
    s.type(CTRL_D);
    await s.done;
    expect(s.plain()).toContain(ENI_HEADER);
    return s.out();
  }

  it('on a terminal: headings bold, citations dimmed, an error in red', async () => {
    const out = await colouredRun({});
    expect(out).toContain(`\u001b[1m\u001b[36m${ENI_HEADER}`);
    expect(out).toMatch(/\u001b\[2m {2}Source: /);
    // The error reply's text (what was wrong) in red.
    expect(out).toMatch(/\u001b\[31mCannot read bandwidth "lots"/);
  });

  it('none with NO_COLOR set, none when the output is not a terminal, and FORCE_COLOR=0 turns them off', async () => {
    for (const [env, tty] of [[{ NO_COLOR: '1' }, true], [{}, false], [{ FORCE_COLOR: '0' }, true]] as const) {
      expect(await colouredRun(env, tty), JSON.stringify({ env, tty })).not.toMatch(SGR);
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
    first.type('my token is xoxb-1234-5678-abcdef\r');
    first.type('key LTAI5tAbCdEfGhIjKlMn\r');
    await first.sync();
    first.type(CTRL_D);
    await first.done;

    const file = join(state, 'ecs-netbot', 'history');
    expect(historyPath(env)).toBe(file);
    expect(readFileSync(file, 'utf8')).toBe('/ecs-bw 5\nhelp\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);

    // ↑ twice: past "help" to the line before it, then Enter runs it.
    const second = session(env);
    second.type(`${UP}${UP}\r`);
    await second.sync();
    second.type(CTRL_D);
    await second.done;
    expect(second.plain()).toMatch(BW_ANSWER);
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
    off.type(`${UP}\r`);
    await off.sync();
    off.type(CTRL_D);
    await off.done;
    // Nothing recalled: after the banner, the prompt, the help and nothing else.
    expect(off.plain().split('\n').slice(1).join('\n')).not.toMatch(/old \d|public bandwidth means/);
    expect(readFileSync(file, 'utf8').trimEnd().split('\n').at(-1)).toBe('/ecs-bw 5');
    expect(existsSync(join(dir, 'ecs-netbot'))).toBe(false);
    expect(historyPath({ NETBOT_HISTORY: 'off', HOME: dir })).toBeUndefined();
  });

  it('a history file that cannot be written is said once, and the console goes on', async () => {
    const notAFolder = join(tempDir(), 'file');
    writeFileSync(notAFolder, '');
    const s = session({ NETBOT_HISTORY: join(notAFolder, 'history') });
    s.type('/ecs-bw 5\r');
    await s.sync();
    s.type(CTRL_D);
    await s.done;
    expect(s.plain().split('Could not save the input history')).toHaveLength(2);
    expect(s.plain()).toMatch(BW_ANSWER);
  });
});

describe('console Ctrl-C', () => {
  const HINT = /To quit, press Ctrl-C again/;
  // Quits (the console's promise settles) rather than answering one more line.
  const quitsBeforeAnswering = (s: Session) => Promise.race([s.done.then(() => 'quit'), s.sync().then(() => 'still answering')]);

  it('clears a half-typed line with a hint, and a second Ctrl-C on the empty line quits', async () => {
    const s = session({ NETBOT_HISTORY: 'off' });
    s.type(`half typed question${CTRL_C}`);
    await s.until(HINT);
    // The line was dropped: what is typed next is the whole line, and the console still answers.
    s.type('/ecs-bw 5\r');
    await s.sync();
    expect(s.plain()).toMatch(BW_ANSWER);
    expect(s.closed()).toBe(false);
    // A line entered disarms: the next Ctrl-C only says the hint again, the one after quits.
    s.type(CTRL_C);
    await s.until(HINT, 2);
    s.type('/ecs-bw 5\r');
    await s.until(BW_ANSWER, 2);
    s.type(`${CTRL_C}${CTRL_C}`);
    expect(await quitsBeforeAnswering(s)).toBe('quit');
  });

  it('says so in Chinese when the console speaks Chinese; Ctrl-D quits too', async () => {
    const s = session({ NETBOT_HISTORY: 'off', NETBOT_LANG: 'zh' });
    s.type(CTRL_C);
    await s.until(/要退出，再按一次 Ctrl-C/);
    s.type(CTRL_D);
    expect(await quitsBeforeAnswering(s)).toBe('quit');
  });
});

describe('console loading line', () => {
  const LOADING = 'Loading the search index';

  it('is said once, before the first question that waits for the search index', async () => {
    let built = 0;
    const lazy = makeServices(svc.kb, {}, () => (built++, svc.search));
    const s = session({ NETBOT_HISTORY: 'off' }, { services: lazy });
    s.type('/ecs-bw 5\r');
    await s.until(BW_ANSWER);
    expect(s.plain()).not.toContain(LOADING);
    s.type('what is an eni\r');
    s.type('how do I apply for reverse dns\r');
    await s.sync();
    s.type(CTRL_D);
    await s.done;
    const text = s.plain();
    expect(text.split(LOADING)).toHaveLength(2);
    expect(text.indexOf(LOADING)).toBeLessThan(text.indexOf(ENI_HEADER));
    expect(built).toBe(1);
  });

  it('is not said when the index is already loaded', async () => {
    const s = session({ NETBOT_HISTORY: 'off' });
    s.type('what is an eni\r');
    await s.sync();
    s.type(CTRL_D);
    await s.done;
    expect(s.plain()).toContain(ENI_HEADER);
    expect(s.plain()).not.toContain(LOADING);
  });
});
