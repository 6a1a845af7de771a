import { loadKnowledge } from '../src/knowledge/load.js';
import { SearchEngine, DEFAULT_OPTIONS, type EngineOptions } from '../src/search/engine.js';
import { evaluate, loadEvalSet } from '../src/search/evaluate.js';

const kb = loadKnowledge(process.env.KB ?? '/tmp/kbsnap/knowledge');
const qs = loadEvalSet(process.env.EVAL ?? '/tmp/kbsnap/eval');
const variants: Record<string, Partial<EngineOptions>> = {
  base: {},
  noUni: { hanUnigrams: false },
  ansHalf: { boost: { ...DEFAULT_OPTIONS.boost, answer: 0.5 } },
  noUniAnsHalf: { hanUnigrams: false, boost: { ...DEFAULT_OPTIONS.boost, answer: 0.5 } },
  qa5: { boost: { question: 5, aliases: 4, keywords: 2, answer: 0.7, title: 1 } },
  noUniqa5: { hanUnigrams: false, boost: { question: 5, aliases: 4, keywords: 2, answer: 0.7, title: 1 } },
  nofuzzy: { fuzzy: 0 },
};
for (const [name, opts] of Object.entries(variants)) {
  const engine = new SearchEngine(kb, opts);
  const r = evaluate(qs, (q) => { const o = engine.search(q, 10); return { ids: o.hits.map((h) => h.entry.id), declined: o.band === 'none' }; });
  console.log(name.padEnd(14), `top1 ${r.top1.toFixed(3)} top3 ${r.top3.toFixed(3)} mrr ${r.mrr.toFixed(3)} declined ${r.declined.toFixed(2)}`);
}
