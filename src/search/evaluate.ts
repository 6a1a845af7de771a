import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { SearchEngine } from './engine.js';

export interface EvalQuestion {
  q: string;
  /** Expected entry id, or "none" for a question the bot must decline. */
  expect: string;
  file: string;
}

export function loadEvalSet(dir: string): EvalQuestion[] {
  const out: EvalQuestion[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    const doc = parseYaml(readFileSync(join(dir, file), 'utf8')) as { questions: Array<{ q: unknown; expect: unknown }> };
    for (const item of doc.questions) out.push({ q: String(item.q), expect: String(item.expect), file });
  }
  return out;
}

/** A ranker under evaluation: ids best first, and whether it would decline the question. */
export type Ranker = (query: string) => { ids: string[]; declined: boolean };

/** Our engine as a ranker: its top 10 ids, and a decline when it lands in the "none" band. */
export function engineRanker(engine: Pick<SearchEngine, 'search'>): Ranker {
  return (query) => {
    const outcome = engine.search(query, 10);
    return { ids: outcome.hits.map((h) => h.entry.id), declined: outcome.band === 'none' };
  };
}

export interface EvalReport {
  inScope: number;
  top1: number;
  top3: number;
  mrr: number;
  /** Share of out-of-scope questions declined. */
  declined: number;
  /** In-scope questions whose expected entry is not the top hit, with the top three it gave. */
  misses: Array<{ q: string; expect: string; got: string[] }>;
  /** Out-of-scope questions that were not declined. */
  wronglyAnswered: Array<{ q: string; got: string[] }>;
}

export function evaluate(questions: readonly EvalQuestion[], rank: Ranker): EvalReport {
  const inScope = questions.filter((q) => q.expect !== 'none');
  const outScope = questions.filter((q) => q.expect === 'none');
  let top1 = 0;
  let top3 = 0;
  let rr = 0;
  const misses: EvalReport['misses'] = [];
  for (const item of inScope) {
    const { ids } = rank(item.q);
    const position = ids.indexOf(item.expect);
    if (position === 0) top1++;
    else misses.push({ q: item.q, expect: item.expect, got: ids.slice(0, 3) });
    if (position >= 0 && position < 3) top3++;
    if (position >= 0) rr += 1 / (position + 1);
  }
  const wronglyAnswered: EvalReport['wronglyAnswered'] = [];
  let declined = 0;
  for (const item of outScope) {
    const result = rank(item.q);
    if (result.declined) declined++;
    else wronglyAnswered.push({ q: item.q, got: result.ids.slice(0, 3) });
  }
  const n = inScope.length || 1;
  return {
    inScope: inScope.length,
    top1: top1 / n,
    top3: top3 / n,
    mrr: rr / n,
    declined: outScope.length ? declined / outScope.length : 1,
    misses,
    wronglyAnswered,
  };
}
