import type { Lang } from '../i18n/lang.js';
import type { Action, Block, CheckStatus, Doc } from './doc.js';
import { STATUS_MARK } from './markers.js';
import { neutralize } from '../util/neutralize.js';
import { RUN_PREFIX } from './offer.js';

// Han characters and full-width punctuation take two terminal columns.
const WIDE = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;
const displayWidth = (text: string) => Array.from(text).reduce((n, ch) => n + (WIDE.test(ch) ? 2 : 1), 0);
const padTo = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - displayWidth(text)));

/**
 * How a terminal front end marks parts of the text (the console's colours, see cli/console-style.ts). Each
 * function gets text already neutralized and may only wrap it: this renderer stays colour-free by default.
 */
export interface TextStyle {
  heading(text: string): string;
  /** Text blocks: the console colours an error reply's in red. */
  body(text: string): string;
  status(status: CheckStatus, text: string): string;
  /** What a reader may skip: context lines (citations, hints), a check's source, the command behind a follow-up. */
  quiet(text: string): string;
  /** The numbers of the console's picks, [1], [2]. */
  pick(text: string): string;
}

const same = (text: string) => text;
export const PLAIN: TextStyle = { heading: same, body: same, status: (_s, text) => text, quiet: same, pick: same };

// Every text from the Doc is neutralized before a style wraps it: nothing reaches a terminal that could drive
// it (ESC sequences) or reorder what it shows (bidi controls), while the style's own sequences pass.
const n = (text: string) => neutralize(text);

function blockToText(block: Block, style: TextStyle): string {
  switch (block.type) {
    case 'header':
      return style.heading(`== ${n(block.text)} ==`);
    case 'text':
      return style.body(n(block.text));
    case 'list':
      return block.items.map((item) => `- ${n(item)}`).join('\n');
    case 'code':
      return n(block.text);
    case 'fields': {
      const fields = block.fields.map(([label, value]) => [n(label), n(value)] as const);
      const width = Math.max(...fields.map(([label]) => displayWidth(label)));
      return fields.map(([label, value]) => `${padTo(label, width)}  ${value}`).join('\n');
    }
    case 'checks':
      return block.items
        .map((c) => `${STATUS_MARK[c.status]} ${style.status(c.status, n(c.text))}${c.source ? style.quiet(`  (${n(c.source)})`) : ''}`)
        .join('\n');
    case 'context':
      return style.quiet(`  ${n(block.text)}`);
    case 'divider':
      return '---';
  }
}

/**
 * A terminal has no buttons: an entry button becomes the question with the command that shows it (in the
 * reply's language, so a Chinese answer's follow-up prints Chinese too); buttons that only make sense in chat
 * (feedback, "none of these", share) are left out.
 */
function actionToText(action: Action, lang: Lang | undefined, pick: number | undefined, style: TextStyle): string | undefined {
  const entry = /^entry:(.+)$/.exec(action.value);
  const label = n(action.label);
  if (entry && pick !== undefined) return `  ${style.pick(`[${pick}]`)} ${label}`;
  if (entry) return `  > ${label}${style.quiet(`  (ecs-netbot kb show ${n(entry[1]!)}${lang ? ` --lang ${lang}` : ''})`)}`;
  // A command offered next to an answer: its label already says what to type.
  return action.value.startsWith(RUN_PREFIX) ? `  > ${label}` : undefined;
}

/** The entry ids a Doc's buttons offer, in order: what the console's numbered picks stand for. */
export const entryPicks = (doc: Doc): string[] => (doc.actions ?? []).flatMap((a) => /^entry:(.+)$/.exec(a.value)?.[1] ?? []);

/**
 * Plain text for terminals: blocks separated by a blank line, then the details a chat shows on demand, entry
 * buttons as a list of follow-ups. With
 * `picks` (the console), entry buttons are numbered [1], [2], … for the user to type the number. `style`
 * marks parts of the text (the console's colours); plain by default.
 */
export function renderText(doc: Doc, lang?: Lang, opts: { picks?: boolean; style?: TextStyle } = {}): string {
  const style = opts.style ?? PLAIN;
  const parts = [...doc.blocks, ...(doc.details ?? [])].map((block) => blockToText(block, style));
  let pick = 0;
  const followUps = (doc.actions ?? [])
    .map((action) => actionToText(action, lang, opts.picks && action.value.startsWith('entry:') ? ++pick : undefined, style))
    .filter((line): line is string => line !== undefined);
  if (followUps.length) parts.push(followUps.join('\n'));
  return parts.join('\n\n');
}
