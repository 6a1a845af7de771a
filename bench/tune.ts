// Side experiment for tuning the ranker: variants over the same snapshot of entries and development sets.
// Never point it at the final set (test/blind/final.yaml): that one is measured once, by `npm run bench`.
import { join } from 'node:path';
import { loadKnowledge } from '../src/knowledge/load.js';
import { knowledgeDir, packageRoot } from '../src/knowledge/paths.js';
import { SearchEngine, type EngineOptions } from '../src/search/engine.js';
import { ScoreBands } from '../src/search/calibration.js';
import { DEV_SETS } from './calibrate.js';
import { engineRanker, evaluate, loadEvalSet, type EvalQuestion } from '../src/search/evaluate.js';

const kb = loadKnowledge(process.env.KB ?? knowledgeDir());
const root = packageRoot();
const sets: Record<string, EvalQuestion[]> = Object.fromEntries(
  (process.env.EVAL?.split(',') ?? DEV_SETS)
    .filter((p) => !p.includes('final'))
    .flatMap((p) => {
      try {
        return [[p.replace(/^test\//, ''), loadEvalSet(join(root, p))]];
      } catch {
        return [];
      }
    }),
);
const variants: Record<string, Partial<EngineOptions>> = process.env.VARIANTS
  ? (JSON.parse(process.env.VARIANTS) as Record<string, Partial<EngineOptions>>)
  : { calibrated: {} };
variants.scoreBands ??= { calibration: new ScoreBands() };
const f = (x: number) => x.toFixed(3);
for (const [name, opts] of Object.entries(variants)) {
  const engine = new SearchEngine(kb, opts);
  for (const [set, qs] of Object.entries(sets)) {
    const r = evaluate(qs, engineRanker(engine));
    console.log(
      name.padEnd(10), set.padEnd(18), `n=${r.inScope}+${r.outOfScope}`.padEnd(9),
      `ansRight ${f(r.answeredRight)} prec ${f(r.precision)} (wrong ${r.confidentWrong}) top1 ${f(r.top1)} top3 ${f(r.top3)} oosDecl ${f(r.declined)}`,
    );
    if (process.env.MISSES && set.includes(process.env.MISSES)) {
      for (const m of r.misses) console.log('  MISS', JSON.stringify(m));
      for (const m of r.underconfident) console.log('  UNDER', JSON.stringify(m));
      for (const m of r.wronglyAnswered) console.log('  OOS', JSON.stringify(m));
    }
  }
}
