import { describe, expect, it } from 'vitest';
import { dispatch } from '../../src/app/dispatch.js';
import { humanAge } from '../../src/i18n/age.js';
import { renderBlocks } from '../../src/render/blocks.js';
import { STATUS_MARK } from '../../src/render/markers.js';
import { renderText } from '../../src/render/text.js';
import { services } from '../support/services.js';

/** Issue #17: one way of saying an instance's age, in both languages, wherever it is shown. */
describe('humanAge', () => {
  it.each([
    [10_555, '7 d 7 h', '7天7小时'],
    [185, '3 h 5 min', '3小时5分钟'],
    [12, '12 min', '12分钟'],
    [120, '2 h', '2小时'],
    [1440, '1 d', '1天'],
    [359.9, '5 h 59 min', '5小时59分钟'],
    [0.4, 'under a minute', '不到1分钟'],
    [-5, 'under a minute', '不到1分钟'],
  ])('%s minutes: "%s" / "%s"', (minutes, en, zh) => {
    expect(humanAge(minutes, 'en')).toBe(en);
    expect(humanAge(minutes, 'zh')).toBe(zh);
  });
});

describe('ages in what canswap says', () => {
  const svc = services({ now: () => new Date('2026-11-26T12:00:00Z') });
  const canswap = (tokens: string[], lang: 'en' | 'zh') => dispatch({ command: 'canswap', tokens, lang }, svc);
  const window = (json: unknown) => (json as { checks: Array<{ id: string; message: string }> }).checks.find((c) => c.id === 'within-6-hours')!.message;

  it('the 6-hour check and the facts line say "5 h 59 min", never "359 minutes", in both languages', async () => {
    const en = await canswap(['vpc', '5h59m', 'swaps=1', 'stopped', 'nat'], 'en');
    expect(window(en.json)).toBe('Created 5 h 59 min ago: still within 6 hours.');
    expect(renderText(en.doc)).toContain('created 5 h 59 min ago');
    const zh = await canswap(['vpc', '5h59m', 'swaps=1', 'stopped', 'nat'], 'zh');
    expect(window(zh.json)).toBe('实例创建了5小时59分钟，仍在 6 小时内。');
    expect(renderText(zh.doc)).toContain('已创建5小时59分钟');
  });

  it('an old instance: "7 d 7 h" past the window, and the verdict marked like everywhere else', async () => {
    const en = await canswap(['vpc', '7d7h', 'swaps=1', 'stopped', 'nat'], 'en');
    expect(window(en.json)).toBe('Created 7 d 7 h ago: past the 6-hour window; the console no longer shows "Change public IP".');
    expect(renderText(en.doc)).not.toMatch(/\d{3,} min/);
    const zh = await canswap(['vpc', '7d7h', 'swaps=1', 'stopped', 'nat'], 'zh');
    expect(window(zh.json)).toBe('实例已创建7天7小时，超过了 6 小时的期限，控制台不再显示“更换公网IP”。');
    const header = renderBlocks(en.doc, { lang: 'en' }).blocks[0] as { text: { text: string } };
    expect(header.text.text).toBe(`${STATUS_MARK.fail} The public IP cannot be changed`);
  });
});
