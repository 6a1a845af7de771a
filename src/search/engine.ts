import MiniSearch, { type SearchResult as MiniResult } from 'minisearch';
import type { KnowledgeBase, LoadedEntry } from '../knowledge/load.js';
import { normalize, PhraseMatcher, SynonymFolder } from './synonyms.js';
import { stemmer } from 'stemmer';
import { createTokenizer, type Tokenizer } from './tokenize.js';

export type Band = 'answer' | 'suggest' | 'none';

export interface SearchHit {
  entry: LoadedEntry;
  /** BM25 score (higher is better; comparable only within one query). */
  score: number;
}

export interface SearchOutcome {
  band: Band;
  /** Share (0..1) of the query's idf-weighted terms that the top entry matches. */
  confidence: number;
  hits: SearchHit[];
  /** Query terms after tokenizing: useful to explain a decline. */
  terms: string[];
  /** Set when the question names another cloud (e.g. "aws"): it is out of scope whatever it matches. */
  foreignCloud?: string;
}

/** Confidence thresholds between the bands, tuned on test/eval (see README "Search"). */
export const BANDS = { answer: 0.55, suggest: 0.45, ambiguity: 0.97 } as const;

interface IndexedDoc {
  id: string;
  question: string;
  aliases: string;
  keywords: string;
  answer: string;
  title: string;
}

const FIELDS = ['question', 'aliases', 'keywords', 'answer', 'title'] as const;

export interface EngineOptions {
  hanUnigrams: boolean;
  boost: Record<(typeof FIELDS)[number], number>;
  fuzzy: number;
  bands: { answer: number; suggest: number; ambiguity: number };
  /** BM25 score at which the match strength reaches 1 - 1/e. */
  scoreScale: number;
  /** Weight of the best single phrasing (question or one alias) next to the whole-entry score. */
  phraseWeight: number;
  /** BM25 parameters (MiniSearch's k, b, d). */
  bm25: { k: number; b: number; d: number };
}

export const DEFAULT_OPTIONS: EngineOptions = {
  // Bigrams alone measured better than bigrams plus single characters (top-1 and declines; see bench/tune.ts).
  hanUnigrams: false,
  boost: { question: 3, aliases: 3, keywords: 2, answer: 0.5, title: 1 },
  fuzzy: 0.2,
  bands: BANDS,
  scoreScale: 250,
  // The best single phrasing adds to the whole-entry score: +1–2 points top-1 on test/eval (bench/tune.ts).
  phraseWeight: 3,
  bm25: { k: 1.2, b: 0.7, d: 0.5 },
};

function toDoc(entry: LoadedEntry): IndexedDoc {
  return {
    id: entry.id,
    question: `${entry.question.zh}\n${entry.question.en}`,
    aliases: [...entry.aliases.zh, ...entry.aliases.en].join('\n'),
    keywords: entry.keywords.join('\n'),
    answer: `${entry.answer.zh}\n${entry.answer.en}`,
    title: entry.sectionTitle,
  };
}

/** Typos are only forgiven in longer Latin words: Chinese is already covered by its character bigrams. */
const fuzzyFor = (amount: number) => (term: string): number | false => (amount > 0 && /^[a-z]{5,}$/.test(term) ? amount : false);

/** BM25 (MiniSearch) over the bilingual entries, with the shared tokenizer and the synonym table. */
export class SearchEngine {
  readonly tokenize: Tokenizer;
  private readonly index: MiniSearch<IndexedDoc>;
  private readonly byId: Map<string, LoadedEntry>;
  private readonly docFreq = new Map<string, number>();
  private readonly docCount: number;

  private readonly options: EngineOptions;
  private readonly foreign: PhraseMatcher;
  private readonly phrases: MiniSearch<{ id: string; entry: string; text: string }>;

  constructor(kb: Pick<KnowledgeBase, 'entries' | 'synonyms' | 'foreignClouds'>, options: Partial<EngineOptions> = {}) {
    this.options = { ...DEFAULT_OPTIONS, ...options };
    this.tokenize = createTokenizer(new SynonymFolder(kb.synonyms), { hanUnigrams: this.options.hanUnigrams });
    this.foreign = new PhraseMatcher(kb.foreignClouds);
    this.byId = new Map(kb.entries.map((e) => [e.id, e]));
    this.index = new MiniSearch<IndexedDoc>({
      fields: [...FIELDS],
      tokenize: this.tokenize,
      processTerm: (term) => term,
      searchOptions: { boost: this.options.boost, bm25: this.options.bm25, fuzzy: fuzzyFor(this.options.fuzzy), tokenize: this.tokenize, processTerm: (term) => term },
    });
    const docs = kb.entries.map(toDoc);
    this.index.addAll(docs);
    this.phrases = new MiniSearch<{ id: string; entry: string; text: string }>({
      fields: ['text'],
      storeFields: ['entry'],
      tokenize: this.tokenize,
      processTerm: (term) => term,
      searchOptions: { bm25: this.options.bm25, fuzzy: fuzzyFor(this.options.fuzzy), tokenize: this.tokenize, processTerm: (term) => term },
    });
    if (this.options.phraseWeight > 0) {
      this.phrases.addAll(
        kb.entries.flatMap((e) =>
          [e.question.zh, e.question.en, ...e.aliases.zh, ...e.aliases.en].map((text, i) => ({ id: `${e.id}#${i}`, entry: e.id, text })),
        ),
      );
    }
    for (const doc of docs) {
      const seen = new Set<string>();
      for (const field of FIELDS) for (const term of this.tokenize(doc[field])) seen.add(term);
      for (const term of seen) this.docFreq.set(term, (this.docFreq.get(term) ?? 0) + 1);
    }
    this.docCount = docs.length;

  }

  /** Inverse document frequency; a term no entry has gets the highest weight, so unknown words lower confidence. */
  private weight(term: string): number {
    const df = this.docFreq.get(term) ?? 0;
    return Math.log(1 + (this.docCount - df + 0.5) / (df + 0.5));
  }

  /**
   * Confidence from two normalized signals: how strongly the top entry matches (its BM25 score, saturated)
   * and how much of the query's idf weight is vocabulary the knowledge base knows at all (gibberish and
   * other topics are mostly unknown words). Measured on test/eval, the top score alone separates answerable
   * from out-of-scope questions best; the known share guards against long off-topic questions.
   */
  private confidence(terms: string[], results: MiniResult[]): number {
    const top = results[0];
    if (!top || terms.length === 0) return 0;
    let total = 0;
    let known = 0;
    for (const term of new Set(terms)) {
      const w = this.weight(term);
      total += w;
      if (this.docFreq.has(term)) known += w;
    }
    const strength = 1 - Math.exp(-top.score / this.options.scoreScale);
    return strength * Math.sqrt(known / total);
  }

  /**
   * Swapped neighbouring letters ("pubilc", "regoin", "netwrok") are the commonest typo and cost two edits,
   * more than fuzzy matching forgives: an unknown word whose swap is a known one is read as that word.
   */
  private correct(terms: string[]): string[] {
    return terms.map((term) => {
      if (!/^[a-z]{4,}$/.test(term) || this.docFreq.has(term)) return term;
      let best = term;
      let bestDf = 0;
      for (let i = 0; i + 1 < term.length; i++) {
        const swapped = term.slice(0, i) + term[i + 1] + term[i] + term.slice(i + 2);
        for (const candidate of new Set([swapped, stemmer(swapped)])) {
          const df = this.docFreq.get(candidate) ?? 0;
          if (df > bestDf) [best, bestDf] = [candidate, df];
        }
      }
      return best;
    });
  }

  private rank(terms: string[]): MiniResult[] {
    // The query is already tokenized (and corrected): hand MiniSearch the terms as they are.
    const query = terms.join(' ');
    const asIs = { tokenize: (q: string) => q.split(' ') };
    const results = this.index.search(query, asIs);
    if (this.options.phraseWeight <= 0) return results;
    const best = new Map<string, number>();
    for (const r of this.phrases.search(query, asIs)) {
      const entry = String(r.entry);
      if (!best.has(entry)) best.set(entry, r.score);
    }
    for (const r of results) r.score += this.options.phraseWeight * (best.get(String(r.id)) ?? 0);
    return results.sort((a, b) => b.score - a.score);
  }

  search(query: string, top = 3): SearchOutcome {
    const terms = this.correct(this.tokenize(query));
    const results = terms.length ? this.rank(terms) : [];
    const foreignCloud = this.foreign.find(normalize(query));
    const confidence = foreignCloud ? 0 : Math.round(this.confidence(terms, results) * 1000) / 1000;
    const { bands } = this.options;
    // Two near-equal top hits: the question is ambiguous, so offer both rather than pick one.
    const ambiguous = results.length > 1 && results[1]!.score / results[0]!.score > bands.ambiguity;
    const band: Band =
      confidence >= bands.answer && !ambiguous ? 'answer' : confidence >= bands.suggest ? 'suggest' : 'none';
    const hits = results.slice(0, Math.max(top, 0)).map((r) => ({
      entry: this.byId.get(String(r.id))!,
      score: Math.round(r.score * 1000) / 1000,
    }));
    return { band, confidence, hits, terms, ...(foreignCloud ? { foreignCloud } : {}) };
  }
}
