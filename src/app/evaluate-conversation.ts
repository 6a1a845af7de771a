import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { KnowledgeBase } from '../knowledge/load.js';
import type { SearchEngine } from '../search/engine.js';
import type { Topic } from '../search/followup.js';
import { decideRoute, readMessage, topicAfter, type MessageReading } from './routing.js';

/**
 * Measures the conversation on the blind sets of issue #15: thread follow-ups (test/blind/threads-*.yaml) and
 * the handling of chat messages (test/blind/routing-*.yaml). Used by `npm run bench` and the tests' floors.
 */

interface Turn {
  q: string;
  kind: 'first' | 'followup' | 'switch';
  expect: string;
  also?: string[];
}

/** What a reader made of a turn: its band and first entry (all the scores read). */
interface Answered {
  band: string;
  top?: string;
}
const answered = (reading: MessageReading): Answered => ({ band: reading.outcome.band, top: reading.outcome.hits[0]?.entry.id });
const right = (a: Answered, expect: string, also: readonly string[] = []) => a.top !== undefined && (a.top === expect || also.includes(a.top));
const shown = (a: Answered) => a.band === 'answer' || a.band === 'probable';

export interface ThreadScores {
  kind: string;
  turns: number;
  /** In-scope turns answered (answer band) and right, over in-scope turns. */
  answeredRight: number;
  /** Right among those answered (answer band; out-of-scope answers count as wrong). */
  precision: number;
  /** The first answer shown (answer or probable band) right, over in-scope turns. */
  shownRight: number;
  /** Right entry first, whatever the band. */
  top1: number;
  /** Out-of-scope turns declined. */
  declined: number;
}

function score(kind: string, items: Array<{ got: Answered; turn: Turn }>): ThreadScores {
  const inScope = items.filter((i) => i.turn.expect !== 'none');
  const oos = items.filter((i) => i.turn.expect === 'none');
  const answeredItems = items.filter((i) => i.got.band === 'answer');
  const ok = (i: { got: Answered; turn: Turn }) => i.turn.expect !== 'none' && right(i.got, i.turn.expect, i.turn.also);
  const share = (n: number, d: number) => (d ? n / d : 1);
  return {
    kind,
    turns: items.length,
    answeredRight: share(answeredItems.filter(ok).length, inScope.length),
    precision: share(answeredItems.filter(ok).length, answeredItems.length),
    shownRight: share(inScope.filter((i) => shown(i.got) && ok(i)).length, inScope.length),
    top1: share(inScope.filter(ok).length, inScope.length),
    declined: share(oos.filter((i) => i.got.band === 'none').length, oos.length),
  };
}

/** A reader that sees each turn alone (a baseline): the turn's band and first entry. */
export type TurnReader = (q: string) => Answered;

/**
 * Every thread read turn by turn as the bot reads it (each turn with the topic the previous one left), scored by
 * kind of turn: first questions, follow-ups, topic switches; and every turn after the first. With `alone`, each
 * turn is read by that reader without its thread instead (the baselines: our search, plain MiniSearch).
 */
export function evaluateThreads(path: string, search: SearchEngine, alone?: TurnReader): ThreadScores[] {
  const doc = parseYaml(readFileSync(path, 'utf8')) as { threads: Array<{ id: string; turns: Turn[] }> };
  const items: Array<{ got: Answered; turn: Turn }> = [];
  for (const thread of doc.threads) {
    let topic: Topic | undefined;
    for (const turn of thread.turns) {
      let got: Answered;
      if (alone) got = alone(turn.q);
      else {
        const reading = readMessage(turn.q, search, topic);
        topic = topicAfter(reading);
        got = answered(reading);
      }
      items.push({ got, turn: { ...turn, expect: String(turn.expect) } });
    }
  }
  return [
    score('first', items.filter((i) => i.turn.kind === 'first')),
    score('follow-up', items.filter((i) => i.turn.kind === 'followup')),
    score('switch', items.filter((i) => i.turn.kind === 'switch')),
    score('later turns', items.filter((i) => i.turn.kind !== 'first')),
  ];
}

interface Message {
  q: string;
  command: string;
  expect?: string;
  also?: string[];
  verdict?: string;
  runbook?: string;
  /** For a symptom no runbook covers (`runbook: none`): the entry that answers its underlying question. */
  entry?: string;
}

export interface RoutingScores {
  messages: number;
  /** Sent to the right command (and verdict, runbook). */
  routed: number;
  /** Routed right and, for FAQ questions, the first answer shown right (or an out-of-scope one declined). */
  handled: number;
  /** General questions (FAQ) that got a calculator's verdict: must be 0. */
  calculatorOnFaq: number;
  misses: Array<{ q: string; want: string; got: string }>;
}

const CALCULATORS = new Set(['bw', 'subnet', 'ptr', 'canswap']);

/** Each message routed as chat routes it (for an asker allowed to read instances), against its label. */
export function evaluateRouting(path: string, search: SearchEngine, kb: KnowledgeBase): RoutingScores {
  const doc = parseYaml(readFileSync(path, 'utf8')) as { messages: Message[] };
  let routed = 0;
  let handled = 0;
  let calculatorOnFaq = 0;
  const misses: RoutingScores['misses'] = [];
  for (const m of doc.messages) {
    const reading = readMessage(m.q, search);
    const got = answered(reading);
    const route = decideRoute(reading, kb, { infrastructureAllowed: true });
    const { command, tokens } = route.invocation;
    const verdict = tokens.includes('--verdict') ? tokens[tokens.indexOf('--verdict') + 1] : command === 'canswap' && tokens.some((t) => t.startsWith('i-')) ? 'canswap' : 'overview';
    let isRouted: boolean;
    if (m.command === 'instance') isRouted = (command === 'instance' || command === 'canswap') && verdict === (m.verdict ?? 'overview');
    else if (m.command === 'triage') {
      isRouted = command === 'triage' && (!m.runbook || m.runbook === 'none' || tokens[0] === m.runbook);
      // No runbook covers the symptom: the entry the labeller names, shown first, is the right handling too.
      if (m.runbook === 'none' && m.entry && command === 'ask') isRouted = shown(got) && right(got, m.entry);
    }
    else isRouted = command === m.command;
    const isHandled =
      isRouted &&
      (m.command !== 'ask' || (m.expect === 'none' ? reading.outcome.band === 'none' : shown(got) && right(got, String(m.expect), m.also)));
    if (m.command === 'ask' && CALCULATORS.has(command)) calculatorOnFaq++;
    if (isRouted) routed++;
    if (isHandled) handled++;
    else {
      const want = m.command === 'instance' ? `instance/${m.verdict ?? 'overview'}` : m.command === 'triage' ? `triage/${m.runbook ?? '?'}` : `${m.command}${m.expect ? `/${m.expect}` : ''}`;
      const got = command === 'ask' ? `ask/${reading.outcome.band}/${reading.outcome.hits[0]?.entry.id ?? '-'}` : `${command} ${tokens.join(' ')}`;
      misses.push({ q: m.q, want, got });
    }
  }
  const n = doc.messages.length;
  return { messages: n, routed: routed / n, handled: handled / n, calculatorOnFaq, misses };
}
