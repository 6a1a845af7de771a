import MiniSearch, { type AsPlainObject, type Options } from 'minisearch';
import type { KnowledgeBase, LoadedEntry } from '../knowledge/load.js';
import { normalize, normalizeQuery, normalizeTerm, PhraseMatcher, SynonymFolder } from './synonyms.js';
import { createTokenizer, hanCharTerms, isAddressTerm, isFunctionChar, type Tokenizer } from './tokenize.js';
import { QueryReader, type ReadingOptions } from './reading.js';
import { NgramIndex } from './ngram.js';
import { PhrasingIndex } from './phrasings.js';
import { correctTypos } from './typos.js';
import { CalibratedBands, NO_SIGNALS, type Band, type Calibration, type Signals } from './calibration.js';
import { CALIBRATED_MODEL } from './calibration-model.js';
import { EMPTY_FRAME, FrameReader, type Frame } from './frame.js';
import { LabelModel } from './label-model.js';
import { countsFor, packTerms, PackedTermMap, TableCounts, type CompactNumbers, type Counts, type PackedTerms } from './pack.js';
import { StringTable } from './string-table.js';
import { candidateFeatures, rankCandidates, type Candidate, type QuestionView } from './ranker.js';
import { RANKER_MODEL } from './ranker-model.js';
import type { LogisticModel } from './calibration.js';
import { SNAPSHOT_VERSION } from './snapshot-version.js';

/** A word of Chinese characters only; an address written out (a URL) in an entry's text. */
const HAN = /^\p{Script=Han}+$/u;
const URL = /\bhttps?:\/\/\S+/g;

export type { Band } from './calibration.js';

export interface SearchHit {
  entry: LoadedEntry;
  /** BM25 score (higher is better; comparable only within one query). */
  score: number;
}

export interface SearchOutcome {
  band: Band;
  /**
   * 0..1: the calibrated chance that the top entry is right (see calibration.ts); 0 for questions about
   * other clouds.
   */
  confidence: number;
  hits: SearchHit[];
  /** Set when the question names another cloud ("AWS", as knowledge/out-of-scope.yaml spells it): out of scope whatever it matches. */
  foreignCloud?: string;
  /** Set when the question is declined because it names another product or topic ("RDS") its match does not mention. */
  otherTopic?: string;
  /** What the question was read as being about (features, aspects, qualifiers). */
  frame: Frame;
}

/** How a question is searched beyond its text: a thread follow-up brings the frame it inherited. */
export interface SearchContext {
  frame?: Frame;
  /** The query is already read (readText): pinyin and slips are not read again. */
  read?: boolean;
}


/** One ranked entry: its score, the query terms it matched, and the part of the score from its best phrasing. */
interface Ranked {
  id: string;
  score: number;
  terms: string[];
  phrase: number;
  /** The learned ranker's probability that this entry is the right one (see rerank). */
  learned?: number;
}

interface Judged {
  results: Ranked[];
  signals: Signals;
  confidence: number;
  band: Band;
}

interface IndexedDoc {
  id: string;
  question: string;
  aliases: string;
  keywords: string;
  answer: string;
  title: string;
  /** The Han characters of question, aliases and keywords (see hanCharTerms): only the fallback asks for them. */
  hanChars: string;
  /** The entry's training questions (knowledge/training). */
  training: string;
}

const FIELDS = ['question', 'aliases', 'keywords', 'answer', 'title', 'hanChars', 'training'] as const;

export interface EngineOptions {
  hanUnigrams: boolean;
  boost: Record<(typeof FIELDS)[number], number>;
  /** MiniSearch fuzzy matching (share of a word's length that may differ) for unknown longer Latin words; 0 is off. */
  fuzzy: number;
  /** How the signals of a ranking become a band (see calibration.ts). */
  calibration: Calibration;
  /** BM25 score, per unit of the question's known idf weight, at which match strength reaches 1 - 1/e. */
  scoreScale: number;
  /** Weight of the best single phrasing (question or one alias) next to the whole-entry score. */
  phraseWeight: number;
  /** BM25 parameters (MiniSearch's k, b, d). */
  bm25: { k: number; b: number; d: number };
  /** Read IME homophone slips and Latin pinyin as the known Chinese words (see reading.ts). */
  pinyin: ReadingOptions;
  /** Weight of the n-gram similarity when reordering BM25's leading entries (0: BM25's order). */
  ngramWeight: number;
  /**
   * The learned ranker (ranker.ts, fitted on knowledge/training by bench/train.ts) that reorders the leading
   * candidates by word match and by agreement of feature, aspect and qualifiers; null: BM25 + n-gram order.
   */
  ranker: LogisticModel | null;
}

export const DEFAULT_OPTIONS: EngineOptions = {
  // Bigrams alone measured better than bigrams plus single characters (top-1 and declines; see bench/tune.ts).
  hanUnigrams: false,
  // hanChars 0.3: the character fallback (see search()); on test/eval + held-out sets 1–3 (500 questions) it
  // lifts top-3 0.974 → 0.984 and top-1 0.902 → 0.906, declines unchanged (bench/tune.ts; 1.0 measures the same).
  // training 1: the training corpus as a field of its own (dev sets: top-1 0.862 → 0.877 on dev-2, 0.915 → 0.945 on
  // the held-out sets; 0.5 and 2 measured within a point of it).
  boost: { question: 3, aliases: 3, keywords: 2, answer: 0.5, title: 1, hanChars: 0.3, training: 1 },
  // Off: with the typo corrector reading one-edit typos, fuzzy matching (0.2) changed one band of 520 in-scope
  // questions (no ranking) and cost about 0.4 ms at p99, a fifth of the latency budget (bench/tune.ts).
  fuzzy: 0,
  calibration: new CalibratedBands(CALIBRATED_MODEL),
  scoreScale: 20,
  // The best single phrasing adds to the whole-entry score: +1–2 points top-1 on test/eval (bench/tune.ts).
  phraseWeight: 2,
  bm25: { k: 1.2, b: 0.7, d: 0.5 },
  pinyin: { homophones: true, latin: true },
  ngramWeight: 1,
  ranker: RANKER_MODEL,
};

/** How many leading entries get the best-phrasing bonus. */
const PHRASE_CANDIDATES = 20;
/** How many leading BM25 entries the n-gram similarity may reorder. */
const FUSE_CANDIDATES = 10;
/** How many leading entries the learned ranker sees: BM25's first ones and the nearest training questions' entries. */
const RANK_CANDIDATES = 10;
const KNN_CANDIDATES = 5;

const splitTerms = (text: string) => (text ? text.split(' ') : []);

/** What the engine reads from the knowledge base. */
export type EngineKnowledge = Pick<KnowledgeBase, 'entries' | 'synonyms' | 'foreignClouds'> &
  Partial<Pick<KnowledgeBase, 'byId' | 'chat' | 'otherTopics' | 'features' | 'aspects' | 'qualifierWords' | 'training'>>;

// In its own module so that a start can check the index file's key without loading the engine (index-key.ts).
export { SNAPSHOT_VERSION } from './snapshot-version.js';

/** The snapshot's arrays a one-question load reads a row at a time, as searches ask for them (index-file.ts). */
export const DEFERRED: readonly string[] = ['ngrams.phrasings', 'ngrams.weights', 'trainingNgrams.phrasings', 'trainingNgrams.weights'];

/** The costly parts of an engine: built from the knowledge base, or restored from a snapshot. */
interface Parts {
  index: MiniSearch<IndexedDoc>;
  docFreq: Counts;
  entryFreq: Counts;
  docCount: number;
  phrasings: PhrasingIndex;
  reader: QueryReader;
  ngrams: NgramIndex;
  trainingNgrams: NgramIndex;
  featureModel: LabelModel<string>;
  aspectModel: LabelModel<string>;
}

type Snapshotted<T> = T extends { snapshot(): infer S } ? S : T extends Counts ? CompactNumbers : T;
/**
 * The parts as data for the index file: MiniSearch's own serialization with its terms packed (their table is
 * also the table of the term counts, docFreq and entryFreq, kept beside it), the rest packed by each part.
 */
export type EngineSnapshot = { version: number; hanUnigrams: boolean; index: { js: AsPlainObject; terms: PackedTerms } } & {
  [K in Exclude<keyof Parts, 'index'>]: Snapshotted<Parts[K]>;
};

/**
 * MiniSearch from its own serialization (loadJS) without the terms, then its term index from the packed
 * terms, decoded as searches ask for them. MiniSearch keeps that index in `_index` (a SearchableMap, which
 * PackedTermMap is): the one internal this relies on, with minisearch pinned to the version it was checked on
 * (test/search/index-file.test.ts compares searches of a restored engine with a built one).
 */
function restoreIndex(s: EngineSnapshot['index'], terms: StringTable, options: Options<IndexedDoc>): MiniSearch<IndexedDoc> {
  const index = MiniSearch.loadJS<IndexedDoc>({ ...s.js, index: [] }, options);
  (index as unknown as { _index: PackedTermMap })._index = new PackedTermMap(s.terms, terms);
  return index;
}

function restoreParts(s: EngineSnapshot, indexOptions: Options<IndexedDoc>): Parts {
  if (s.version !== SNAPSHOT_VERSION) throw new Error(`search index snapshot version ${s.version}, expected ${SNAPSHOT_VERSION}`);
  const terms = StringTable.restore(s.index.terms.terms);
  const entryFreq = new TableCounts(terms, s.entryFreq);
  return {
    index: restoreIndex(s.index, terms, indexOptions),
    docFreq: new TableCounts(terms, s.docFreq),
    entryFreq,
    docCount: s.docCount,
    phrasings: PhrasingIndex.restore(s.phrasings),
    // The reader reads against the entries' vocabulary: the same Map as the engine's own.
    reader: QueryReader.restore(s.reader, entryFreq),
    ngrams: NgramIndex.restore(s.ngrams),
    trainingNgrams: NgramIndex.restore(s.trainingNgrams),
    featureModel: LabelModel.restore(s.featureModel),
    aspectModel: LabelModel.restore(s.aspectModel),
  };
}

/** BM25 (MiniSearch) over the bilingual entries, with the shared tokenizer and the synonym table. */
export class SearchEngine {
  readonly tokenize: Tokenizer;
  private readonly index: MiniSearch<IndexedDoc>;
  private readonly byId: Map<string, LoadedEntry>;
  private readonly docFreq: Counts;
  /**
   * The entries' own vocabulary, without the training questions: what pinyin, IME slips and English typos are
   * read against. The training questions hold pinyin and typos on purpose ("tanxing wangka", "pubilc"): known
   * words there would stop the reader from reading them.
   */
  private readonly entryFreq: Counts;
  private readonly docCount: number;
  /** The snapshot a restored engine was made from (snapshot() returns it). */
  private readonly restoredFrom?: EngineSnapshot;

  private readonly options: EngineOptions;
  private readonly foreign: PhraseMatcher;
  /** Normalized cloud name → as out-of-scope.yaml spells it, so a reply can name it properly. */
  private readonly foreignNames: Map<string, string>;
  private readonly otherTopics: PhraseMatcher;
  private readonly otherTopicNames: Map<string, string>;
  /** Each entry's whole text, normalized, made when first asked for (see entryText). */
  private readonly entryTexts = new Map<string, string>();
  /** Every question and alias of each entry, for the best-phrasing bonus. */
  private readonly phrasings: PhrasingIndex;
  /** IME slips and Latin pinyin, read against the knowledge base's own words. */
  private readonly reader: QueryReader;
  private readonly folder: SynonymFolder;
  /** Character n-gram similarity to each entry's phrasings: a second ranking to fuse with and agree with. */
  private readonly ngrams: NgramIndex;
  /** Character n-gram similarity to each entry's training questions (knowledge/training): the nearest neighbours. */
  private readonly trainingNgrams: NgramIndex;
  private readonly frames: FrameReader;
  private readonly featureModel: LabelModel<string>;
  private readonly aspectModel: LabelModel<string>;

  /**
   * Builds the index from the knowledge base, or takes it from `prebuilt` (a snapshot() of an engine built
   * over the same knowledge base with the same hanUnigrams: see index-file.ts), which skips the costly part.
   */
  constructor(kb: EngineKnowledge, options: Partial<EngineOptions> = {}, prebuilt?: EngineSnapshot) {
    this.options = { ...DEFAULT_OPTIONS, ...options };
    this.folder = new SynonymFolder(kb.synonyms, kb.chat);
    this.tokenize = createTokenizer(this.folder, { hanUnigrams: this.options.hanUnigrams });
    this.foreign = new PhraseMatcher(kb.foreignClouds);
    this.foreignNames = new Map(kb.foreignClouds.map((name) => [normalizeTerm(name), name]));
    this.otherTopics = new PhraseMatcher(kb.otherTopics ?? []);
    this.otherTopicNames = new Map((kb.otherTopics ?? []).map((name) => [normalizeTerm(name), name]));
    // A restored engine looks entries up in kb.byId (from the cache, an entry is parsed when first asked for).
    this.byId = prebuilt && kb.byId ? kb.byId : new Map(kb.entries.map((e) => [e.id, e]));
    this.frames = new FrameReader({ features: kb.features ?? [], aspects: kb.aspects ?? [], ...(kb.qualifierWords ? { qualifierWords: kb.qualifierWords } : {}) });
    const fuzzy = this.fuzzyFor(this.options.fuzzy);
    const asIs = { tokenize: splitTerms, processTerm: (term: string) => term };
    const indexOptions = { fields: [...FIELDS], ...asIs, searchOptions: { boost: this.options.boost, bm25: this.options.bm25, fuzzy, ...asIs } };
    if (prebuilt && prebuilt.hanUnigrams !== this.options.hanUnigrams) throw new Error('the search index snapshot was built with other tokenizer options');
    const parts = prebuilt ? restoreParts(prebuilt, indexOptions) : this.build(kb, new MiniSearch<IndexedDoc>(indexOptions));
    if (prebuilt) this.restoredFrom = prebuilt;
    this.index = parts.index;
    this.docFreq = parts.docFreq;
    this.entryFreq = parts.entryFreq;
    this.docCount = parts.docCount;
    this.phrasings = parts.phrasings;
    this.reader = parts.reader;
    this.ngrams = parts.ngrams;
    this.trainingNgrams = parts.trainingNgrams;
    this.featureModel = parts.featureModel;
    this.aspectModel = parts.aspectModel;
  }

  /** The costly part of the engine, built from the knowledge base (about 2 s: see snapshot()). */
  private build(kb: EngineKnowledge, index: MiniSearch<IndexedDoc>): Parts {
    const docFreq = new Map<string, number>();
    const entryFreq = new Map<string, number>();
    const phrasingIndex = new PhrasingIndex();
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
        training: (kb.training?.get(entry.id) ?? []).flatMap(this.tokenize),
      };
      const doc = { id: entry.id } as IndexedDoc;
      for (const field of FIELDS) doc[field] = fields[field].join(' ');
      index.add(doc);
      phrasingIndex.add(entry.id, phrasings);
      for (const term of new Set(FIELDS.flatMap((field) => fields[field]))) docFreq.set(term, (docFreq.get(term) ?? 0) + 1);
      for (const term of new Set(FIELDS.filter((f) => f !== 'training').flatMap((field) => fields[field]))) entryFreq.set(term, (entryFreq.get(term) ?? 0) + 1);
    }
    const ngrams = new NgramIndex(
      kb.entries.map((e) => ({ id: e.id, texts: [e.question.zh, e.question.en, ...e.aliases.zh, ...e.aliases.en].map((t) => this.folder.fold(normalize(t))) })),
    );
    const training = kb.training ?? new Map<string, string[]>();
    const trainingNgrams = new NgramIndex(kb.entries.map((e) => ({ id: e.id, texts: (training.get(e.id) ?? []).map((t) => this.folder.fold(normalize(t))) })));
    // The label models learn from the training questions and the entries' own phrasings, each labelled with its entry's feature and aspect.
    const examples = kb.entries.flatMap((e) =>
      [...(training.get(e.id) ?? []), e.question.zh, e.question.en, ...e.aliases.zh, ...e.aliases.en].map((q) => ({ terms: this.tokenize(q), entry: e })),
    );
    return {
      index,
      docFreq,
      entryFreq,
      docCount: kb.entries.length,
      phrasings: phrasingIndex,
      reader: new QueryReader(entryFreq, kb.synonyms),
      ngrams,
      trainingNgrams,
      featureModel: new LabelModel(examples.filter((x) => x.entry.feature).map((x) => ({ terms: x.terms, label: x.entry.feature! }))),
      aspectModel: new LabelModel(examples.filter((x) => x.entry.aspect).map((x) => ({ terms: x.terms, label: x.entry.aspect! }))),
    };
  }

  /**
   * The built index and tables as plain data (Maps, typed arrays, numbers), for v8.serialize: a new engine
   * over the same knowledge base takes them instead of building them again (see index-file.ts).
   */
  snapshot(): EngineSnapshot {
    if (this.restoredFrom) return this.restoredFrom;
    const json = this.index.toJSON();
    const terms = packTerms(json.index);
    const table = StringTable.restore(terms.terms);
    return {
      version: SNAPSHOT_VERSION,
      hanUnigrams: this.options.hanUnigrams,
      index: { js: { ...json, index: [] }, terms },
      // Every term the entries or the training questions use is one of the index's terms. (A built engine's
      // counts are the Maps build() made.)
      docFreq: countsFor(table, this.docFreq as Map<string, number>),
      entryFreq: countsFor(table, this.entryFreq as Map<string, number>),
      docCount: this.docCount,
      phrasings: this.phrasings.snapshot(),
      reader: this.reader.snapshot(),
      ngrams: this.ngrams.snapshot(),
      trainingNgrams: this.trainingNgrams.snapshot(),
      featureModel: this.featureModel.snapshot(),
      aspectModel: this.aspectModel.snapshot(),
    };
  }

  /**
   * An entry's whole text, normalized (does it mention a topic the question names?): made from the entry
   * when first asked for, as cheap as reading it from the index file and seldom needed.
   */
  private entryText(id: string): string {
    let text = this.entryTexts.get(id);
    if (text === undefined) {
      const { question: q, answer: a, aliases: al, keywords } = this.byId.get(id)!;
      // Not addresses: the IPv6 tool's URL on oss-cn-hangzhou says nothing about OSS.
      this.entryTexts.set(id, (text = normalize([q.zh, q.en, a.zh, a.en, ...al.zh, ...al.en, ...keywords].join('\n')).replace(URL, ' ')));
    }
    return text;
  }

  /** What the question is about (features, aspects, qualifiers), read from its words. */
  readFrame(text: string): Frame {
    return this.frames.read(this.readText(text));
  }

  /** The reader of frames, for reading a follow-up against its thread (see followup.ts). */
  get frameReader(): FrameReader {
    return this.frames;
  }

  /** Whether the text names another cloud or another product or topic the guide does not cover ("RDS", "AWS"). */
  namesOtherTopic(text: string): boolean {
    const normalized = normalize(text);
    return this.foreign.find(normalized) !== undefined || this.otherTopics.find(normalized) !== undefined;
  }

  /** The other product or topic the text names ("RDS"), as out-of-scope.yaml spells it; not other clouds. */
  otherTopicIn(text: string): string | undefined {
    const found = this.otherTopics.find(normalize(text));
    return found === undefined ? undefined : (this.otherTopicNames.get(found) ?? found);
  }

  /** Whether text as read (readText) has a term the entries use, or a figure: stop words and courtesies are no terms. */
  knowsWordsIn(read: string): boolean {
    return this.tokenize(read).some((term) => this.entryFreq.has(term) || /^\d/.test(term));
  }

  /**
   * Whether every word of text as read (readText) is one the entries use: English words and Chinese two-character
   * words (a pair with a function character may span two words, and is not judged). "what is the weather" has
   * a word the guide never uses; "does it have to answer those" has none.
   */
  knowsAllWordsIn(read: string): boolean {
    return this.tokenize(read).every((term) => this.entryFreq.has(term) || /^\d/.test(term) || isAddressTerm(term) || (HAN.test(term) && (term.length < 2 || Array.from(term).some(isFunctionChar))));
  }

  /** The text as the search reads it: normalized, Latin pinyin and IME slips read as the Chinese they spell. */
  readText(text: string): string {
    return this.reader.read(normalizeQuery(text), this.options.pinyin);
  }

  /**
   * The learned ranker over the leading candidates: BM25's first ones and the entries of the nearest training
   * questions, each described by its word-match scores and its agreement with what the question asks.
   */
  private rerank(results: Ranked[], terms: string[], similar: ReadonlyMap<string, number>, nearest: ReadonlyMap<string, number>, frame: Frame): Ranked[] {
    const model = this.options.ranker;
    if (!model || (!results.length && !nearest.size)) return results;
    const { candidates, view } = this.candidates(results, terms, similar, nearest, frame);
    const byId = new Map(results.map((r) => [r.id, r]));
    const head = rankCandidates(candidates, view, model).map(({ id, p }) => ({ ...(byId.get(id) ?? { id, score: 0, terms: [], phrase: 0 }), learned: p }));
    const seen = new Set(candidates.map((c) => c.id));
    return [...head, ...results.filter((r) => !seen.has(r.id))];
  }

  /** The leading candidates and what the question says about itself: what the learned ranker reads. */
  private candidates(results: Ranked[], terms: string[], similar: ReadonlyMap<string, number>, nearest: ReadonlyMap<string, number>, frame: Frame) {
    const knn = [...nearest].sort((a, b) => b[1] - a[1]);
    const ids = results.slice(0, RANK_CANDIDATES).map((r) => r.id);
    for (const [id] of knn.slice(0, KNN_CANDIDATES)) if (!ids.includes(id)) ids.push(id);
    const best = results[0]?.score || 1;
    const scoreOf = new Map(results.map((r) => [r.id, r.score]));
    const view: QuestionView = { frame, pFeature: this.featureModel.posterior(terms), pAspect: this.aspectModel.posterior(terms) };
    const candidates: Candidate[] = ids.map((id) => {
      const entry = this.byId.get(id)!;
      return {
        id,
        ...(entry.feature ? { feature: entry.feature } : {}),
        ...(entry.aspect ? { aspect: entry.aspect } : {}),
        ...(entry.qualifiers ? { qualifiers: entry.qualifiers } : {}),
        rel: (scoreOf.get(id) ?? 0) / best,
        bm25First: results[0]?.id === id ? 1 : 0,
        ngram: similar.get(id) ?? 0,
        knn: nearest.get(id) ?? 0,
        knnFirst: knn[0]?.[0] === id ? 1 : 0,
      };
    });
    return { candidates, view };
  }

  /** For bench/train.ts: the learned ranker's inputs for a question's candidates (before any model orders them). */
  trainingRows(query: string, context: SearchContext = {}): Array<{ id: string; x: number[] }> {
    const normalized = normalizeQuery(query);
    const { text, terms } = this.read(normalized);
    const folded = this.folder.fold(text);
    const similar = this.ngrams.similarities(folded);
    const nearest = this.trainingNgrams.similarities(folded);
    const results = terms.length ? this.fuse(this.rank(terms), similar) : [];
    const { candidates, view } = this.candidates(results, terms, similar, nearest, context.frame ?? this.frames.read(text));
    return candidates.map((c) => ({ id: c.id, x: candidateFeatures(c, view) }));
  }

  /**
   * The query's terms: pinyin words read as Chinese, homophone slips read as the known word, English typos
   * corrected. Rewriting the text (not the terms) lets the synonym table fold what the reading produced.
   */
  private read(normalized: string, alreadyRead = false): { text: string; terms: string[] } {
    const text = alreadyRead ? normalized : this.reader.read(normalized, this.options.pinyin);
    return { text, terms: correctTypos(this.tokenize(text), this.entryFreq) };
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
   * The signals a band is decided from (see calibration.ts): how strongly the top entry matches (its BM25
   * score, saturated against the question's known weight, so a short exact question counts as strong as a long
   * one), how much of the question's idf weight is vocabulary the knowledge base knows at all (gibberish and
   * other topics are mostly unknown words), how much of that the top entry itself matches, how far ahead of
   * the second entry it is, and how much of its score comes from one phrasing.
   */
  private signals(terms: string[], results: Ranked[], similar: ReadonlyMap<string, number>): Signals {
    const top = results[0];
    if (!top || terms.length === 0) return NO_SIGNALS;
    const learnedTop = top.learned ?? 0;
    const learnedMargin = learnedTop - (results[1]?.learned ?? 0);
    const matched = new Set(top.terms);
    let total = 0;
    let known = 0;
    let covered = 0;
    const unique = new Set(terms);
    for (const term of unique) {
      const isKnown = this.docFreq.has(term);
      // An address no entry mentions is the question's argument, not a topic the knowledge base lacks.
      if (!isKnown && isAddressTerm(term)) continue;
      const w = this.weight(term);
      total += w;
      if (isKnown) known += w;
      if (matched.has(term)) covered += w;
    }
    // (known > 0 whenever there is a top result: some query term matched an entry.)
    const second = results[1]?.score ?? 0;
    let ngramBest = '';
    let ngramMax = 0;
    for (const [id, sim] of similar) if (sim > ngramMax) [ngramBest, ngramMax] = [id, sim];
    return {
      ngramTop: similar.get(top.id) ?? 0,
      ngramMax,
      agree: ngramBest === top.id ? 1 : 0,
      strength: known > 0 ? 1 - Math.exp(-top.score / (this.options.scoreScale * known)) : 0,
      knownShare: total ? known / total : 0,
      coverage: known ? covered / known : 0,
      margin: top.score > 0 ? Math.max(0, 1 - second / top.score) : 0,
      phraseShare: top.score ? top.phrase / top.score : 0,
      terms: unique.size,
      learnedTop,
      learnedMargin,
    };
  }

  private rank(terms: string[]): Ranked[] {
    // The query is already tokenized (and corrected): hand MiniSearch the terms as they are.
    const query = terms.join(' ');
    const results: Ranked[] = this.index.search(query).map((r) => ({ id: String(r.id), score: r.score, terms: r.terms, phrase: 0 }));
    const { phraseWeight, bm25 } = this.options;
    if (phraseWeight <= 0) return results;
    for (const r of results.slice(0, PHRASE_CANDIDATES)) {
      r.phrase = phraseWeight * this.phrasings.best(r.id, terms, bm25);
      r.score += r.phrase;
    }
    return results.sort((a, b) => b.score - a.score);
  }

  /**
   * Reorders BM25's leading entries by BM25 relative to its best plus ngramWeight × n-gram similarity; the
   * scores stay BM25's (the signals read them), only the order changes.
   */
  private fuse(results: Ranked[], similar: ReadonlyMap<string, number>): Ranked[] {
    const { ngramWeight } = this.options;
    if (ngramWeight <= 0 || results.length < 2) return results;
    const best = results[0]!.score;
    const head = results.slice(0, FUSE_CANDIDATES).map((r) => ({ r, fused: r.score / best + ngramWeight * (similar.get(r.id) ?? 0) }));
    head.sort((a, b) => b.fused - a.fused);
    return [...head.map((h) => h.r), ...results.slice(FUSE_CANDIDATES)];
  }

  /** Ranks the terms and places the result in a band. */
  private judge(terms: string[], foreignCloud: string | undefined, similar: ReadonlyMap<string, number>, nearest: ReadonlyMap<string, number>, frame: Frame): Judged {
    const results = terms.length ? this.rerank(this.fuse(this.rank(terms), similar), terms, similar, nearest, frame) : [];
    const signals = this.signals(terms, results, similar);
    if (foreignCloud || !results.length) return { results, signals, confidence: 0, band: 'none' };
    const { band, confidence } = this.options.calibration.decide(signals);
    return { results, signals, confidence: Math.round(confidence * 1000) / 1000, band };
  }

  search(query: string, top = 3, context: SearchContext = {}): SearchOutcome {
    return this.explain(query, top, context).outcome;
  }

  /** The search outcome with the signals its band was decided from (for calibration and the bench). */
  explain(query: string, top = 3, context: SearchContext = {}): { outcome: SearchOutcome; signals: Signals } {
    const normalized = normalizeQuery(query);
    const { text, terms } = this.read(normalized, context.read === true);
    const folded = this.folder.fold(text);
    const similar = this.ngrams.similarities(folded);
    const nearest = this.options.ranker ? this.trainingNgrams.similarities(folded) : new Map<string, number>();
    const frame = context.frame ?? (this.options.ranker ? this.frames.read(text) : EMPTY_FRAME);
    const found = this.foreign.find(normalized);
    const foreignCloud = found && (this.foreignNames.get(found) ?? found);
    let judged = this.judge(terms, foreignCloud, similar, nearest, frame);
    // Character fallback, for Chinese bigrams no entry has: when the bigrams alone are not confident, the
    // search with their characters decides; when they are, their answer stands and the alternatives offered
    // next to it come from the wider search.
    const chars = this.options.boost.hanChars > 0 ? hanCharTerms(terms.filter((t) => !this.docFreq.has(t))) : [];
    if (chars.length) {
      const wider = this.judge([...terms, ...chars], foreignCloud, similar, nearest, frame);
      const first = judged.results[0];
      judged = judged.band !== 'answer' || !first ? wider : { ...judged, results: [first, ...wider.results.filter((r) => r.id !== first.id)] };
    }
    // Another product or topic the guide does not cover, which the matched entry does not mention: decline.
    const first = judged.results[0];
    const topics = first ? this.otherTopics.findAll(normalized) : [];
    // Found in the entry by the same matcher: a Latin name as a whole word ("oss" is not in "across").
    const mentioned = topics.length ? new Set(this.otherTopics.findAll(this.entryText(first!.id))) : undefined;
    const otherTopic = topics.find((t) => !mentioned!.has(t));
    if (otherTopic) judged = { ...judged, band: 'none' };
    const hits = judged.results.slice(0, Math.max(top, 0)).map((r) => ({
      entry: this.byId.get(r.id)!,
      // The learned ranker's probability where it ordered the entries (BM25's own score is not in that order).
      score: Math.round((r.learned ?? r.score) * 1000) / 1000,
    }));
    const outcome = {
      frame,
      band: judged.band,
      confidence: judged.confidence,
      hits,
      ...(foreignCloud ? { foreignCloud } : {}),
      ...(otherTopic ? { otherTopic: this.otherTopicNames.get(otherTopic) ?? otherTopic } : {}),
    };
    return { outcome, signals: judged.signals };
  }
}
