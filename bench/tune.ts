// Side experiment for tuning the ranker: variants over the same snapshot of entries and questions.
import { loadKnowledge } from '../src/knowledge/load.js';
import { SearchEngine, DEFAULT_OPTIONS, type EngineOptions } from '../src/search/engine.js';
import { evaluate, loadEvalSet } from '../src/search/evaluate.js';

const kb = loadKnowledge(process.env.KB ?? '/tmp/kbsnap/knowledge');
const qs = loadEvalSet(process.env.EVAL ?? '/tmp/kbsnap/eval');
const variants: Record<string, Partial<EngineOptions>> = {
  base: {},
  phrase0: { phraseWeight: 0 },
  phrase1: { phraseWeight: 1 },
  unigrams: { hanUnigrams: true },
  nofuzzy: { fuzzy: 0 },
  answer1: { boost: { ...DEFAULT_OPTIONS.boost, answer: 1 } },
};
for (const [name, opts] of Object.entries(variants)) {
  const engine = new SearchEngine(kb, opts);
  const t0 = performance.now();
  const r = evaluate(qs, (q) => { const o = engine.search(q, 10); return { ids: o.hits.map((h) => h.entry.id), declined: o.band === 'none' }; });
  const ms = (performance.now() - t0) / qs.length / 2;
  const bands: Record<string, number> = {};
  for (const q of qs) { const o = engine.search(q.q); const k = q.expect === 'none' ? 'oos-' + o.band : o.band + (o.hits[0]?.entry.id === q.expect ? '+' : '-'); bands[k] = (bands[k] ?? 0) + 1; }
  console.log(name.padEnd(14), `top1 ${r.top1.toFixed(3)} top3 ${r.top3.toFixed(3)} mrr ${r.mrr.toFixed(3)} declined ${r.declined.toFixed(2)} ${ms.toFixed(2)}ms`, JSON.stringify(bands));
}
if (process.env.MISSES) {
  const engine = new SearchEngine(kb, { phraseWeight: 3 });
  const r = evaluate(qs, (q) => { const o = engine.search(q, 10); return { ids: o.hits.map((h) => h.entry.id), declined: o.band === 'none' }; });
  for (const m of r.misses) console.log('MISS', JSON.stringify(m));
  for (const m of r.wronglyAnswered) console.log('OOS', JSON.stringify(m));
}
