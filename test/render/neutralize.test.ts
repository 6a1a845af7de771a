import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runConsole } from '../../src/cli/console.js';
import { echo } from '../../src/commands/echo.js';
import { renderBlocks } from '../../src/render/blocks.js';
import { neutralize, neutralJson } from '../../src/util/neutralize.js';
import { formatReply } from '../../src/cli/output.js';
import { dispatch } from '../../src/app/dispatch.js';
import { redactingLogger } from '../../src/slack/redact.js';
import { LogLevel } from '@slack/bolt';
import { renderText } from '../../src/render/text.js';
import { services } from '../support/services.js';

const HOSTILE = 'a\u0000b\u001b[2Jc\u202ed\u2066e\u200ff\u0007g\u009bh';

describe('control and bidi characters are neutralised in one place, for the terminal and Slack', () => {
  it('replaces controls with visible pictures and bidi controls with U+FFFD, keeping Chinese, emoji and joiners', () => {
    expect(neutralize(HOSTILE)).toBe('a␀b␛[2Jc\ufffdd\ufffde\ufffdf␇g\ufffdh');
    const family = '带宽 👨‍👩‍👧 ✔️ 中文';
    expect(neutralize(family)).toBe(family);
    expect(neutralize('one\ntwo\tthree\r\nfour')).toBe('one\ntwo three\nfour');
    expect(neutralize('one\ntwo', { flatten: true })).toBe('one␤two');
  });

  it('invisible characters (zero-width, word joiner, BOM, soft hyphen, tags) become U+FFFD; what emoji are made of stays', () => {
    expect(neutralize('i-bp6\u200b7 a\u200cb\u2060c\ufeffd\u00ade\u180ef x\u200dy hi\u{E0041}\u{E0042}')).toBe('i-bp6\ufffd7 a\ufffdb\ufffdc\ufffdd\ufffde\ufffdf x\ufffdy hi\ufffd\ufffd');
    for (const kept of ['👩🏽‍💻 ❤️‍🔥 1️⃣ ✔️', '\u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}', '葛\u{E0100}']) expect(neutralize(kept)).toBe(kept);
    // A run of variation selectors hides data behind one emoji: only the first stays.
    expect(neutralize('😀\ufe0f\ufe0f\ufe0f')).toBe('😀\ufe0f\ufffd\ufffd');
  });

  it('JSON output carries every string neutralised, and so does a CLI reply with --json', async () => {
    expect(neutralJson({ a: ['x\u202ey', { b: 'z\u200bw\u009b' }], n: 1 })).toBe('{"a":["x\ufffdy",{"b":"z\ufffdw\ufffd"}],"n":1}');
    const reply = await dispatch({ command: 'subnet', tokens: ['10.0.0.0/\u202e33\u200b'], defaultLang: 'en' }, services());
    const out = formatReply(reply, true);
    expect(out).not.toMatch(/[\u202e\u200b]|\\u202e|\\u200b/);
    expect(out).toContain('\ufffd');
  });

  it('log lines stay on one line, with nothing that could drive a terminal', () => {
    const lines: string[] = [];
    redactingLogger(LogLevel.INFO, (l) => lines.push(l)).warn('bad input "a\nFAKE [ERROR] line\u001b[2J\u202e"');
    expect(lines).toEqual(['[WARN] ecs-netbot bad input "a␤FAKE [ERROR] line␛[2J\ufffd"']);
  });

  it('echoed input stays on one line, and both renderers keep nothing that could drive a terminal or reorder text', () => {
    expect(echo('x\ny\u202ez')).toBe('x␤y\ufffdz');
    const doc = { blocks: [{ type: 'text' as const, text: HOSTILE }, { type: 'header' as const, text: HOSTILE }] };
    const text = renderText(doc);
    const slack = JSON.stringify(renderBlocks(doc, { lang: 'en' }));
    for (const out of [text, JSON.parse(slack) as unknown].map(String)) expect(out).not.toMatch(/[\u0000-\u0008\u001b\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f]/);
    expect(slack).not.toMatch(/\\u0000|\\u001b|\u202e/);
  });

  it('the console never writes an ESC sequence a user typed back to the terminal', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let written = '';
    output.on('data', (d) => (written += String(d)));
    const done = runConsole(input, output, {}, services());
    input.end('/ecs-bw \u001b]0;pwned\u0007\u001b[31m5M\n/ecs-subnet 10.0.0.0/\u202e33\n');
    await done;
    expect(written).not.toMatch(/\u001b|\u0007|\u202e/);
    expect(written).toMatch(/␛/);
  });
});
