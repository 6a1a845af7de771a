// Side experiment for tuning the ranker: variants over the same snapshot of entries and questions.
import { join } from 'node:path';
import { loadKnowledge } from '../src/knowledge/load.js';
import { knowledgeDir, packageRoot } from '../src/knowledge/paths.js';
import { SearchEngine, DEFAULT_OPTIONS, type EngineOptions } from '../src/search/engine.js';
import { engineRanker, evaluate, loadEvalSet } from '../src/search/evaluate.js';

const kb = loadKnowledge(process.env.KB ?? knowledgeDir());
const qs = loadEvalSet(process.env.EVAL ?? join(packageRoot(), 'test/eval'));
const B = DEFAULT_OPTIONS.boost;
const variants: Record<string, Partial<EngineOptions>> = {
  base: {},
  pw1: { phraseWeight: 1 },
  pw2: { phraseWeight: 2 },
  pw5: { phraseWeight: 5 },
  kw3: { boost: { ...B, keywords: 3 } },
  kw4: { boost: { ...B, keywords: 4 } },
  kw3pw2: { boost: { ...B, keywords: 3 }, phraseWeight: 2 },
  ans1kw3: { boost: { ...B, answer: 1, keywords: 3 } },
  q2a2kw3: { boost: { ...B, question: 2, aliases: 2, keywords: 3 } },
  known0_5: { knownShareExponent: 0.5 },
  known0_75: { knownShareExponent: 0.75 },
  known1: { knownShareExponent: 1 },
  fuzzy0_2: { fuzzy: 0.2 },
  noHanChars: { boost: { ...B, hanChars: 0 } },
  hanChars1: { boost: { ...B, hanChars: 1 } },
};
for (const [name, opts] of Object.entries(variants)) {
  const engine = new SearchEngine(kb, opts);
  const t0 = performance.now();
  const r = evaluate(qs, engineRanker(engine));
  const ms = (performance.now() - t0) / qs.length / 2;
  const bands: Record<string, number> = {};
  for (const q of qs) { const o = engine.search(q.q); const k = q.expect === 'none' ? 'oos-' + o.band : o.band + (o.hits[0]?.entry.id === q.expect ? '+' : '-'); bands[k] = (bands[k] ?? 0) + 1; }
  console.log(name.padEnd(14), `top1 ${r.top1.toFixed(3)} top3 ${r.top3.toFixed(3)} mrr ${r.mrr.toFixed(3)} declined ${r.declined.toFixed(2)} ${ms.toFixed(2)}ms`, JSON.stringify(bands));
}
if (process.env.MISSES) {
  const engine = new SearchEngine(kb, { phraseWeight: 3 });
  const r = evaluate(qs, engineRanker(engine));
  for (const m of r.misses) console.log('MISS', JSON.stringify(m));
  for (const m of r.wronglyAnswered) console.log('OOS', JSON.stringify(m));
}
