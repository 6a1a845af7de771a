import type { ActionsBlock, Button, ContextBlock, KnownBlock, SectionBlock } from '@slack/types';
import { fill, type Lang } from '../i18n/lang.js';
import { renderStrings as S } from '../i18n/render.js';
import type { Action, Block, Doc } from './doc.js';
import { STATUS_MARK } from './markers.js';
import { neutralize } from '../util/neutralize.js';
import { renderText } from './text.js';

/** Block Kit limits, enforced here and nowhere else. */
export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  headerText: 150,
  buttonLabel: 75,
  buttonValue: 2000,
  contextElements: 10,
  fields: 10,
  fieldText: 2000,
  fallbackText: 3000,
} as const;

/** Escapes the three characters Slack treats as control: user text can then never ping (<!channel>) or spoof links. */
export function escapeSlack(text: string): string {
  return neutralize(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Plain-text objects are not entity-decoded everywhere: keep them free of control characters instead. */
function plainSafe(text: string, max: number): string {
  return cut(neutralize(text, { flatten: true }).replace(/</g, '‹').replace(/>/g, '›').replace(/&/g, '＆'), max);
}

function cut(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : chars.slice(0, max - 1).join('') + '…';
}

/** Splits escaped text into pieces that fit a section, preferring line breaks. */
function chunks(text: string, max: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let at = rest.lastIndexOf('\n', max);
    if (at < max / 2) at = max;
    out.push(rest.slice(0, at));
    rest = rest.slice(at).replace(/^\n/, '');
  }
  if (rest.length) out.push(rest);
  return out;
}

const section = (text: string): SectionBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });

function sections(escaped: string, fence = false): SectionBlock[] {
  const room = SLACK_LIMITS.sectionText - (fence ? 8 : 0);
  return chunks(escaped, room).map((piece) => section(fence ? '```' + piece + '```' : piece));
}

function blockToSlack(block: Block): KnownBlock[] {
  switch (block.type) {
    case 'header':
      // A header block is plain text; text carrying control characters goes in a bold section instead.
      return /[<>&]/.test(block.text)
        ? sections(`*${escapeSlack(block.text)}*`)
        : [{ type: 'header', text: { type: 'plain_text', text: cut(neutralize(block.text, { flatten: true }), SLACK_LIMITS.headerText) } }];
    case 'text':
      return sections(escapeSlack(block.text));
    case 'list':
      return sections(block.items.map((item) => `• ${escapeSlack(item)}`).join('\n'));
    case 'code':
      return sections(escapeSlack(block.text), true);
    case 'fields': {
      const fields = block.fields.map(([label, value]) => ({
        type: 'mrkdwn' as const,
        text: cut(`*${escapeSlack(label)}*\n${escapeSlack(value)}`, SLACK_LIMITS.fieldText),
      }));
      // A section takes at most 10 fields: more go in the next section, never dropped.
      const out: SectionBlock[] = [];
      for (let i = 0; i < fields.length; i += SLACK_LIMITS.fields) out.push({ type: 'section', fields: fields.slice(i, i + SLACK_LIMITS.fields) });
      return out;
    }
    case 'checks':
      return sections(
        block.items
          .map((c) => `${STATUS_MARK[c.status]} ${escapeSlack(c.text)}${c.source ? ` _(${escapeSlack(c.source)})_` : ''}`)
          .join('\n'),
      );
    case 'context':
      return [{ type: 'context', elements: [{ type: 'mrkdwn', text: cut(escapeSlack(block.text), SLACK_LIMITS.sectionText) }] }];
    case 'divider':
      return [{ type: 'divider' }];
  }
}

/** The action_id a Doc action gets; listeners match on these. */
export function actionIdOf(action: Action): string {
  if (action.value.startsWith('entry:')) return 'netbot_entry';
  if (action.value.startsWith('feedback:up:')) return 'netbot_feedback_up';
  if (action.value.startsWith('feedback:down:')) return 'netbot_feedback_down';
  if (action.value === 'suggest:none') return 'netbot_suggest_none';
  if (action.id === 'share') return 'netbot_share';
  return `netbot_${action.id}`;
}

function button(action: Action): Button {
  return {
    type: 'button',
    action_id: actionIdOf(action),
    text: { type: 'plain_text', text: plainSafe(action.label, SLACK_LIMITS.buttonLabel), emoji: true },
    value: cut(action.value, SLACK_LIMITS.buttonValue),
    ...(action.style ? { style: action.style } : {}),
  };
}

/**
 * Buttons grouped into actions blocks. An action_id must be unique within its block, so buttons that share one
 * (the "next match" buttons are all netbot_entry) each get a block of their own.
 */
function actionBlocks(actions: readonly Action[]): ActionsBlock[] {
  const blocks: ActionsBlock[] = [];
  let current: Button[] = [];
  const flush = () => {
    if (current.length) blocks.push({ type: 'actions', elements: current });
    current = [];
  };
  for (const action of actions) {
    const b = button(action);
    if (current.some((x) => x.action_id === b.action_id) || current.length === 25) flush();
    current.push(b);
  }
  flush();
  return blocks;
}

/** Merges consecutive context blocks up to the element limit so citations stay compact. */
function mergeContexts(blocks: KnownBlock[]): KnownBlock[] {
  const out: KnownBlock[] = [];
  for (const block of blocks) {
    const last = out[out.length - 1];
    if (block.type === 'context' && last?.type === 'context' && last.elements.length + block.elements.length <= SLACK_LIMITS.contextElements) {
      (last as ContextBlock).elements.push(...block.elements);
    } else out.push(block);
  }
  return out;
}

export interface SlackMessage {
  blocks: KnownBlock[];
  /** Fallback for notifications and clients without blocks; escaped like the blocks. */
  text: string;
}

/**
 * `shareValue`, when given, adds the "Share in channel" button carrying that value (what the front end
 * needs to post the reply again; at most SLACK_LIMITS.buttonValue characters).
 */
export function renderBlocks(doc: Doc, opts: { lang?: Lang; shareValue?: string } = {}): SlackMessage {
  const lang = opts.lang ?? 'en';
  const content = mergeContexts(doc.blocks.flatMap(blockToSlack));
  const actions = [...(doc.actions ?? [])];
  if (opts.shareValue !== undefined) actions.push({ id: 'share', label: S.share[lang], value: opts.shareValue });
  const buttons = actionBlocks(actions);
  let blocks = [...content, ...buttons];
  if (blocks.length > SLACK_LIMITS.blocks) {
    // Keep the buttons; cut the content and say so.
    const keep = SLACK_LIMITS.blocks - buttons.length - 1;
    const dropped = content.length - keep;
    const note: ContextBlock = { type: 'context', elements: [{ type: 'mrkdwn', text: escapeSlack(fill(S.truncated[lang], { count: dropped })) }] };
    blocks = [...content.slice(0, keep), note, ...buttons];
  }
  return { blocks, text: cut(escapeSlack(renderText({ blocks: doc.blocks })), SLACK_LIMITS.fallbackText) };
}
