/**
 * `npm run bench`: our ranker (BM25 over the bilingual tokenizer) against plain fuse.js over the same
 * entries and the same evaluation questions, in one run, interleaved so machine noise hits both alike.
 * Prints quality (top-1/top-3/MRR, declines), per-query latency (p50/p99), index build time and memory.
 */
import Fuse from 'fuse.js';
import { join } from 'node:path';
import { loadKnowledge, type KnowledgeBase, type LoadedEntry } from '../src/knowledge/load.js';
import { packageRoot } from '../src/knowledge/paths.js';
import { SearchEngine } from '../src/search/engine.js';
import { engineRanker, evaluate, loadEvalSet, type Ranker } from '../src/search/evaluate.js';
import { median, msOf, percentile } from './measure.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const gc = (globalThis as { gc?: () => void }).gc;

function heapAfterGc(): number {
  gc?.();
  return process.memoryUsage().heapUsed;
}

function buildTimed<T>(build: () => T): { value: T; ms: number; bytes: number } {
  const before = heapAfterGc();
  let value!: T;
  const ms = msOf(() => (value = build()));
  return { value, ms, bytes: heapAfterGc() - before };
}

function plainFuse(kb: KnowledgeBase): Fuse<LoadedEntry> {
  return new Fuse(kb.entries, {
    keys: ['question.zh', 'question.en', 'aliases.zh', 'aliases.en', 'keywords'],
    includeScore: true,
  });
}


const kb = loadKnowledge();
const questions = loadEvalSet(join(packageRoot(), 'test/eval'));

// Build each index several times, alternating, and keep the median.
const builds = { engine: [] as number[], fuse: [] as number[] };
let engineBuild = buildTimed(() => new SearchEngine(kb));
let fuseBuild = buildTimed(() => plainFuse(kb));
for (let i = 0; i < 5; i++) {
  engineBuild = buildTimed(() => new SearchEngine(kb));
  builds.engine.push(engineBuild.ms);
  fuseBuild = buildTimed(() => plainFuse(kb));
  builds.fuse.push(fuseBuild.ms);
}
const engine = engineBuild.value;
const fuse = fuseBuild.value;

const rankers: Record<'engine' | 'fuse', Ranker> = {
  engine: engineRanker(engine),
  fuse: (q) => {
    const r = fuse.search(q, { limit: 10 });
    return { ids: r.map((x) => x.item.id), declined: r.length === 0 };
  },
};

// Rounds alternate which ranker goes first; each block starts after a GC so that one ranker's garbage
// (fuse.js allocates a lot) is not collected on the other's clock.
const times = { engine: [] as number[], fuse: [] as number[] };
// One unmeasured pass each, so JIT compilation is not counted as query latency.
for (const { q } of questions) for (const rank of Object.values(rankers)) rank(q);
for (let round = 0; round < ROUNDS; round++) {
  for (const name of round % 2 ? (['fuse', 'engine'] as const) : (['engine', 'fuse'] as const)) {
    gc?.();
    for (const { q } of questions) {
      times[name].push(msOf(() => rankers[name](q)));
    }
  }
}

const rows = (['engine', 'fuse'] as const).map((name) => {
  const report = evaluate(questions, rankers[name]);
  const sorted = [...times[name]].sort((a, b) => a - b);
  return {
    ranker: name === 'engine' ? 'ecs-netbot (BM25 + zh bigrams + synonyms)' : 'plain fuse.js',
    top1: report.top1.toFixed(3),
    top3: report.top3.toFixed(3),
    mrr: report.mrr.toFixed(3),
    oosDeclined: report.declined.toFixed(2),
    p50ms: percentile(sorted, 50).toFixed(3),
    p99ms: percentile(sorted, 99).toFixed(3),
    buildMs: median(builds[name]).toFixed(1),
    heapMB: ((name === 'engine' ? engineBuild.bytes : fuseBuild.bytes) / 1048576).toFixed(2),
  };
});

console.log(`${kb.entries.length} entries, ${questions.length} questions (${questions.filter((q) => q.expect !== 'none').length} in scope), ${ROUNDS} rounds${gc ? '' : ' (run with --expose-gc for exact memory)'}`);
console.table(rows);
const [ours, theirs] = rows as [(typeof rows)[0], (typeof rows)[0]];
console.log(
  `ratios (fuse.js / ours): p50 ${(Number(theirs.p50ms) / Number(ours.p50ms)).toFixed(1)}x, p99 ${(Number(theirs.p99ms) / Number(ours.p99ms)).toFixed(1)}x; ` +
    `top-1 ours/fuse.js ${(Number(ours.top1) / Math.max(Number(theirs.top1), 1e-9)).toFixed(2)}x`,
);
// Quality on the held-out sets (written blind; see their headers), each and all together.
const holdout = loadEvalSet(join(packageRoot(), 'test/holdout'));
const holdoutSets = [...new Set(holdout.map((q) => q.file)), 'all'];
console.log(`held-out sets: ${holdout.length} questions (${holdout.filter((q) => q.expect !== 'none').length} in scope)`);
console.table(
  holdoutSets.flatMap((file) =>
    (['engine', 'fuse'] as const).map((name) => {
      const r = evaluate(file === 'all' ? holdout : holdout.filter((q) => q.file === file), rankers[name]);
      return { set: file, ranker: name, inScope: r.inScope, top1: r.top1.toFixed(3), top3: r.top3.toFixed(3), mrr: r.mrr.toFixed(3), oosDeclined: r.declined.toFixed(2) };
    }),
  ),
);
const ok = Number(ours.p99ms) < 2 && Number(ours.buildMs) < 200;
console.log(`targets (p99 < 2 ms, build < 200 ms): ${ok ? 'met' : 'NOT met'}`);
