import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Observers } from '../commands/types.js';

/**
 * The bot's metrics (docs/metrics.md), in Prometheus's text format with prom-client: the one module that knows
 * the metrics library. The floors below report through plain callbacks (Services.observe, the outbox's and the
 * front door's observers, DNS's onAnswer, the cloud client's log) and the gauges read state at scrape time
 * (lanes, work queue, store): nothing below src/app imports prom-client.
 */
export interface BotMetrics {
  /** For Services.observe: cloud calls, DNS answers, answer bands. */
  observers: Required<Observers>;
  /** For the front door and the Bolt middleware (slack/observe.ts RequestObserver). */
  requests: {
    request(kind: string, outcome: string): void;
    shed(kind: string, reason: string): void;
    acked(kind: string, seconds: number): void;
    replied(kind: string, seconds: number): void;
  };
  /** For the outbox (slack/outbox.ts OutboxObserver). */
  outbox: { owed(): void; retried(): void; settled(state: string): void };
  /** What the gauges read at each scrape. */
  watch(sources: MetricSources): void;
  /** The page GET /metrics answers with. */
  scrape(): Promise<{ contentType: string; body: string }>;
}

interface Load {
  running: number;
  waiting: number;
}

export interface MetricSources {
  lanes?: () => Record<string, Load & { shed: number }>;
  queue?: () => Load;
  store?: () => { store: string; reachable: boolean; pending: number };
}

/** Ack: Slack waits 3 s; most acks take a few milliseconds. */
const ACK_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 3];
/** Reply: a FAQ answer in milliseconds, a DNS or ECS lookup in seconds, a retried post much later. */
const REPLY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Process metrics (CPU, memory, event loop, GC) are per process: one registry for them, however many bots. */
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    // prom-client counts CPU from this call on; the registry is made at the first scrape (start-up stays
    // lean), so add what the process used before it: process_cpu_*_seconds_total is CPU since start.
    const before = process.cpuUsage();
    collectDefaultMetrics({ register: processRegistry });
    const add = (name: string, micros: number) => (processRegistry?.getSingleMetric(name) as Counter | undefined)?.inc(micros / 1e6);
    add('process_cpu_user_seconds_total', before.user);
    add('process_cpu_system_seconds_total', before.system);
    add('process_cpu_seconds_total', before.user + before.system);
  }
  return processRegistry;
}

export function createMetrics(): BotMetrics {
  const registry = new Registry();
  const sources: MetricSources = {};
  const register = { registers: [registry] };

  const requests = new Counter({ name: 'netbot_requests_total', help: 'Slack requests by kind and outcome (ok, error, shed, refused).', labelNames: ['kind', 'outcome'], ...register });
  const shed = new Counter({ name: 'netbot_shed_total', help: 'Requests the front door told "busy", by kind and reason (full: work queue; lag: event loop).', labelNames: ['kind', 'reason'], ...register });
  const ack = new Histogram({ name: 'netbot_ack_seconds', help: 'From a request\'s arrival to its ack (HTTP mode).', labelNames: ['kind'], buckets: ACK_BUCKETS, ...register });
  const reply = new Histogram({ name: 'netbot_reply_seconds', help: 'From a request\'s arrival to its reply sent or owed.', labelNames: ['kind'], buckets: REPLY_BUCKETS, ...register });
  const answers = new Counter({ name: 'netbot_answers_total', help: 'Answers to questions by band (answer, probable, suggest, none).', labelNames: ['band'], ...register });
  const followups = new Counter({ name: 'netbot_followups_total', help: 'Answers to follow-ups read in their thread\'s topic, by band.', labelNames: ['band'], ...register });
  const cloud = new Counter({ name: 'netbot_cloud_calls_total', help: 'ECS/VPC API calls by action and outcome (ok or the error code).', labelNames: ['action', 'outcome'], ...register });
  const dns = new Counter({ name: 'netbot_dns_queries_total', help: 'DNS questions by answer code.', labelNames: ['rcode'], ...register });
  const owed = new Counter({ name: 'netbot_outbox_owed_total', help: 'Answers handed to the outbox to deliver.', ...register });
  const retries = new Counter({ name: 'netbot_outbox_retries_total', help: 'Delivery tries that failed and will be tried again.', ...register });
  const settled = new Counter({ name: 'netbot_outbox_settled_total', help: 'Answers settled by final state (delivered, failed, unsure, lost).', labelNames: ['state'], ...register });

  new Gauge({
    name: 'netbot_lane_depth',
    help: 'Work in each lane: running or waiting.',
    labelNames: ['lane', 'state'],
    ...register,
    collect() {
      for (const [lane, load] of Object.entries(sources.lanes?.() ?? {})) {
        this.set({ lane, state: 'running' }, load.running);
        this.set({ lane, state: 'waiting' }, load.waiting);
      }
    },
  });
  // The lanes count their own sheds: the counter follows that count.
  const shedSeen = new Map<string, number>();
  new Counter({
    name: 'netbot_lane_shed_total',
    help: 'Requests refused as busy because their lane was full.',
    labelNames: ['lane'],
    ...register,
    collect() {
      for (const [lane, load] of Object.entries(sources.lanes?.() ?? {})) {
        this.inc({ lane }, Math.max(0, load.shed - (shedSeen.get(lane) ?? 0)));
        shedSeen.set(lane, Math.max(load.shed, shedSeen.get(lane) ?? 0));
      }
    },
  });
  new Gauge({
    name: 'netbot_queue_depth',
    help: 'Acknowledged requests in the work queue: running or waiting.',
    labelNames: ['state'],
    ...register,
    collect() {
      const load = sources.queue?.();
      if (!load) return;
      this.set({ state: 'running' }, load.running);
      this.set({ state: 'waiting' }, load.waiting);
    },
  });
  new Gauge({
    name: 'netbot_store_up',
    help: 'Whether the store (sqlite, postgres) is reachable: 1 or 0.',
    labelNames: ['store'],
    ...register,
    collect() {
      const health = sources.store?.();
      if (health && health.store !== 'none') this.set({ store: health.store }, health.reachable ? 1 : 0);
    },
  });
  new Gauge({
    name: 'netbot_store_pending_writes',
    help: 'Records waiting to be written to the store.',
    ...register,
    collect() {
      this.set(sources.store?.().pending ?? 0);
    },
  });

  return {
    observers: {
      cloudCall: (action, outcome) => cloud.inc({ action, outcome }),
      dnsQuery: (rcode) => dns.inc({ rcode }),
      answered: (band, followup) => {
        answers.inc({ band });
        if (followup) followups.inc({ band });
      },
    },
    requests: {
      request: (kind, outcome) => requests.inc({ kind, outcome }),
      shed: (kind, reason) => shed.inc({ kind, reason }),
      acked: (kind, seconds) => ack.observe({ kind }, seconds),
      replied: (kind, seconds) => reply.observe({ kind }, seconds),
    },
    outbox: {
      owed: () => owed.inc(),
      retried: () => retries.inc(),
      settled: (state) => settled.inc({ state }),
    },
    watch: (more) => void Object.assign(sources, more),
    async scrape() {
      const merged = Registry.merge([processMetrics(), registry]);
      return { contentType: merged.contentType, body: await merged.metrics() };
    },
  };
}
