import type { AskResult } from '../commands/ask.js';
import { askStrings as S } from '../i18n/ask.js';
import { fill, type Lang } from '../i18n/lang.js';
import type { LoadedEntry } from '../knowledge/load.js';
import type { Action, Block, Doc } from './doc.js';

/** The `ask --json` contract: field names are fixed by issue #2. */
export function askJson(result: AskResult) {
  const lang = result.lang;
  return {
    query: result.query,
    lang,
    answered: result.answered,
    band: result.band,
    confidence: result.confidence,
    hits: result.hits.map(({ entry, score }) => ({
      id: entry.id,
      score,
      question: entry.question[lang],
      answer: entry.answer[lang],
      section: entry.section,
      sectionTitle: entry.sectionTitle,
    })),
    // Added by issue #8: what chat does with the same text ({command, tokens, offer?}); null when not routed.
    // `related` (issue #11): the entry offered next to a runbook, or null.
    route: result.route ? { command: result.route.command, tokens: result.route.tokens, offer: result.route.offer ?? null, related: result.route.related ?? null } : null,
    // Added by issue #15: how a thread follow-up was read, when the thread's topic was used.
    ...(result.readAs ? { readAs: result.readAs } : {}),
  };
}

export function citation(entry: LoadedEntry, lang: Lang, doc = { title: '云服务器ECS 网络', version: '20190723' }): string {
  return fill(S.source[lang], { doc: doc.title, version: doc.version, section: entry.section, title: entry.sectionTitle });
}

/** The full answer to one entry: question, answer, contradiction, command hint, citation. */
export function entryBlocks(entry: LoadedEntry, lang: Lang): Block[] {
  const blocks: Block[] = [
    { type: 'header', text: entry.question[lang] },
    { type: 'text', text: entry.answer[lang] },
  ];
  if (entry.contradiction) blocks.push({ type: 'text', text: S.contradiction[lang] + entry.contradiction[lang] });
  if (entry.command) blocks.push({ type: 'context', text: fill(S.tryCommand[lang], { command: entry.command }) });
  blocks.push({ type: 'context', text: citation(entry, lang) });
  return blocks;
}

const entryAction = (entry: LoadedEntry, lang: Lang, id: string): Action => ({
  id,
  label: entry.question[lang],
  value: `entry:${entry.id}`,
});

/** An entry as an answer: its blocks, buttons for the next matches, and 👍/👎 feedback on it. */
export function entryAnswerDoc(entry: LoadedEntry, lang: Lang, next: readonly LoadedEntry[] = []): Doc {
  return {
    blocks: entryBlocks(entry, lang),
    actions: [
      ...next.map((other, i) => entryAction(other, lang, `related_${i}`)),
      { id: 'feedback_up', label: '👍', value: `feedback:up:${entry.id}` },
      { id: 'feedback_down', label: '👎', value: `feedback:down:${entry.id}` },
    ],
  };
}

/** The honest "I don't know", with tips on what to try instead; names the other cloud or product when that is the reason. */
export function declineDoc(lang: Lang, foreignCloud?: string, otherTopic?: string): Doc {
  const text = foreignCloud
    ? fill(S.declineForeign[lang], { cloud: foreignCloud })
    : otherTopic
      ? fill(S.declineTopic[lang], { topic: otherTopic })
      : S.decline[lang];
  return { blocks: [{ type: 'text', text }, { type: 'list', items: [...S.declineTips[lang]] }] };
}

/**
 * The likely answer: the first entry in full, plainly marked as probable, and the next two offered as picks
 * (buttons in Slack, numbers in the console), with "none of these".
 */
export function probableDoc(entry: LoadedEntry, lang: Lang, next: readonly LoadedEntry[]): Doc {
  return {
    blocks: [{ type: 'context', text: S.probable[lang] }, ...entryBlocks(entry, lang), ...(next.length ? [{ type: 'text' as const, text: S.orDidYouMean[lang] }] : [])],
    actions: [
      ...next.map((other, i) => entryAction(other, lang, `suggest_${i + 1}`)),
      { id: 'suggest_none', label: S.noneOfThese[lang], value: 'suggest:none' },
      { id: 'feedback_up', label: '👍', value: `feedback:up:${entry.id}` },
      { id: 'feedback_down', label: '👎', value: `feedback:down:${entry.id}` },
    ],
  };
}

/**
 * The "next match" buttons under an answer: other leading entries about the same feature, then the entry's
 * own related entries about it (a reverse-DNS answer offers reverse DNS, not EIP or IPv6).
 */
export function nextMatches(top: LoadedEntry, rest: readonly LoadedEntry[], byId?: ReadonlyMap<string, LoadedEntry>): LoadedEntry[] {
  const same = (e: LoadedEntry) => e.id !== top.id && (!top.feature || e.feature === top.feature);
  const related = byId ? top.related.map((id) => byId.get(id)).filter((e): e is LoadedEntry => e !== undefined) : [];
  const out: LoadedEntry[] = [];
  for (const e of [...rest.filter(same), ...related.filter(same)]) if (!out.some((o) => o.id === e.id)) out.push(e);
  return out.slice(0, 2);
}

export function askDoc(result: AskResult): Doc {
  const lang = result.lang;
  const doc = bandDoc(result);
  if (!result.readAs) return doc;
  // A follow-up read with its thread: say how, so that a wrong reading is visible.
  return { ...doc, blocks: [{ type: 'context', text: fill(S.readAs[lang], { text: result.readAs }) }, ...doc.blocks] };
}

function bandDoc(result: AskResult): Doc {
  const lang = result.lang;
  const [top, ...rest] = result.hits;
  const others = rest.map((hit) => hit.entry);
  if (result.band === 'answer' && top) return entryAnswerDoc(top.entry, lang, nextMatches(top.entry, others, result.related));
  if (result.band === 'probable' && top) return probableDoc(top.entry, lang, others.slice(0, 2));
  if (result.band === 'suggest' && top) {
    return {
      blocks: [{ type: 'text', text: S.didYouMean[lang] }],
      actions: [
        ...result.hits.slice(0, 3).map((hit, i) => entryAction(hit.entry, lang, `suggest_${i}`)),
        { id: 'suggest_none', label: S.noneOfThese[lang], value: 'suggest:none' },
      ],
    };
  }
  return declineDoc(lang, result.foreignCloud, result.otherTopic);
}
