import type { KnowledgeBase, LoadedRunbook } from '../knowledge/load.js';
import { isRegionInText } from '../cloud/validate.js';
import { normalizeQuery, SynonymFolder } from '../search/synonyms.js';
import { createTokenizer, type Tokenizer } from '../search/tokenize.js';

/**
 * Matching a described symptom to a runbook: a small index over the runbooks' symptom phrases (and titles),
 * read with the search's own normalisation, chat vocabulary, synonym folding and tokenizer (Chinese as
 * character bigrams, English stemmed without stop words), so "外网", "公网IP" and "public ip" read alike.
 *
 * A phrase scores by how much of it the text covers (recall) and how much of the text it explains (precision),
 * both weighted by how specific each term is to one runbook (IDF over runbooks), combined as F2 (recall counts
 * double: a described symptom comes with extra words of its own). A runbook scores as its best phrase. Chat routing needs a described problem, not a topic: the text must also say
 * something is wrong (a trouble word, below); an ordinary FAQ question ("怎么申请反向解析") has none.
 */

export interface RunbookMatch {
  runbook: LoadedRunbook;
  /** 0..1: the F2 of the best phrase. */
  score: number;
  /** The phrase that matched best. */
  phrase: string;
}

/**
 * Chat routing's threshold. On the phrasings in test/commands/triage.test.ts (written from the guide, not from
 * the runbooks' own phrases) described symptoms score 0.48 and up; FAQ questions that also carry a trouble word
 * score 0.39 at most (those without one never match, whatever their score).
 */
export const CHAT_THRESHOLD = 0.45;
/** The triage command's threshold (no trouble word needed): the user asked for a runbook, so a weaker match is offered. */
export const COMMAND_THRESHOLD = 0.3;

/**
 * Words that say something is wrong (Chinese matched anywhere, English as whole words, after normalisation).
 * They are language, not facts from the guide, so they live here with the matcher.
 */
const TROUBLE_ZH = ['正常吗', '被攻击', '找不到', '不通', '不了', '不到', '打不开', '连不上', '访问不', '被拒', '拒收', '退信', '退回', '被阻断', '阻断', '拦截', '失败', '超时', '没有ip', '没有地址', '看不到', '不见', '识别不', '不生效', '还在扣', '还有费用', '还在计费', '还有流量', '扣钱', '怎么还', '为什么还', '不明', '挂了', '报错', '进不来', '没反应', '一直有', '被封', '断了', '不行了', '老被', '慢', '跑不满', '上不去', '达不到', '打满', '占满', '上不了网', '卡着', '卡住', '没外网', '没有外网', '没网了', '断网'];
const TROUBLE_EN = [
  'unreachable', 'not reachable', "can't", 'cannot', 'cant', 'can not', 'unable', 'fails', 'failed', 'failing', 'fail', 'not working', "doesn't work", 'does not work',
  "isn't", "doesn't", 'does not', 'not getting', 'no ip', 'no ptr', 'no reverse', 'missing', 'bounce', 'bounces', 'bounced', 'rejected', 'rejects', 'refused', 'blocked',
  'blocking', 'times out', 'timed out', 'timeout', 'down', 'bouncing', 'keeps bouncing', 'hangs', 'gone', 'still billed', 'still charged', 'still getting billed', 'still being billed', 'still getting charged', 'still being charged', 'still paying', 'charged', 'charges', 'unexplained', 'not recognized', 'not see',
  'no internet', 'spam', 'not allowed', 'error', 'broken', 'is this normal', 'normal?', 'under attack', 'not showing', 'not shown', 'no address',
  'doesnt', 'isnt', 'wont', "won't", 'nobody', 'no one', "don't see", 'dont see', 'disappeared',
  'broke', 'stopped working', 'slow', 'too slow', 'stuck', 'pegged', 'pegging', 'maxes out', 'maxed out', 'maxing out', 'hit a ceiling', 'saturated', 'no outbound', 'no connectivity',
];

/** Negations read alike before tokenizing ("can't", "can not", "cant" → cannot; "doesn't"/"does not" → not): the tokenizer drops "can". */
function readNegations(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\bcan(?:['’]?t| not)\b/gi, 'cannot')
    .replace(/\b(?:does|do|did|is|are|was|were|won)(?:n['’]?t| not)\b/gi, 'not');
}

/**
 * Not terms here: negation words (the trouble test reads them; as terms they would match every runbook's
 * phrasing alike) and lone digits (the tokenizer splits "eth1" into "eth" and "1": any "1" matched it).
 */
const NEUTRAL = new Set(['cannot', 'not', 'no', ...'0123456789']);

interface Indexed {
  runbook: LoadedRunbook;
  phrases: Array<{ text: string; terms: Set<string> }>;
  wordOrder: RegExp[];
}

interface Index {
  tokenize: Tokenizer;
  runbooks: Indexed[];
  idf: Map<string, number>;
  /** The weight of a term no runbook uses (as rare as can be). */
  unseen: number;
}

const indexes = new WeakMap<KnowledgeBase, Index>();

function indexOf(kb: KnowledgeBase): Index {
  let index = indexes.get(kb);
  if (index) return index;
  const tokenize = createTokenizer(new SynonymFolder(kb.synonyms, kb.chat), { hanUnigrams: false });
  const runbooks: Indexed[] = kb.runbooks.map((runbook) => ({
    runbook,
    phrases: [...runbook.symptoms.zh, ...runbook.symptoms.en, runbook.title.zh, runbook.title.en].map((text) => ({ text, terms: new Set(tokenize(readNegations(text)).filter((t) => !NEUTRAL.has(t))) })),
    wordOrder: (runbook.wordOrder ?? []).map((source) => new RegExp(source, 'u')),
  }));
  const df = new Map<string, number>();
  for (const r of runbooks) for (const term of new Set(r.phrases.flatMap((p) => [...p.terms]))) df.set(term, (df.get(term) ?? 0) + 1);
  const n = Math.max(1, runbooks.length);
  const idf = new Map([...df].map(([term, count]) => [term, Math.log(1 + n / count)]));
  index = { tokenize, runbooks, idf, unseen: Math.log(1 + n) };
  indexes.set(kb, index);
  return index;
}

const weight = (index: Index, terms: Iterable<string>) => {
  let sum = 0;
  for (const t of terms) sum += index.idf.get(t) ?? index.unseen;
  return sum;
};

/** Any English trouble word as a whole word: one expression, compiled once (chat asks this of every message). */
const TROUBLE_EN_WORD = new RegExp(`(?<![a-z])(?:${TROUBLE_EN.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?![a-z])`);

/**
 * The Chinese trouble words typed as pinyin ("fangwen bu liao"): the search's pinyin reader reads only the
 * knowledge base's own words, so these are read here.
 */
const TROUBLE_PINYIN: Record<string, string> = {
  'bu ?liao': '不了', 'bu ?tong': '不通', 'da ?bu ?kai': '打不开', 'lian ?bu ?shang': '连不上', 'bu ?xing ?le': '不行了', 'shi ?bai': '失败',
  'chao ?shi': '超时', 'gua ?le': '挂了', 'bu ?jian ?le': '不见了',
};
const TROUBLE_PINYIN_WORD = new RegExp(`(?<![a-z])(?:${Object.keys(TROUBLE_PINYIN).join('|')})(?![a-z])`, 'g');
const readPinyinTrouble = (text: string) =>
  text.toLowerCase().replace(TROUBLE_PINYIN_WORD, (m) => Object.entries(TROUBLE_PINYIN).find(([k]) => new RegExp(`^${k}$`).test(m))![1]);

/** The text as the Chinese matchers read it (trouble words, word orders): NFKC, lower-cased, without spaces. */
const compactOf = (text: string) => text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');

/** Whether the text says something is wrong (see TROUBLE_*). */
export function describesTrouble(text: string): boolean {
  const t = text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ');
  const compact = compactOf(text);
  if (TROUBLE_ZH.some((w) => compact.includes(w))) return true;
  return TROUBLE_EN_WORD.test(t);
}

/**
 * Instance and region ids name which machine, not what is wrong: unseen words that would only dilute the match.
 * Resource ids are read as the search reads them (normalizeQuery: an instance id as nothing, an ENI id as "eni").
 */
const withoutIds = (text: string) => normalizeQuery(text).replace(/[a-z0-9-]+/g, (word) => (isRegionInText(word) ? ' ' : word));

/** Every runbook with its best phrase's score, best first (no threshold). */
export function rankRunbooks(text: string, kb: KnowledgeBase): RunbookMatch[] {
  const index = indexOf(kb);
  const query = new Set(index.tokenize(readNegations(withoutIds(text.slice(0, 2000)))).filter((t) => !NEUTRAL.has(t)));
  if (!query.size) return [];
  const queryWeight = weight(index, query);
  const ranked: RunbookMatch[] = [];
  // Runbooks told apart by word order (see a runbook's wordOrder): when the message's order names one of them,
  // the others that declare an order and do not match weigh half. Runbooks that declare none are not affected.
  const compact = compactOf(text);
  const ordered = new Set(index.runbooks.filter((r) => r.wordOrder.some((re) => re.test(compact))).map((r) => r.runbook.id));
  for (const { runbook, phrases, wordOrder } of index.runbooks) {
    const factor = ordered.size && wordOrder.length && !ordered.has(runbook.id) ? 0.5 : 1;
    let best = { score: 0, phrase: '' };
    for (const phrase of phrases) {
      if (!phrase.terms.size) continue;
      const matched = [...phrase.terms].filter((t) => query.has(t));
      if (!matched.length) continue;
      const hit = weight(index, matched);
      const recall = hit / weight(index, phrase.terms);
      const precision = hit / queryWeight;
      const f2 = (5 * recall * precision) / (4 * precision + recall);
      if (f2 > best.score) best = { score: f2, phrase: phrase.text };
    }
    if (best.score > 0) ranked.push({ runbook, score: Math.round(best.score * factor * 1000) / 1000, phrase: best.phrase });
  }
  return ranked.sort((a, b) => b.score - a.score || a.runbook.id.localeCompare(b.runbook.id));
}

/**
 * The runbook a described symptom belongs to, for chat routing: conservative by design. The text must
 * describe a problem (a trouble word) and match one runbook's phrasing at CHAT_THRESHOLD or above, and
 * clearly better than the next runbook; an ordinary FAQ question gives undefined.
 */
export function matchRunbook(raw: string, kb: KnowledgeBase, threshold = CHAT_THRESHOLD): { runbook: LoadedRunbook; score: number } | undefined {
  const text = readPinyinTrouble(raw);
  if (!describesTrouble(text)) return undefined;
  const [first, second] = rankRunbooks(text, kb);
  if (!first || first.score < threshold) return undefined;
  if (second && second.score > first.score * 0.9) return undefined;
  return { runbook: first.runbook, score: first.score };
}
