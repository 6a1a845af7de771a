import { randomUUID } from 'node:crypto';
import { webApi, type Logger } from '@slack/bolt';
import { withTimeout, type Recorder } from '../store/recorder.js';
import type { DeliveryChange, DeliveryKind, DeliveryRow, DeliveryState, Store } from '../store/types.js';
import { tryDelivery, type DeliveryPayload, type DeliveryTarget, type TryContext, type TryOutcome } from './delivery-try.js';
import type { SlackMessage } from './reply.js';

export interface OutboxOptions {
  /** How long an answer is tried (NETBOT_DELIVERY_WINDOW_S): past it, the row is marked lost and logged. */
  windowMs: number;
  /** How long one replica holds a row for a try: longer than any try (lookups and the post, with their timeouts). */
  leaseMs: number;
  /** Backoff between tries of a row: baseMs, doubling, at most capMs (±20% jitter), or Slack's Retry-After. */
  baseMs: number;
  capMs: number;
  /** How often the store is read for due rows (other replicas' rows, a restarted one's); our own rows wake us exactly. */
  pollMs: number;
  /** Background tries at once (the first try of each answer runs in its own request's work). */
  concurrency: number;
  /** Rows kept in memory while the store is unreachable; past it the oldest settled, then pending, go. */
  maxMemory: number;
  /** How long a store call may take before the row is kept in memory instead. */
  storeTimeoutMs: number;
  responseTimeoutMs: number;
  responseUrlTries: number;
  /** Told of every answer owed and of every try's outcome (metrics: src/app/metrics.ts). */
  observe?: OutboxObserver;
}

/** What the outbox reports: an answer owed, a try that will be retried, and how each answer ended. */
export interface OutboxObserver {
  owed(): void;
  retried(): void;
  settled(state: Exclude<DeliveryState, 'pending'>): void;
}

export const DEFAULT_DELIVERY: Omit<OutboxOptions, 'windowMs'> = {
  leaseMs: 120_000,
  baseMs: 500,
  capMs: 30_000,
  pollMs: 2_000,
  concurrency: 4,
  maxMemory: 500,
  storeTimeoutMs: 1_500,
  responseTimeoutMs: 5_000,
  responseUrlTries: 3,
};

/** The state of an answer after its first try: pending means it will be tried again in the background. */
export interface DeliveryResult {
  state: DeliveryState;
  ts?: string;
}

/** A private reply: its response_url, and the user and channel to reach with chat.postEphemeral when that fails. */
export interface PrivateTarget {
  responseUrl?: string;
  channel?: string;
  user?: string;
}

type Body = DeliveryPayload['body'];
type ClientOptions = NonNullable<ConstructorParameters<typeof webApi.WebClient>[1]>;

/**
 * The outbox's own Web API client: each call is sent once (no quick retries inside it: a post that timed out
 * must be looked up, not sent again blindly) and a 429 comes back at once with its Retry-After.
 */
export function deliveryClient(token: string, options: ClientOptions): webApi.WebClient {
  return new webApi.WebClient(token, { ...options, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
}
const RETRY_LOG_INTERVAL_MS = 60_000;

/**
 * Every answer owed to Slack, durable and sent once (docs/delivery.md): a row in the store written before the
 * first try and settled after it; failed tries are retried with backoff for the delivery window, by whichever
 * replica leases the row, also after a restart. Visible posts carry their row's id in Slack message metadata, so
 * that one whose outcome was not known is looked up before it is sent again. While the store is unreachable the
 * rows live in memory (bounded), are tried from there, and are written once it is back.
 */
export class Outbox {
  /** This process, as the lease owner. */
  readonly owner = randomUUID();
  private readonly opts: OutboxOptions;
  /** Rows the store does not have in their current state (unreachable, or slow): tried from here, written back later. */
  private readonly memory = new Map<string, { row: DeliveryRow; held: number }>();
  private readonly inFlight = new Set<string>();
  private readonly posted = new Map<string, (ts: string) => void>();
  private readonly loggedOnce = new Set<string>();
  private lastRetryLog = 0;
  private ticking = false;
  private tickAgain = false;
  private stopped = true;
  private pollTimer: NodeJS.Timeout | undefined;
  private wakeTimer: { at: number; timer: NodeJS.Timeout } | undefined;
  private readonly ctx: TryContext;

  constructor(
    private readonly recorder: Recorder,
    client: webApi.WebClient,
    private readonly logger: Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>,
    opts: Partial<OutboxOptions> & Pick<OutboxOptions, 'windowMs'>,
  ) {
    this.opts = { ...DEFAULT_DELIVERY, ...opts };
    this.ctx = {
      client,
      responseTimeoutMs: this.opts.responseTimeoutMs,
      responseUrlTries: this.opts.responseUrlTries,
      lookupUnavailable: (error) =>
        this.once(`lookup:${error}`, () =>
          this.logger.warn(`delivery: cannot check whether an earlier try arrived (${error}), so the post is sent again and may show twice: grant the history scopes in manifest.yml and reinstall the app`),
        ),
    };
  }

  /** A visible post (chat.postMessage) in a conversation or thread; `onPosted` gets its ts when this process delivers it. */
  post(target: { channel: string; threadTs?: string }, message: SlackMessage, label: string, onPosted?: (ts: string) => void): Promise<DeliveryResult> {
    return this.send('post', { target, body: message }, label, onPosted);
  }

  /** An ephemeral post (chat.postEphemeral) to one user in a conversation. */
  ephemeral(target: { channel: string; user: string; threadTs?: string }, message: SlackMessage, label: string): Promise<DeliveryResult> {
    return this.send('ephemeral', { target, body: message }, label);
  }

  /** A private reply: the response_url, falling back to chat.postEphemeral to the same user in the same channel. */
  privately(target: PrivateTarget, message: SlackMessage & { replace_original?: boolean }, label: string): Promise<DeliveryResult> {
    const body: Body = { response_type: 'ephemeral', ...message };
    if (target.responseUrl) return this.send('response_url', { target, body }, label);
    if (target.channel && target.user) return this.send('ephemeral', { target, body: message }, label);
    this.logger.error(`${label}: reply lost: there is neither a response_url nor a channel to reply in`);
    this.opts.observe?.settled('failed');
    return Promise.resolve({ state: 'failed' });
  }

  /** Any other response_url reply (Share in channel's visible copy): no fallback. */
  respond(responseUrl: string, body: Body, label: string): Promise<DeliveryResult> {
    return this.send('response_url', { target: { responseUrl }, body }, label);
  }

  /** Starts the background loop; its first round runs now, so rows a stopped or crashed process left are taken up. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.pollTimer = setInterval(() => void this.tick(), this.opts.pollMs);
    this.pollTimer.unref();
    void this.tick();
  }

  /** Stops the loop, waits (at most `ms`) for tries under way, and writes what memory holds if the store is there. */
  async stop(ms = 5_000): Promise<void> {
    this.stopped = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.wakeTimer) clearTimeout(this.wakeTimer.timer);
    this.wakeTimer = undefined;
    const until = Date.now() + ms;
    while (this.inFlight.size && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    await this.writeBack();
    const owed = [...this.memory.values()].filter((m) => m.row.state === 'pending').length;
    if (owed) this.logger.error(`delivery: ${owed} answers still owed are lost at shutdown (the store is unreachable, so nothing else can send them)`);
    for (let i = 0; i < owed; i++) this.opts.observe?.settled('lost');
  }

  /** The delivery window, for log lines. */
  private get window(): string {
    const ms = this.opts.windowMs;
    return ms >= 120_000 ? `${Math.round(ms / 60_000)} min` : `${ms / 1000} s`;
  }

  /** Tries under way and rows held in memory, for tests and health. */
  get load(): { inFlight: number; memory: number } {
    return { inFlight: this.inFlight.size, memory: this.memory.size };
  }

  private async send(kind: DeliveryKind, payload: DeliveryPayload, label: string, onPosted?: (ts: string) => void): Promise<DeliveryResult> {
    const now = Date.now();
    const row: DeliveryRow = {
      id: randomUUID(),
      createdAt: now,
      kind,
      label,
      payload: JSON.stringify(payload),
      state: 'pending',
      tries: 1,
      failures: 0,
      unsure: true,
      nextAt: now,
      leaseOwner: this.owner,
      leaseUntil: now + this.opts.leaseMs,
    };
    if (onPosted) this.keepCallback(row.id, onPosted);
    this.opts.observe?.owed();
    // Written before the first try: if this process dies during it, the row is still owed (and looked up first).
    const written = await this.db((s) => s.putDelivery(row, this.owner, 1)).catch(() => false);
    if (!written) this.remember(row, 1);
    return this.run(row, false, false);
  }

  /**
   * One try of a row this process holds (leased, or in memory), then its outcome recorded. A background try
   * makes room for the next due row when it ends; a first try (in its request's work) schedules only its retry.
   */
  private async run(row: DeliveryRow, wasUnsure: boolean, background: boolean): Promise<DeliveryResult> {
    this.inFlight.add(row.id);
    try {
      // Past the window it is not tried again: marked lost, once, by whichever replica leased it.
      const expired = Date.now() >= row.createdAt + this.opts.windowMs;
      const unexpected: TryOutcome = { result: 'retry', unsure: true, error: 'unexpected error' };
      const outcome = expired ? undefined : await tryDelivery(this.ctx, row, wasUnsure).catch(() => unexpected);
      const change = this.changeFor(row, outcome);
      this.report(row, change, outcome);
      await this.settle(row, change);
      const ts = outcome?.result === 'delivered' ? outcome.ts : undefined;
      if (ts) this.posted.get(row.id)?.(ts);
      if (change.state !== 'pending') this.posted.delete(row.id);
      else this.wakeAt(change.nextAt);
      return { state: change.state, ...(ts ? { ts } : {}) };
    } finally {
      this.inFlight.delete(row.id);
      if (background && !this.stopped) setImmediate(() => void this.tick());
    }
  }

  /** The row after a try (`outcome`), or after its window ran out (no outcome). */
  private changeFor(row: DeliveryRow, outcome: TryOutcome | undefined): DeliveryChange {
    const now = Date.now();
    const kind = outcome?.kind ?? row.kind;
    const settled = { kind, failures: row.failures, unsure: false, nextAt: row.nextAt, payload: '', at: now };
    if (!outcome) return { ...settled, state: 'lost', lastError: row.lastError ?? 'no try finished' };
    switch (outcome.result) {
      case 'delivered':
        return { ...settled, state: 'delivered' };
      case 'failed':
        return { ...settled, state: 'failed', lastError: outcome.error };
      case 'unsure':
        return { ...settled, state: 'unsure', lastError: outcome.error };
      case 'retry': {
        const backoff = Math.min(this.opts.baseMs * 2 ** Math.min(row.tries - 1, 30), this.opts.capMs) * (0.8 + 0.4 * Math.random());
        const nextAt = now + Math.max(backoff, outcome.retryAfterMs ?? 0);
        return { state: 'pending', kind, failures: row.failures + 1, unsure: outcome.unsure, nextAt, payload: row.payload, lastError: outcome.error, at: now };
      }
    }
  }

  /** Logs a try's outcome without the message: its label, tries and error code only. */
  private report(row: DeliveryRow, change: DeliveryChange, outcome: TryOutcome | undefined): void {
    const what = `${row.label}: reply`;
    if (outcome?.kind === 'ephemeral' && row.kind === 'response_url' && change.state === 'delivered') this.logger.warn(`${what}: response_url failed, delivered with chat.postEphemeral instead`);
    if (change.state === 'pending') this.opts.observe?.retried();
    else this.opts.observe?.settled(change.state);
    switch (change.state) {
      case 'delivered':
        if (row.tries > 1) this.logger.info(`${what} delivered at try ${row.tries}`);
        return;
      case 'lost':
        this.logger.error(`${what} lost: not delivered within ${this.window} (${row.tries - 1} tries, last: ${change.lastError})`);
        return;
      case 'failed':
        this.logger.error(`${what} not delivered: Slack refused it (${change.lastError})`);
        return;
      case 'unsure':
        this.logger.warn(`${what} may not have arrived (${change.lastError}); an ephemeral or response_url reply cannot be checked, so it is not sent again`);
        return;
      case 'pending': {
        const line = `${what} not taken by Slack (${change.lastError}), try ${row.tries}; trying again for up to ${this.window}`;
        // An outage fails every answer: one line a minute says so, the rest go to debug.
        if (Date.now() - this.lastRetryLog >= RETRY_LOG_INTERVAL_MS) {
          this.lastRetryLog = Date.now();
          this.logger.warn(line);
        } else this.logger.debug(line);
      }
    }
  }

  /** Records a try's outcome: in the store under our lease, else in memory until the store has it. */
  private async settle(row: DeliveryRow, change: DeliveryChange): Promise<void> {
    const held = this.memory.get(row.id);
    const next: DeliveryRow = { ...row, ...change, leaseOwner: undefined, leaseUntil: undefined };
    if (held) {
      held.row = next;
      // Settled: the store needs to hear of it (if there is one); nothing is left to try.
      if (change.state !== 'pending' && this.recorder.store === undefined) this.memory.delete(row.id);
      else if (change.state !== 'pending') this.writeBackSoon();
      return;
    }
    const written = await this.db((s) => s.settleDelivery(row.id, this.owner, row.tries, change)).catch(() => undefined);
    // false: another replica leased it after our lease ran out, and its try decides. undefined: the store failed.
    if (written === undefined) this.remember(next, row.tries);
  }

  private remember(row: DeliveryRow, held: number): void {
    this.memory.set(row.id, { row, held });
    if (this.memory.size <= this.opts.maxMemory) return;
    const entries = [...this.memory.entries()].filter(([id]) => !this.inFlight.has(id));
    const victim = entries.find(([, m]) => m.row.state !== 'pending') ?? entries[0];
    if (!victim) return;
    this.memory.delete(victim[0]);
    if (victim[1].row.state === 'pending') {
      this.posted.delete(victim[0]);
      this.logger.error(`${victim[1].row.label}: reply lost: the store is unreachable and ${this.opts.maxMemory} answers are already waiting in memory`);
      this.opts.observe?.settled('lost');
    }
  }

  /** Writes rows held in memory to the store (each only over our own lease, see putDelivery), then forgets them. */
  private async writeBack(): Promise<void> {
    if (!this.storeUsable()) return;
    for (const [id, { row, held }] of [...this.memory]) {
      if (this.inFlight.has(id)) continue;
      const written = await this.db((s) => s.putDelivery(row, this.owner, held)).then(
        () => true,
        () => false,
      );
      if (!written) return; // still unreachable: keep them all
      this.memory.delete(id);
    }
  }

  private writeBackSoon(): void {
    if (!this.stopped) setImmediate(() => void this.tick());
  }

  /** One round: write back memory, then try due rows (memory first, then leased from the store) up to the concurrency. */
  private async tick(): Promise<void> {
    if (this.stopped) return;
    if (this.ticking) {
      this.tickAgain = true;
      return;
    }
    this.ticking = true;
    try {
      do {
        this.tickAgain = false;
        await this.writeBack();
        let room = this.opts.concurrency - this.inFlight.size;
        const now = Date.now();
        for (const { row } of this.memory.values()) {
          if (room <= 0) break;
          if (row.state !== 'pending' || row.nextAt > now || this.inFlight.has(row.id)) continue;
          room--;
          // As a lease would: this try's outcome is unknown until it is recorded.
          const wasUnsure = row.unsure;
          Object.assign(row, { tries: row.tries + 1, unsure: true });
          void this.run(row, wasUnsure, true);
        }
        if (room <= 0 || !this.storeUsable() || this.stopped) break;
        const leased = await this.db((s) => s.leaseDeliveries(this.owner, now, now + this.opts.leaseMs, room)).catch(() => [] as DeliveryRow[]);
        for (const row of leased) void this.run(row, row.unsure, true);
      } while (this.tickAgain && !this.stopped);
    } finally {
      this.ticking = false;
    }
  }

  /** Wakes the loop when a row of ours is due (the poll is for rows other replicas left). */
  private wakeAt(at: number): void {
    if (this.stopped || (this.wakeTimer && this.wakeTimer.at <= at)) return;
    if (this.wakeTimer) clearTimeout(this.wakeTimer.timer);
    const timer = setTimeout(() => {
      this.wakeTimer = undefined;
      void this.tick();
    }, Math.max(0, at - Date.now()));
    timer.unref();
    this.wakeTimer = { at, timer };
  }

  private keepCallback(id: string, fn: (ts: string) => void): void {
    this.posted.set(id, fn);
    if (this.posted.size > 1000) this.posted.delete(this.posted.keys().next().value!);
  }

  private storeUsable(): boolean {
    return this.recorder.store !== undefined && this.recorder.health().reachable;
  }

  /** A store call, bounded; rejects when there is no usable store. */
  private db<T>(op: (store: Store) => Promise<T>): Promise<T> {
    if (!this.storeUsable()) return Promise.reject(new Error('the store is not available'));
    return withTimeout(op(this.recorder.store!), this.opts.storeTimeoutMs);
  }

  private once(key: string, fn: () => void): void {
    if (this.loggedOnce.has(key)) return;
    this.loggedOnce.add(key);
    fn();
  }
}
