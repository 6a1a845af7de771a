import type { Block, CheckStatus, Doc } from './doc.js';

const MARK: Record<CheckStatus, string> = { pass: '✔', fail: '✘', unknown: '?' };

function blockToText(block: Block): string {
  switch (block.type) {
    case 'header':
      return `== ${block.text} ==`;
    case 'text':
      return block.text;
    case 'list':
      return block.items.map((item) => `- ${item}`).join('\n');
    case 'code':
      return block.text;
    case 'fields': {
      const width = Math.max(...block.fields.map(([label]) => label.length));
      return block.fields.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n');
    }
    case 'checks':
      return block.items
        .map((c) => `[${MARK[c.status]}] ${c.text}${c.source ? `  (${c.source})` : ''}`)
        .join('\n');
    case 'context':
      return `  ${block.text}`;
    case 'divider':
      return '---';
  }
}

/** Plain text for terminals: blocks separated by a blank line, actions as a numbered menu-like list. */
export function renderText(doc: Doc): string {
  const parts = doc.blocks.map(blockToText);
  if (doc.actions?.length) parts.push(doc.actions.map((a) => `  > ${a.label}`).join('\n'));
  return parts.join('\n\n');
}
