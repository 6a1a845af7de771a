import { detectLang, type Lang, fill } from '../i18n/lang.js';
import { askStrings as S } from '../i18n/ask.js';
import type { Band } from '../search/engine.js';
import type { LoadedEntry } from '../knowledge/load.js';
import { parseFlags } from './flags.js';
import { parsed, rejected, type ParseContext, type Parsed, type Reading, type Services } from './types.js';

export const MAX_QUESTION_LENGTH = 500;
export const MAX_TOP = 10;

export interface AskArgs {
  question: string;
  lang: Lang;
  top: number;
  batch: boolean;
  /** How the conversation read the question (a thread follow-up made whole); absent at the command line. */
  reading?: Reading;
}

export interface AskHit {
  entry: LoadedEntry;
  score: number;
}

export interface AskResult {
  query: string;
  lang: Lang;
  band: Band;
  answered: boolean;
  confidence: number;
  hits: AskHit[];
  /** The other cloud the question names, when that is why it is declined (not part of the --json contract). */
  foreignCloud?: string;
  /** The other product or topic the question names, when that is why it is declined (not in the --json contract). */
  otherTopic?: string;
  /** What the same text does when typed in chat (Slack, console): set by the app layer, which routes. */
  route?: AskRoute;
  /** How a thread follow-up was read ("经典网络实例能改私网ip吗"), when the thread's topic was used. */
  readAs?: string;
  /** Every entry by id, for the "next match" buttons (not part of the --json contract). */
  related?: ReadonlyMap<string, LoadedEntry>;
}

/** A chat route as ask reports it: the command that answers, and the one offered next to it. */
export interface AskRoute {
  command: string;
  tokens: readonly string[];
  offer?: { command: string; tokens: readonly string[] };
  /** The knowledge entry offered next to a runbook (see Route.related). */
  related?: string;
}

export function parseAsk(tokens: readonly string[], ctx: ParseContext): Parsed<AskArgs> {
  const flags = parseFlags(tokens, { top: 'string', batch: 'boolean' }, ctx.lang, 'ask --top 5 "how do I attach an ENI"', { top: '5' });
  if (!flags.ok) return flags;
  const { values, positionals } = flags.args;
  const question = positionals.join(' ').trim();
  const lang = ctx.langExplicit ? ctx.lang : question ? detectLang(question) : ctx.lang;
  const batch = values.batch === true;
  let top = 3;
  if (values.top !== undefined) {
    const raw = String(values.top);
    top = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!(top >= 1 && top <= MAX_TOP)) return rejected('bad_top', fill(S.badTop[lang], { max: MAX_TOP, value: raw }));
  }
  if (batch && question) return rejected('batch_with_question', S.batchWithQuestion[lang]);
  if (!batch && !question) return rejected('empty_question', S.emptyQuestion[lang]);
  if (question.length > MAX_QUESTION_LENGTH) {
    return rejected('question_too_long', fill(S.tooLong[lang], { length: question.length, max: MAX_QUESTION_LENGTH }));
  }
  return parsed({ question, lang, top, batch, ...(ctx.reading ? { reading: ctx.reading } : {}) });
}

export async function runAsk(args: AskArgs, services: Services): Promise<AskResult> {
  const { reading } = args;
  // The conversation's search is reused when it holds enough hits; a follow-up is searched as it was read.
  const outcome =
    reading?.outcome && reading.outcome.hits.length >= Math.min(args.top, 3) && args.top <= 3
      ? { ...reading.outcome, hits: reading.outcome.hits.slice(0, args.top) }
      : services.search.search(reading?.text ?? args.question, args.top, reading ? { frame: reading.frame } : {});
  return {
    query: args.question,
    lang: args.lang,
    band: outcome.band,
    answered: outcome.band === 'answer',
    confidence: outcome.confidence,
    hits: outcome.hits,
    ...(outcome.foreignCloud ? { foreignCloud: outcome.foreignCloud } : {}),
    ...(outcome.otherTopic ? { otherTopic: outcome.otherTopic } : {}),
    ...(reading?.readAs ? { readAs: reading.readAs } : {}),
    related: services.kb.byId,
  };
}
