import type { Lang } from '../i18n/lang.js';
import type { Action, Block, Doc } from './doc.js';
import { STATUS_MARK } from './markers.js';
import { neutralize } from './neutralize.js';
import { RUN_PREFIX } from './offer.js';

// Han characters and full-width punctuation take two terminal columns.
const WIDE = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;
const displayWidth = (text: string) => Array.from(text).reduce((n, ch) => n + (WIDE.test(ch) ? 2 : 1), 0);
const padTo = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - displayWidth(text)));

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
      const width = Math.max(...block.fields.map(([label]) => displayWidth(label)));
      return block.fields.map(([label, value]) => `${padTo(label, width)}  ${value}`).join('\n');
    }
    case 'checks':
      return block.items
        .map((c) => `${STATUS_MARK[c.status]} ${c.text}${c.source ? `  (${c.source})` : ''}`)
        .join('\n');
    case 'context':
      return `  ${block.text}`;
    case 'divider':
      return '---';
  }
}

/**
 * A terminal has no buttons: an entry button becomes the question with the command that shows it (in the
 * reply's language, so a Chinese answer's follow-up prints Chinese too); buttons that only make sense in chat
 * (feedback, "none of these", share) are left out.
 */
function actionToText(action: Action, lang: Lang | undefined, pick: number | undefined): string | undefined {
  const entry = /^entry:(.+)$/.exec(action.value);
  if (entry && pick !== undefined) return `  [${pick}] ${action.label}`;
  if (entry) return `  > ${action.label}  (ecs-netbot kb show ${entry[1]}${lang ? ` --lang ${lang}` : ''})`;
  // A command offered next to an answer: its label already says what to type.
  return action.value.startsWith(RUN_PREFIX) ? `  > ${action.label}` : undefined;
}

/** The entry ids a Doc's buttons offer, in order: what the console's numbered picks stand for. */
export const entryPicks = (doc: Doc): string[] => (doc.actions ?? []).flatMap((a) => /^entry:(.+)$/.exec(a.value)?.[1] ?? []);

/**
 * Plain text for terminals: blocks separated by a blank line, then the details a chat shows on demand, entry
 * buttons as a list of follow-ups. With
 * `picks` (the console), entry buttons are numbered [1], [2], … for the user to type the number.
 */
export function renderText(doc: Doc, lang?: Lang, opts: { picks?: boolean } = {}): string {
  const parts = [...doc.blocks, ...(doc.details ?? [])].map(blockToText);
  let pick = 0;
  const followUps = (doc.actions ?? [])
    .map((action) => actionToText(action, lang, opts.picks && action.value.startsWith('entry:') ? ++pick : undefined))
    .filter((line): line is string => line !== undefined);
  if (followUps.length) parts.push(followUps.join('\n'));
  // Nothing reaches a terminal that could drive it (ESC sequences) or reorder what it shows (bidi controls).
  return neutralize(parts.join('\n\n'));
}
