import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Band, SearchEngine } from './engine.js';

export interface EvalQuestion {
  q: string;
  /** Expected entry id, or "none" for a question the bot must decline. */
  expect: string;
  /** Other entries that answer the question just as well (a labeller's judgement, recorded in the set). */
  also: string[];
  /** For out-of-scope questions: near-domain, other-cloud or general (when the set says). */
  kind?: string;
  file: string;
}

interface RawQuestion {
  q: unknown;
  expect: unknown;
  also?: unknown;
  kind?: unknown;
}

function questionsOf(path: string): EvalQuestion[] {
  const doc = parseYaml(readFileSync(path, 'utf8')) as { questions: RawQuestion[] };
  const file = basename(path);
  return doc.questions.map((item) => ({
    q: String(item.q),
    expect: String(item.expect),
    also: Array.isArray(item.also) ? item.also.map(String) : [],
    ...(typeof item.kind === 'string' ? { kind: item.kind } : {}),
    file,
  }));
}

/** Every question of a set: one YAML file, or every YAML file of a folder. */
export function loadEvalSet(path: string): EvalQuestion[] {
  if (!statSync(path).isDirectory()) return questionsOf(path);
  return readdirSync(path)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .flatMap((f) => questionsOf(join(path, f)));
}

export interface Ranked {
  /** Entry ids, best first. */
  ids: string[];
  band: Band;
  confidence: number;
}

/** A ranker under evaluation: ids best first, the band it would reply in and its confidence. */
export type Ranker = (query: string) => Ranked;

/** Our engine as a ranker: its top 10 ids, band and confidence. */
export function engineRanker(engine: Pick<SearchEngine, 'search'>): Ranker {
  return (query) => {
    const outcome = engine.search(query, 10);
    return { ids: outcome.hits.map((h) => h.entry.id), band: outcome.band, confidence: outcome.confidence };
  };
}

export interface EvalReport {
  inScope: number;
  outOfScope: number;
  /** Share of in-scope questions answered directly (the answer band) with a right entry. */
  answeredRight: number;
  /** Right answers / all answers given (in the answer band, out-of-scope questions included). */
  precision: number;
  /** Answers given in the answer band that were wrong (a wrong entry, or an out-of-scope question answered). */
  confidentWrong: number;
  /** Share of in-scope questions whose first answer shown (the answer or the probable band) is right. */
  shownRight: number;
  /** Per band: how many questions (out-of-scope included) it took and how many of them were right. */
  bands: Record<Band, { count: number; right: number }>;
  /** Right entry first, whatever the band. */
  top1: number;
  top3: number;
  mrr: number;
  /** Share of out-of-scope questions declined. */
  declined: number;
  /** In-scope questions whose expected entry is not the top hit, with the top three it gave. */
  misses: Array<{ q: string; expect: string; got: string[]; band: Band }>;
  /** In-scope questions with the right entry first but not answered directly. */
  underconfident: Array<{ q: string; expect: string; band: Band; confidence: number }>;
  /** Out-of-scope questions that were not declined. */
  wronglyAnswered: Array<{ q: string; got: string[]; band: Band }>;
  /** Confidence bucket (lower bound, step 0.1) → how many in-scope questions fell there and how many had the right entry first. */
  reliability: Array<{ from: number; count: number; right: number; outOfScope: number }>;
}

const isRight = (item: EvalQuestion, id: string | undefined) => id !== undefined && (id === item.expect || item.also.includes(id));

export function evaluate(questions: readonly EvalQuestion[], rank: Ranker): EvalReport {
  const inScope = questions.filter((q) => q.expect !== 'none');
  const outScope = questions.filter((q) => q.expect === 'none');
  let top1 = 0;
  let top3 = 0;
  let rr = 0;
  let answeredRight = 0;
  let answered = 0;
  let shownRight = 0;
  const bands: EvalReport['bands'] = { answer: { count: 0, right: 0 }, probable: { count: 0, right: 0 }, suggest: { count: 0, right: 0 }, none: { count: 0, right: 0 } };
  const misses: EvalReport['misses'] = [];
  const underconfident: EvalReport['underconfident'] = [];
  const buckets = Array.from({ length: 10 }, (_, i) => ({ from: i / 10, count: 0, right: 0, outOfScope: 0 }));
  const bucketOf = (confidence: number) => buckets[Math.min(9, Math.max(0, Math.floor(confidence * 10)))]!;
  for (const item of inScope) {
    const { ids, band, confidence } = rank(item.q);
    const position = ids.findIndex((id) => isRight(item, id));
    bands[band].count++;
    if (position === 0) bands[band].right++;
    if (position === 0 && (band === 'answer' || band === 'probable')) shownRight++;
    const bucket = bucketOf(confidence);
    bucket.count++;
    if (position === 0) {
      top1++;
      bucket.right++;
      if (band === 'answer') answeredRight++;
      else underconfident.push({ q: item.q, expect: item.expect, band, confidence });
    } else misses.push({ q: item.q, expect: item.expect, got: ids.slice(0, 3), band });
    if (band === 'answer') answered++;
    if (position >= 0 && position < 3) top3++;
    if (position >= 0) rr += 1 / (position + 1);
  }
  const wronglyAnswered: EvalReport['wronglyAnswered'] = [];
  let declined = 0;
  for (const item of outScope) {
    const result = rank(item.q);
    bands[result.band].count++;
    bucketOf(result.confidence).outOfScope++;
    if (result.band === 'none') declined++;
    else wronglyAnswered.push({ q: item.q, got: result.ids.slice(0, 3), band: result.band });
    if (result.band === 'answer') answered++;
  }
  const n = inScope.length || 1;
  return {
    inScope: inScope.length,
    outOfScope: outScope.length,
    answeredRight: answeredRight / n,
    precision: answered ? answeredRight / answered : 1,
    confidentWrong: answered - answeredRight,
    shownRight: shownRight / n,
    bands,
    top1: top1 / n,
    top3: top3 / n,
    mrr: rr / n,
    declined: outScope.length ? declined / outScope.length : 1,
    misses,
    underconfident,
    wronglyAnswered,
    reliability: buckets,
  };
}
