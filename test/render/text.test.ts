import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/render/text.js';

describe('renderText', () => {
  it('renders blocks and turns entry buttons into follow-up commands, leaving chat-only buttons out', () => {
    const text = renderText({
      blocks: [
        { type: 'header', text: 'Title' },
        { type: 'fields', fields: [['Outbound', '5 Mbps'], ['Inbound max', '100 Mbps']] },
        { type: 'checks', items: [{ status: 'pass', text: 'ok', source: '§3.2' }, { status: 'unknown', text: 'age?' }] },
      ],
      actions: [
        { id: 'r0', label: 'Next question', value: 'entry:faq-x' },
        { id: 'up', label: '👍', value: 'feedback:up:faq-x' },
        { id: 'none', label: 'None of these', value: 'suggest:none' },
      ],
    });
    expect(text).toBe(
      [
        '== Title ==',
        'Outbound     5 Mbps\nInbound max  100 Mbps',
        '✅ ok  (§3.2)\n❔ age?',
        '  > Next question  (ecs-netbot kb show faq-x)',
      ].join('\n\n'),
    );
  });

  it('names the reply language in follow-ups, so a Chinese answer leads to the Chinese entry', () => {
    const doc = { blocks: [], actions: [{ id: 'r0', label: '下一个问题', value: 'entry:faq-x' }] };
    expect(renderText(doc, 'zh')).toBe('  > 下一个问题  (ecs-netbot kb show faq-x --lang zh)');
    expect(renderText(doc, 'en')).toBe('  > 下一个问题  (ecs-netbot kb show faq-x --lang en)');
  });
});

describe('renderText alignment', () => {
  it('aligns field values by display width, counting Chinese characters as two columns', () => {
    const text = renderText({ blocks: [{ type: 'fields', fields: [['网段', 'a'], ['Mask', 'b'], ['交换机中可用', 'c']] }] });
    expect(text).toBe('网段          a\nMask          b\n交换机中可用  c');
  });
});
