// Calibrates the confidence bands: for each setting, how many in-scope questions are answered right,
// answered wrong, and how many out-of-scope questions escape the "none" band.
import { join } from 'node:path';
import { loadKnowledge } from '../src/knowledge/load.js';
import { knowledgeDir, packageRoot } from '../src/knowledge/paths.js';
import { SearchEngine } from '../src/search/engine.js';
import { loadEvalSet } from '../src/search/evaluate.js';

const kb = loadKnowledge(process.env.KB ?? knowledgeDir());
const qs = loadEvalSet(process.env.EVAL ?? join(packageRoot(), 'test/eval'));
const rows: string[] = [];
for (const scale of [10, 15, 20, 30]) {
  const engine = new SearchEngine(kb, { scoreScale: scale, bands: { answer: 0, suggest: 0, ambiguity: 2 } });
  const data = qs.map((q) => {
    const o = engine.search(q.q, 2);
    const ratio = o.hits.length > 1 ? o.hits[1]!.score / o.hits[0]!.score : 0;
    return { oos: q.expect === 'none', ok: o.hits[0]?.entry.id === q.expect, c: o.confidence, ratio };
  });
  for (const answer of [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8]) for (const suggest of [0.3, 0.35, 0.4, 0.45, 0.5]) for (const amb of [0.9, 0.95, 0.97, 1.01]) {
    if (suggest >= answer) continue;
    let right = 0, wrong = 0, leak = 0, oosAnswered = 0, declinedInScope = 0;
    for (const d of data) {
      const band = d.c >= answer && d.ratio <= amb ? 'answer' : d.c >= suggest ? 'suggest' : 'none';
      if (d.oos) { if (band !== 'none') leak++; if (band === 'answer') oosAnswered++; }
      else if (band === 'answer') d.ok ? right++ : wrong++;
      else if (band === 'none') declinedInScope++;
    }
    rows.push(`${String(right - 2 * wrong - 5 * leak).padStart(4)} right ${right} wrong ${wrong} oosLeak ${leak} oosAnswered ${oosAnswered} inScopeNone ${declinedInScope} scale=${scale} answer=${answer} suggest=${suggest} amb=${amb}`);
  }
}
rows.sort((a, b) => Number(b.slice(0, 4)) - Number(a.slice(0, 4)));
console.log(rows.slice(0, 12).join('\n'));
