import { loadKnowledge } from '../src/knowledge/load.js';
import { SearchEngine } from '../src/search/engine.js';
import { evaluate, loadEvalSet } from '../src/search/evaluate.js';
import { packageRoot } from '../src/knowledge/paths.js';
import { join } from 'node:path';

const kb = loadKnowledge();
const engine = new SearchEngine(kb);
const qs = loadEvalSet(join(packageRoot(), 'test/eval'));
const r = evaluate(qs, (q) => { const o = engine.search(q, 10); return { ids: o.hits.map((h) => h.entry.id), declined: o.band === 'none' }; });
console.log(JSON.stringify({ n: qs.length, inScope: r.inScope, top1: r.top1, top3: r.top3, mrr: r.mrr, declined: r.declined }));
for (const m of r.misses) { const o = engine.search(m.q, 3); console.log('MISS', o.band, o.confidence, JSON.stringify(m)); }
for (const m of r.wronglyAnswered) { const o = engine.search(m.q, 3); console.log('OOS', o.band, o.confidence, JSON.stringify(m), o.terms.join(' ')); }
// band distribution for in-scope
const bands: Record<string, number> = {};
for (const q of qs.filter((x) => x.expect !== 'none')) { const o = engine.search(q.q); const ok = o.hits[0]?.entry.id === q.expect; const k = o.band + (ok ? '+' : '-'); bands[k] = (bands[k] ?? 0) + 1; }
console.log(bands);
