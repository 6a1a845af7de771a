/**
 * The baselines every search change is measured against, side by side in one run: plain MiniSearch with a
 * bigram tokenizer (the baseline to beat) and plain fuse.js, over the same entries. Neither has bands: each
 * answers whenever it finds anything.
 */
import Fuse from 'fuse.js';
import MiniSearch from 'minisearch';
import type { KnowledgeBase, LoadedEntry } from '../src/knowledge/load.js';
import type { Ranker } from '../src/search/evaluate.js';

/** Lower-cased Latin words, and Chinese as overlapping character bigrams (a lone character as itself). */
export function bigramTokens(text: string): string[] {
  const out: string[] = [];
  for (const run of text.normalize('NFKC').toLowerCase().match(/\p{Script=Han}+|[a-z0-9]+/gu) ?? []) {
    const chars = Array.from(run);
    if (!/\p{Script=Han}/u.test(chars[0]!)) out.push(run);
    else if (chars.length === 1) out.push(run);
    else for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  }
  return out;
}

export function plainMiniSearch(kb: KnowledgeBase): Ranker {
  const index = new MiniSearch<{ id: string; q: string; aliases: string; keywords: string; answer: string }>({
    fields: ['q', 'aliases', 'keywords', 'answer'],
    tokenize: bigramTokens,
    processTerm: (t) => t,
  });
  index.addAll(
    kb.entries.map((e) => ({
      id: e.id,
      q: `${e.question.zh} ${e.question.en}`,
      aliases: [...e.aliases.zh, ...e.aliases.en].join(' '),
      keywords: e.keywords.join(' '),
      answer: `${e.answer.zh} ${e.answer.en}`,
    })),
  );
  return (q) => {
    const r = index.search(q).slice(0, 10);
    return { ids: r.map((x) => String(x.id)), band: r.length ? 'answer' : 'none', confidence: r.length ? 1 : 0 };
  };
}

export function plainFuse(kb: KnowledgeBase): Ranker {
  const fuse = new Fuse<LoadedEntry>(kb.entries, { keys: ['question.zh', 'question.en', 'aliases.zh', 'aliases.en', 'keywords'], includeScore: true });
  return (q) => {
    const r = fuse.search(q, { limit: 10 });
    return { ids: r.map((x) => x.item.id), band: r.length ? 'answer' : 'none', confidence: r.length ? 1 - (r[0]!.score ?? 1) : 0 };
  };
}
