/**
 * The conversation on the blind sets of issue #15: thread follow-ups and the handling of chat messages.
 * `node dist/bench/conversation.js` measures the development sets; with `--final`, the final sets too
 * (measured once, at the end: never tune on them). `--misses` lists what went wrong on the dev sets.
 */
import { join } from 'node:path';
import { loadKnowledge } from '../src/knowledge/load.js';
import { packageRoot } from '../src/knowledge/paths.js';
import { SearchEngine } from '../src/search/engine.js';
import { evaluateRouting, evaluateThreads, type TurnReader } from '../src/app/evaluate-conversation.js';
import { plainMiniSearch } from './peers.js';
import { answerMessage, memoryThreads } from '../src/app/chat.js';
import { createServices } from '../src/app/services.js';
import { renderBlocks } from '../src/render/blocks.js';
import { parse as parseYaml } from 'yaml';
import { readFileSync } from 'node:fs';
import { percentile } from './measure.js';
import { verdict } from './verdict.js';

const f3 = (x: number) => x.toFixed(3);

export function conversationTables(search: SearchEngine, kb = loadKnowledge(), final = false) {
  // Development sets (tuned on): 'dev' (round 6), 'dev-2' (round 8), 'dev-3' (round 9). Final sets: 'final' to
  // 'final-4' were measured (and so seen) in rounds 6 to 9; 'final-5', written and labelled late in round 9, is
  // the one the targets read with --final. Without it, the targets read the last development set.
  const sets = final ? ['dev', 'dev-2', 'dev-3', 'final', 'final-2', 'final-3', 'final-4', 'final-5'] : ['dev', 'dev-2', 'dev-3'];
  // Side by side on the same turns: the bot (each turn read in its thread), our search reading each turn alone,
  // and plain MiniSearch (bigrams) reading each turn alone and answering whatever it finds.
  const minisearch = plainMiniSearch(kb);
  const readers: Array<{ reader: string; alone?: TurnReader }> = [
    { reader: 'ours, in its thread' },
    { reader: 'ours, each turn alone', alone: (q) => { const o = search.search(q, 3); return { band: o.band, top: o.hits[0]?.entry.id }; } },
    { reader: 'plain MiniSearch, alone', alone: (q) => { const r = minisearch(q); return { band: r.band, top: r.ids[0] }; } },
  ];
  const rows = sets.flatMap((s) =>
    readers.flatMap(({ reader, alone }) =>
      evaluateThreads(join(packageRoot(), `test/blind/threads-${s}.yaml`), search, alone).map((r) => ({
        set: `threads-${s}`,
        reader,
        turns: r.kind,
        n: r.turns,
        'answered right': f3(r.answeredRight),
        precision: f3(r.precision),
        'shown right': f3(r.shownRight),
        'right first': f3(r.top1),
        'oos declined': f3(r.declined),
      })),
    ),
  );
  // The bot's own rows carry the targets; the baselines are printed beside them.
  const threads = rows.filter((r) => r.reader === 'ours, in its thread');
  const routing = sets.map((s) => {
    const r = evaluateRouting(join(packageRoot(), `test/blind/routing-${s}.yaml`), search, kb);
    return { set: `routing-${s}`, messages: r.messages, 'routed right': f3(r.routed), 'handled right': f3(r.handled), 'calculator on a FAQ question': r.calculatorOnFaq, misses: r.misses };
  });
  return { threads, rows, routing };
}

/**
 * Latency per chat message, everything included: reading it in its thread, routing, running and rendering the
 * reply for Slack (as a chat user not allowed instance facts: no cloud calls), over the development threads and
 * chat messages, twice.
 */
async function messageLatency(): Promise<number[]> {
  const services = createServices({ NETBOT_DNS_SERVER: '127.0.0.1:9', NETBOT_DNS_TIMEOUT_MS: '1' });
  const root = packageRoot();
  const threads = (parseYaml(readFileSync(join(root, 'test/blind/threads-dev.yaml'), 'utf8')) as { threads: Array<{ id: string; turns: Array<{ q: string }> }> }).threads;
  const messages = (parseYaml(readFileSync(join(root, 'test/blind/routing-dev.yaml'), 'utf8')) as { messages: Array<{ q: string; command: string }> }).messages.filter((m) => m.command !== 'ptr');
  const times: number[] = [];
  for (let round = 0; round < 3; round++) {
    const memory = memoryThreads();
    const timed = async (q: string, key: string) => {
      const started = performance.now();
      const { reply } = await answerMessage(q, services, { defaultLang: 'en', remote: true, thread: { memory, key } });
      renderBlocks(reply.doc, { lang: reply.lang });
      if (round > 0) times.push(performance.now() - started); // round 0 warms up
    };
    for (const t of threads) for (const turn of t.turns) await timed(turn.q, `${round}:${t.id}`);
    for (const [i, m] of messages.entries()) await timed(m.q, `${round}:m${i}`);
  }
  return times.sort((a, b) => a - b);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const kb = loadKnowledge();
  const search = new SearchEngine(kb);
  const final = process.argv.includes('--final');
  const { threads, rows, routing } = conversationTables(search, kb, final);
  console.log('Conversation (issue #15): thread turns read turn by turn; chat messages routed as in Slack for an asker allowed instance facts.');
  console.table(rows.filter((r) => r.turns !== 'first' || r.reader === 'ours, in its thread'));
  console.table(routing.map(({ misses, ...r }) => r));
  const times = await messageLatency();
  const p50 = percentile(times, 50);
  const p99 = percentile(times, 99);
  console.log(`per chat message, all included (thread reading, routing, the command, Slack rendering): ${times.length} messages, p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms`);
  console.log('targets (issue #15):');
  const last = threads.filter((t) => t.turns === 'later turns').at(-1)!;
  const first = threads.filter((t) => t.turns === 'first').at(-1)!;
  const switches = threads.filter((t) => t.turns === 'switch').at(-1)!;
  const r = routing.at(-1)!;
  verdict(`later turns of threads answered right ≥ 0.85 (${last.set})`, Number(last['answered right']) >= 0.85, last['answered right']);
  verdict(`later turns: precision ≥ 0.97 (${last.set})`, Number(last.precision) >= 0.97, last.precision);
  verdict(`topic switches as good as standalone questions (answered right, ${switches.set})`, Number(switches['answered right']) >= Number(first['answered right']), `${switches['answered right']} vs ${first['answered right']}`);
  verdict(`≥ 95% of chat messages handled right (${r.set})`, Number(r['handled right']) >= 0.95, r['handled right']);
  verdict(`no general question gets a calculator's verdict (${r.set})`, r['calculator on a FAQ question'] === 0, String(r['calculator on a FAQ question']));
  verdict('p99 ≤ 15 ms per message including the thread reading', p99 <= 15, `${p99.toFixed(2)} ms`);
  if (process.argv.includes('--misses')) for (const set of routing.filter((r) => r.set.startsWith('routing-dev'))) for (const m of set.misses) console.log(`  ${set.set}  ${m.want}  ←  ${m.got}  ::  ${m.q}`);
}
