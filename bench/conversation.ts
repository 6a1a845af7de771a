/**
 * The conversation on the blind sets of issue #15: thread follow-ups and the handling of chat messages.
 * `node dist/bench/conversation.js` measures the development sets; with `--final`, the final sets too
 * (measured once, at the end: never tune on them). `--misses` lists what went wrong on the dev sets.
 */
import { join } from 'node:path';
import { loadKnowledge } from '../src/knowledge/load.js';
import { packageRoot } from '../src/knowledge/paths.js';
import { SearchEngine } from '../src/search/engine.js';
import { evaluateRouting, evaluateThreads } from '../src/app/evaluate-conversation.js';

const f3 = (x: number) => x.toFixed(3);

export function conversationTables(search: SearchEngine, kb = loadKnowledge(), final = false) {
  const sets = final ? ['dev', 'final'] : ['dev'];
  const threads = sets.flatMap((s) =>
    evaluateThreads(join(packageRoot(), `test/blind/threads-${s}.yaml`), search).map((r) => ({
      set: `threads-${s}`,
      turns: r.kind,
      n: r.turns,
      'answered right': f3(r.answeredRight),
      precision: f3(r.precision),
      'shown right': f3(r.shownRight),
      'right first': f3(r.top1),
      'oos declined': f3(r.declined),
    })),
  );
  const routing = sets.map((s) => {
    const r = evaluateRouting(join(packageRoot(), `test/blind/routing-${s}.yaml`), search, kb);
    return { set: `routing-${s}`, messages: r.messages, 'routed right': f3(r.routed), 'handled right': f3(r.handled), 'calculator on a FAQ question': r.calculatorOnFaq, misses: r.misses };
  });
  return { threads, routing };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const kb = loadKnowledge();
  const search = new SearchEngine(kb);
  const { threads, routing } = conversationTables(search, kb, process.argv.includes('--final'));
  console.table(threads);
  console.table(routing.map(({ misses, ...r }) => r));
  if (process.argv.includes('--misses')) for (const m of routing.find((r) => r.set === 'routing-dev')!.misses) console.log(`  ${m.want}  ←  ${m.got}  ::  ${m.q}`);
}
