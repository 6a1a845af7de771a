import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runConsole } from '../../src/cli/console.js';
import { echo } from '../../src/commands/echo.js';
import { renderBlocks } from '../../src/render/blocks.js';
import { neutralize } from '../../src/render/neutralize.js';
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
