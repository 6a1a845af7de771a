/**
 * `npm run bench:calibrate`: fits the band model (src/search/calibration-model.ts) on the development sets.
 * Two logistic regressions over the ranking's signals: P(top entry right) and P(question in scope). Then the
 * answer threshold is the lowest one whose precision on the development sets reaches TARGET_PRECISION, and
 * the suggest threshold the lowest one that declines every out-of-scope development question but one in a
 * hundred. The final blind set (test/blind/final.yaml) is never read here.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadKnowledge } from '../src/knowledge/load.js';
import { packageRoot } from '../src/knowledge/paths.js';
import { SearchEngine } from '../src/search/engine.js';
import { CalibratedBands, FEATURE_NAMES, ScoreBands, features, logistic, type CalibratedModel, type LogisticModel } from '../src/search/calibration.js';
import { engineRanker, evaluate, loadEvalSet, type EvalQuestion } from '../src/search/evaluate.js';

export const DEV_SETS = ['test/eval', 'test/holdout', 'test/blind/dev-1.yaml', 'test/blind/dev-2.yaml'];
const TARGET_PRECISION = Number(process.env.TARGET_PRECISION ?? 0.98);
/**
 * The probable band (below the answer band, shown marked as likely with two alternatives) must be right this
 * often on the development sets; below it, "did you mean" offers three equal choices instead.
 */
const PROBABLE_PRECISION = Number(process.env.PROBABLE_PRECISION ?? 0.6);

export function devQuestions(): EvalQuestion[] {
  return DEV_SETS.flatMap((p) => loadEvalSet(join(packageRoot(), p)));
}

function fit(xs: number[][], ys: number[], l2 = 1e-3, rounds = 4000, rate = 0.5): LogisticModel {
  const dims = xs[0]!.length;
  const weights = new Array<number>(dims).fill(0);
  let bias = 0;
  const n = xs.length;
  for (let round = 0; round < rounds; round++) {
    const grad = new Array<number>(dims).fill(0);
    let gradBias = 0;
    for (let i = 0; i < n; i++) {
      const err = logistic({ weights, bias }, xs[i]!) - ys[i]!;
      for (let d = 0; d < dims; d++) grad[d]! += err * xs[i]![d]!;
      gradBias += err;
    }
    for (let d = 0; d < dims; d++) weights[d]! -= rate * (grad[d]! / n + l2 * weights[d]!);
    bias -= rate * (gradBias / n);
  }
  const round6 = (v: number) => Math.round(v * 1e6) / 1e6;
  return { weights: weights.map(round6), bias: round6(bias) };
}

interface Row {
  x: number[];
  right: boolean;
  inScope: boolean;
}

function rowsFor(engine: SearchEngine, questions: readonly EvalQuestion[]): Row[] {
  return questions.map((item) => {
    const { outcome, signals } = engine.explain(item.q, 3);
    const top = outcome.hits[0]?.entry.id;
    const inScope = item.expect !== 'none';
    const right = inScope && top !== undefined && (top === item.expect || item.also.includes(top));
    // Other clouds and other products are declined whatever the band: they teach the model nothing.
    return outcome.foreignCloud || outcome.otherTopic ? undefined : { x: features(signals), right, inScope };
  }).filter((r): r is Row => r !== undefined);
}

export function calibrate(questions: readonly EvalQuestion[], kb = loadKnowledge()): CalibratedModel {
  // The signals depend a little on the bands (the character fallback runs when the bigrams are unsure), so fit
  // twice: on the score bands' signals, then on the first model's.
  let model: CalibratedModel | undefined;
  for (let pass = 0; pass < 2; pass++) {
    const engine = new SearchEngine(kb, model ? { calibration: new CalibratedBands(model) } : { calibration: new ScoreBands() });
    const rows = rowsFor(engine, questions);
    const right = fit(rows.map((r) => r.x), rows.map((r) => (r.right ? 1 : 0)));
    const inScope = fit(rows.map((r) => r.x), rows.map((r) => (r.inScope ? 1 : 0)));
    const pRight = rows.map((r) => logistic(right, r.x));
    const pIn = rows.map((r) => logistic(inScope, r.x));
    // Answer threshold: the lowest at which precision (out-of-scope answers counted wrong) reaches the target.
    const candidates = [...new Set(pRight.map((p) => Math.round(p * 1000) / 1000))].sort((a, b) => a - b);
    let answer = 1;
    for (const t of candidates) {
      const answered = rows.filter((_, i) => pRight[i]! >= t);
      const good = answered.filter((r) => r.right).length;
      if (answered.length && good / answered.length >= TARGET_PRECISION) {
        answer = t;
        break;
      }
    }
    const oos = rows.map((r, i) => (r.inScope ? -1 : pIn[i]!)).filter((p) => p >= 0).sort((a, b) => b - a);
    const suggest = Math.round((oos[Math.floor(oos.length / 100)] ?? 0.5) * 1000 + 1) / 1000;
    // Probable threshold: the lowest at which the band between it and the answer threshold (questions not
    // declined) is right PROBABLE_PRECISION of the time.
    // Never below 0.5: "probably" means more likely right than not.
    let probable = answer;
    for (const t of candidates.filter((c) => c < answer && c >= 0.5)) {
      const band = rows.filter((_, i) => pRight[i]! >= t && pRight[i]! < answer && pIn[i]! >= suggest);
      const good = band.filter((r) => r.right).length;
      if (band.length && good / band.length >= PROBABLE_PRECISION) {
        probable = t;
        break;
      }
    }
    model = { right, inScope, thresholds: { answer, probable, suggest } };
  }
  return model!;
}

/** Leave one development set out: fit on the others, measure on it; says how well the fit carries to unseen questions. */
function crossValidate(kb = loadKnowledge()): void {
  const rows = DEV_SETS.map((held) => {
    const model = calibrate(DEV_SETS.filter((p) => p !== held).flatMap((p) => loadEvalSet(join(packageRoot(), p))), kb);
    const r = evaluate(loadEvalSet(join(packageRoot(), held)), engineRanker(new SearchEngine(kb, { calibration: new CalibratedBands(model) })));
    return { heldOut: held, answeredRight: r.answeredRight.toFixed(3), precision: r.precision.toFixed(3), top1: r.top1.toFixed(3), oosDeclined: r.declined.toFixed(3) };
  });
  console.log('leave-one-set-out (fit on the other development sets, measured on this one):');
  console.table(rows);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes('--cv')) crossValidate();
  const questions = devQuestions();
  const model = calibrate(questions);
  const header = [
    '// Generated by `npm run bench:calibrate` (bench/calibrate.ts) from the development sets:',
    `// ${DEV_SETS.join(', ')} (${questions.length} questions). Do not edit by hand; never fit on test/blind/final.yaml.`,
    `// Features, in order: ${FEATURE_NAMES.join(', ')}.`,
  ];
  const body = `import type { CalibratedModel } from './calibration.js';\n\nexport const CALIBRATED_MODEL: CalibratedModel = ${JSON.stringify(model, null, 2)};\n`;
  writeFileSync(join(packageRoot(), 'src/search/calibration-model.ts'), header.join('\n') + '\n' + body);
  console.log(JSON.stringify(model));
}
