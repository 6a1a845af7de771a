import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { BENCH_SECRET, sleep } from './bot-process.js';
import { signed, type CountingSlack } from './fake-slack.js';
import { percentile } from './measure.js';

export type Kind = 'command' | 'mention' | 'click';

/** One request sent, with the id its answer is counted by (a response_url id, or a mention's thread). */
export interface Sent {
  kind: Kind;
  id: string;
  status?: number;
  busy?: boolean;
}

/** A request to send: what it is and its body (signed when sent). */
export interface BenchRequest {
  sent: Sent;
  body: string;
  type: string;
}

/** `/ecs-bw <n>M` as Slack sends it, answered through its own response_url on the fake. */
export function slashCommand(n: number, slack: CountingSlack): BenchRequest {
  const id = randomUUID();
  const body = new URLSearchParams({ command: '/ecs-bw', text: `${1 + (n % 150)}M`, user_id: 'U0BENCH', channel_id: 'C0BENCH', team_id: 'T0', response_url: `${slack.url}/response/${id}`, trigger_id: `t-${id}` }).toString();
  return { sent: { kind: 'command', id }, body, type: 'application/x-www-form-urlencoded' };
}

/** A load phase: `rate` requests/s for `seconds`, or `amount` requests at that rate. */
export interface Phase {
  rate: number;
  seconds?: number;
  amount?: number;
}

/**
 * Sends signed requests to /slack/events with autocannon at a fixed rate and checks, for each, that exactly one
 * answer reached the fake Slack (or that it was told "busy"): ack latency from autocannon, answers waited for
 * (at most 10 s) after the last ack.
 */
export async function loadTest(port: number, slack: CountingSlack, phase: Phase, next: (n: number) => BenchRequest, counter: { n: number }) {
  const sent = new Map<string, Sent>();
  // Called without a callback it is both: the run's events and a promise of its result.
  const run = (autocannon as unknown as (o: autocannon.Options) => autocannon.Instance & Promise<autocannon.Result>)({
    url: `http://127.0.0.1:${port}`,
    connections: Math.min(100, Math.max(10, phase.rate / 5)),
    overallRate: phase.rate,
    ...(phase.amount ? { amount: phase.amount } : { duration: phase.seconds ?? 5 }),
    timeout: 10,
    requests: [
      {
        method: 'POST',
        path: '/slack/events',
        setupRequest: (req, context: Record<string, unknown>) => {
          const { sent: s, body, type } = next(counter.n++);
          sent.set(s.id, s);
          context.id = s.id;
          return { ...req, body, headers: { 'content-type': type, ...signed(BENCH_SECRET, body) } };
        },
        onResponse: (status: number, body: string, context: Record<string, unknown>) => {
          const s = sent.get(String(context.id));
          if (!s) return;
          s.status = status;
          s.busy = status === 503 || /too busy/.test(body ?? '');
        },
      },
    ],
  } as autocannon.Options);
  // Each 2xx request's own ack time. autocannon's latency figures at a fixed rate are "corrected for coordinated
  // omission" with an expected interval of ceil(1 / per-connection rate) = 1 ms, so an ack of 150 ms is counted
  // as 150 samples (150, 149, … 1 ms): its p99 weighs slow acks far above their share of requests.
  const acks: number[] = [];
  run.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => void (status < 300 && acks.push(ms)));
  const result = await run;
  acks.sort((a, b) => a - b);
  // Answers go out after the ack: give them time to arrive (bounded), then count.
  const expected = () => [...sent.values()].filter((s) => s.status === 200 && !s.busy);
  const answers = (s: Sent) => (s.kind === 'mention' ? slack.byThread.get(s.id) : slack.byResponse.get(s.id)) ?? 0;
  for (let i = 0; i < 100 && expected().some((s) => answers(s) === 0); i++) await sleep(100);
  const all = [...sent.values()];
  return {
    rate: phase.rate,
    sent: all.length,
    throughput: Math.round(result.requests.average),
    p50ms: result.latency.p50,
    p99ms: result.latency.p99,
    maxMs: result.latency.max,
    ackP50ms: Math.round(percentile(acks, 50)),
    ackP99ms: Math.round(percentile(acks, 99)),
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    busy: all.filter((s) => s.busy).length,
    lost: expected().filter((s) => answers(s) === 0).length,
    duplicated: all.filter((s) => answers(s) > 1).length,
    busyAnswered: all.filter((s) => s.busy && answers(s) > 0).length,
  };
}

