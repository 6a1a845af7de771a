import MiniSearch, { type SearchResult as MiniResult } from 'minisearch';
import type { KnowledgeBase, LoadedEntry } from '../knowledge/load.js';
import { normalize, normalizeTerm, PhraseMatcher, SynonymFolder } from './synonyms.js';
import { createTokenizer, hanCharTerms, type Tokenizer } from './tokenize.js';
import { PhrasingIndex } from './phrasings.js';
import { correctTypos } from './typos.js';

export type Band = 'answer' | 'suggest' | 'none';

export interface SearchHit {
  entry: LoadedEntry;
  /** BM25 score (higher is better; comparable only within one query). */
  score: number;
}

export interface SearchOutcome {
  band: Band;
  /**
   * 0..1: the strength of the top match (its BM25 score, saturated) times the share of the question's weight
   * that is vocabulary the knowledge base knows, raised to knownShareExponent. 0 for questions about other clouds.
   */
  confidence: number;
  hits: SearchHit[];
  /** Set when the question names another cloud ("AWS", as knowledge/out-of-scope.yaml spells it): out of scope whatever it matches. */
  foreignCloud?: string;
}

/** Confidence thresholds between the bands, tuned on test/eval (see README "Search"). */
export const BANDS = { answer: 0.55, suggest: 0.5, ambiguity: 0.95 } as const;

interface IndexedDoc {
  id: string;
  question: string;
  aliases: string;
  keywords: string;
  answer: string;
  title: string;
  /** The Han characters of question, aliases and keywords (see hanCharTerms): only the fallback asks for them. */
  hanChars: string;
}

const FIELDS = ['question', 'aliases', 'keywords', 'answer', 'title', 'hanChars'] as const;

export interface EngineOptions {
  hanUnigrams: boolean;
  boost: Record<(typeof FIELDS)[number], number>;
  /** MiniSearch fuzzy matching (share of a word's length that may differ) for unknown longer Latin words; 0 is off. */
  fuzzy: number;
  bands: { answer: number; suggest: number; ambiguity: number };
  /** BM25 score, per unit of the question's known idf weight, at which match strength reaches 1 - 1/e. */
  scoreScale: number;
  /** Weight of the best single phrasing (question or one alias) next to the whole-entry score. */
  phraseWeight: number;
  /** How hard words the knowledge base does not know pull confidence down: confidence × knownShare^this. */
  knownShareExponent: number;
  /** BM25 parameters (MiniSearch's k, b, d). */
  bm25: { k: number; b: number; d: number };
}

export const DEFAULT_OPTIONS: EngineOptions = {
  // Bigrams alone measured better than bigrams plus single characters (top-1 and declines; see bench/tune.ts).
  hanUnigrams: false,
  // hanChars 0.3: the character fallback (see search()); on test/eval + held-out sets 1–3 (500 questions) it
  // lifts top-3 0.974 → 0.984 and top-1 0.902 → 0.906, declines unchanged (bench/tune.ts; 1.0 measures the same).
  boost: { question: 3, aliases: 3, keywords: 2, answer: 0.5, title: 1, hanChars: 0.3 },
  // Off: with the typo corrector reading one-edit typos, fuzzy matching (0.2) changed one band of 520 in-scope
  // questions (no ranking) and cost about 0.4 ms at p99, a fifth of the latency budget (bench/tune.ts).
  fuzzy: 0,
  bands: BANDS,
  scoreScale: 20,
  // The best single phrasing adds to the whole-entry score: +1–2 points top-1 on test/eval (bench/tune.ts).
  phraseWeight: 2,
  // 0.5 (a square root) let two everyday questions reach "did you mean" once the aliases grew; 0.65 declines
  // all 80 out-of-scope questions of test/eval + held-out sets 1–3 at the same top-1/top-3, answering 11 of
  // 500 in-scope ones fewer directly (bench/tune.ts; 0.75 and 1 decline far more in-scope questions).
  knownShareExponent: 0.65,
  bm25: { k: 1.2, b: 0.7, d: 0.5 },
};

/** How many leading entries get the best-phrasing bonus. */
const PHRASE_CANDIDATES = 20;

const splitTerms = (text: string) => (text ? text.split(' ') : []);

/** BM25 (MiniSearch) over the bilingual entries, with the shared tokenizer and the synonym table. */
export class SearchEngine {
  readonly tokenize: Tokenizer;
  private readonly index: MiniSearch<IndexedDoc>;
  private readonly byId: Map<string, LoadedEntry>;
  private readonly docFreq = new Map<string, number>();
  private readonly docCount: number;

  private readonly options: EngineOptions;
  private readonly foreign: PhraseMatcher;
  /** Normalized cloud name → as out-of-scope.yaml spells it, so a reply can name it properly. */
  private readonly foreignNames: Map<string, string>;
  /** Every question and alias of each entry, for the best-phrasing bonus. */
  private readonly phrasings = new PhrasingIndex();

  constructor(kb: Pick<KnowledgeBase, 'entries' | 'synonyms' | 'foreignClouds'>, options: Partial<EngineOptions> = {}) {
    this.options = { ...DEFAULT_OPTIONS, ...options };
    this.tokenize = createTokenizer(new SynonymFolder(kb.synonyms), { hanUnigrams: this.options.hanUnigrams });
    this.foreign = new PhraseMatcher(kb.foreignClouds);
    this.foreignNames = new Map(kb.foreignClouds.map((name) => [normalizeTerm(name), name]));
    this.byId = new Map(kb.entries.map((e) => [e.id, e]));
    const fuzzy = this.fuzzyFor(this.options.fuzzy);
    const asIs = { tokenize: splitTerms, processTerm: (term: string) => term };
    this.index = new MiniSearch<IndexedDoc>({
      fields: [...FIELDS],
      ...asIs,
      searchOptions: { boost: this.options.boost, bm25: this.options.bm25, fuzzy, ...asIs },
    });
    // Each text is tokenized once, into arrays; MiniSearch gets them joined and splits them back on spaces.
    for (const entry of kb.entries) {
      const phrasings = [entry.question.zh, entry.question.en, ...entry.aliases.zh, ...entry.aliases.en].map(this.tokenize);
      const question = phrasings.slice(0, 2).flat();
      const aliases = phrasings.slice(2).flat();
      const keywords = entry.keywords.flatMap(this.tokenize);
      const fields: Record<(typeof FIELDS)[number], string[]> = {
        question,
        aliases,
        keywords,
        answer: [...this.tokenize(entry.answer.zh), ...this.tokenize(entry.answer.en)],
        title: this.tokenize(entry.sectionTitle),
        hanChars: [...new Set(hanCharTerms([...question, ...aliases, ...keywords]))],
      };
      const doc = { id: entry.id } as IndexedDoc;
      for (const field of FIELDS) doc[field] = fields[field].join(' ');
      this.index.add(doc);
      this.phrasings.add(entry.id, phrasings);
      for (const term of new Set(FIELDS.flatMap((field) => fields[field]))) this.docFreq.set(term, (this.docFreq.get(term) ?? 0) + 1);
    }
    this.docCount = kb.entries.length;
  }

  /**
   * Typos are forgiven only in longer Latin words the knowledge base does not know (a known word needs no
   * forgiveness, and fuzzy lookups are the costly part of a query); Chinese is covered by its bigrams.
   */
  private fuzzyFor(amount: number) {
    return (term: string): number | false => (amount > 0 && /^[a-z]{5,}$/.test(term) && !this.docFreq.has(term) ? amount : false);
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
    // (known > 0 whenever there is a top result: some query term matched an entry.)
    let total = 0;
    let known = 0;
    for (const term of new Set(terms)) {
      const w = this.weight(term);
      total += w;
      if (this.docFreq.has(term)) known += w;
    }
    // The score a match can reach grows with the words a question has: measure it against that, so a short
    // exact question ("ENI", "经典网络是什么") counts as strong as a long one.
    const strength = 1 - Math.exp(-top.score / (this.options.scoreScale * known));
    return strength * Math.pow(known / total, this.options.knownShareExponent);
  }

  private rank(terms: string[]): MiniResult[] {
    // The query is already tokenized (and corrected): hand MiniSearch the terms as they are.
    const query = terms.join(' ');
    const results = this.index.search(query);
    const { phraseWeight, bm25 } = this.options;
    if (phraseWeight <= 0) return results;
    for (const r of results.slice(0, PHRASE_CANDIDATES)) r.score += phraseWeight * this.phrasings.best(String(r.id), terms, bm25);
    return results.sort((a, b) => b.score - a.score);
  }

  /** Ranks the terms and places the result in a band. */
  private judge(terms: string[], foreignCloud: string | undefined): { results: MiniResult[]; confidence: number; band: Band } {
    const results = terms.length ? this.rank(terms) : [];
    const confidence = foreignCloud ? 0 : Math.round(this.confidence(terms, results) * 1000) / 1000;
    const { bands } = this.options;
    // Two near-equal top hits: the question is ambiguous, so offer both rather than pick one.
    const ambiguous = results.length > 1 && results[1]!.score / results[0]!.score > bands.ambiguity;
    const band: Band =
      confidence >= bands.answer && !ambiguous ? 'answer' : confidence >= bands.suggest ? 'suggest' : 'none';
    return { results, confidence, band };
  }

  search(query: string, top = 3): SearchOutcome {
    const terms = correctTypos(this.tokenize(query), this.docFreq);
    const found = this.foreign.find(normalize(query));
    const foreignCloud = found && (this.foreignNames.get(found) ?? found);
    let judged = this.judge(terms, foreignCloud);
    // Character fallback, for Chinese bigrams no entry has: when the bigrams alone are not confident, the
    // search with their characters decides; when they are, their answer stands and the alternatives offered
    // next to it come from the wider search.
    const chars = this.options.boost.hanChars > 0 ? hanCharTerms(terms.filter((t) => !this.docFreq.has(t))) : [];
    if (chars.length) {
      const wider = this.judge([...terms, ...chars], foreignCloud);
      const first = judged.results[0];
      judged = judged.band !== 'answer' || !first ? wider : { ...judged, results: [first, ...wider.results.filter((r) => r.id !== first.id)] };
    }
    const hits = judged.results.slice(0, Math.max(top, 0)).map((r) => ({
      entry: this.byId.get(String(r.id))!,
      score: Math.round(r.score * 1000) / 1000,
    }));
    return { band: judged.band, confidence: judged.confidence, hits, ...(foreignCloud ? { foreignCloud } : {}) };
  }
}
