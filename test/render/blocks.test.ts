import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { escapeSlack, renderBlocks, SLACK_LIMITS } from '../../src/render/blocks.js';
import type { Doc } from '../../src/render/doc.js';

function allText(blocks: KnownBlock[]): string {
  return JSON.stringify(blocks);
}

/** Structural checks every message we send must pass (Block Kit limits). */
export function expectValidBlocks(blocks: KnownBlock[]): void {
  expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
  for (const b of blocks) {
    if (b.type === 'section') {
      if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
      if (b.fields) expect(b.fields.length).toBeLessThanOrEqual(SLACK_LIMITS.fields);
    }
    if (b.type === 'header') expect(b.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
    if (b.type === 'context') expect(b.elements.length).toBeLessThanOrEqual(SLACK_LIMITS.contextElements);
    if (b.type === 'actions') {
      const ids = b.elements.map((e) => ('action_id' in e ? e.action_id : undefined));
      expect(new Set(ids).size).toBe(ids.length);
      for (const e of b.elements) if (e.type === 'button') expect(Array.from(e.text.text).length).toBeLessThanOrEqual(SLACK_LIMITS.buttonLabel);
    }
  }
}

describe('escapeSlack', () => {
  it('neutralises mentions and links', () => {
    expect(escapeSlack('<!channel> <@U123> <http://x|y> a&b')).toBe('&lt;!channel&gt; &lt;@U123&gt; &lt;http://x|y&gt; a&amp;b');
  });
});

describe('renderBlocks', () => {
  it('escapes every text it renders, including the fallback text', () => {
    const doc: Doc = {
      blocks: [
        { type: 'header', text: 'hi <!here>' },
        { type: 'text', text: '<!channel> ping' },
        { type: 'list', items: ['<@U999>'] },
        { type: 'fields', fields: [['<b>', '<http://evil|bank>']] },
        { type: 'checks', items: [{ status: 'fail', text: '<!everyone>', source: '<x>' }] },
        { type: 'context', text: '<!subteam^S1>' },
        { type: 'code', text: 'a <b> c' },
      ],
    };
    const { blocks, text } = renderBlocks(doc);
    const json = allText(blocks);
    for (const raw of ['<!here>', '<!channel>', '<@U999>', '<http://evil|bank>', '<!everyone>', '<!subteam^S1>']) {
      expect(json).not.toContain(raw);
      expect(text).not.toContain(raw);
    }
    expect(json).toContain('&lt;!channel&gt;');
    expectValidBlocks(blocks);
  });

  it('splits a long text into sections within 3000 characters and cuts past 50 blocks with a note', () => {
    const long = Array.from({ length: 1000 }, (_, i) => `line ${i} ${'x'.repeat(200)}`).join('\n');
    const { blocks } = renderBlocks({ blocks: [{ type: 'text', text: long }], actions: [{ id: 'a', label: 'A', value: 'entry:a' }] }, { shareValue: 'share' });
    expectValidBlocks(blocks);
    expect(blocks.length).toBe(SLACK_LIMITS.blocks);
    expect(allText(blocks)).toContain('output too long');
    expect(blocks.at(-1)!.type).toBe('actions');
  });

  it('gives buttons unique action ids per block and labels within 75 characters', () => {
    const { blocks } = renderBlocks({
      blocks: [{ type: 'text', text: 'x' }],
      actions: [
        { id: 'r0', label: 'Q'.repeat(200), value: 'entry:a' },
        { id: 'r1', label: 'second', value: 'entry:b' },
        { id: 'up', label: '👍', value: 'feedback:up:a' },
        { id: 'down', label: '👎', value: 'feedback:down:a' },
      ],
    }, { shareValue: 'share', lang: 'zh' });
    expectValidBlocks(blocks);
    const buttons = blocks.flatMap((b) => (b.type === 'actions' ? b.elements : []));
    expect(buttons.map((b) => ('action_id' in b ? b.action_id : ''))).toEqual(['netbot_entry', 'netbot_entry', 'netbot_feedback_up', 'netbot_feedback_down', 'netbot_share']);
    expect(allText(blocks)).toContain('在频道中分享');
  });

  it('merges citations into one context block up to 10 elements', () => {
    const doc: Doc = { blocks: Array.from({ length: 12 }, (_, i) => ({ type: 'context' as const, text: `c${i}` })) };
    const { blocks } = renderBlocks(doc);
    expect(blocks.map((b) => (b.type === 'context' ? b.elements.length : 0))).toEqual([10, 2]);
  });
});
