import { randomBytes } from 'node:crypto';
import { Keyring, openKeyring, SaltError, type SaltSource } from './keyring.js';
import { scrubText } from './scrub.js';
import { SeenSet } from './seen-set.js';
import { TtlCache } from '../util/ttl-cache.js';
import { THREAD_TTL_MS } from './sql.js';
import { SchemaTooNewError } from './migrations.js';
import type { ChoiceRecord, ExpertAnswerRecord, ExpertRequestRecord, QuestionBrief, QuestionRecord, ReportData, ReportReadOptions, ReportWindow, Rows, Store, StoreInfo, VoteRecord } from './types.js';

/** A store error that says nothing about the row: a lock held elsewhere, a full disk, an I/O error. */
export function isTransient(error: unknown): boolean {
  return /^SQLITE_(?:BUSY|LOCKED|FULL|IOERR|CANTOPEN|READONLY|PROTOCOL)/.test(String((error as { code?: unknown }).code ?? ''));
}

export interface RecorderOptions {
  record: boolean;
  retentionDays: number;
  unhealthyAfterMs: number;
  logger: { info(msg: string): void; warn(msg: string): void; error(msg: string): void };
  now?: () => Date;
  /** How often to try again while the store is down (ms). */
  retryMs?: number;
  /** How long a de-duplication claim may wait for the store before the answer goes ahead anyway (ms). */
  claimTimeoutMs?: number;
  /** The most writes kept while the store is down; the oldest are dropped beyond it. */
  maxPending?: number;
  /**
   * Where the hashing salt comes from (NETBOT_HASH_SALT or its file: recordSettings in store/open.ts). Without
   * one (tests, a bot without a store) the salt is random and lives in this process only.
   */
  salt?: SaltSource;
}

/** A write waiting for the store: the user id is hashed only when written, with the installation's salt. */
interface Pending {
  user: string;
  write: (store: Store, userHash: string) => Promise<void>;
}

export interface StoreHealth {
  store: StoreInfo['kind'] | 'none';
  schema: number | null;
  /** False once the store has been unreachable for longer than the threshold. */
  ok: boolean;
  reachable: boolean;
  pending: number;
}

const ERROR_LOG_INTERVAL_MS = 60_000;
/** Set in the meta table once the records written before ids were scrubbed have been (see rewriteTexts). */
const SCRUBBED_KEY = 'texts_scrubbed_v1';
const PRUNE_INTERVAL_MS = 6 * 3600_000;

export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from the store within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Everything the app writes to the store goes through here, so that recording never slows or breaks an
 * answer: writes are queued and run after the reply, a store error is logged at most once a minute, the
 * bot starts with the store down and reconnects, and de-duplication falls back to memory meanwhile.
 */
export class Recorder {
  private info: StoreInfo | undefined;
  private keys: Keyring | undefined;
  private downSince: number | undefined;
  private lastErrorLog = 0;
  private readonly pending: Pending[] = [];
  private draining = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private pruneTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** The fast path in front of the store: a repeat seen by this process is dropped without a round trip. */
  private readonly seen = new SeenSet();
  private readonly now: () => Date;
  /** This process's copy of recent conversations' topics (see thread()). */
  private readonly threads: TtlCache<string>;
  /** Recent questions (see questionBrief()), and requests sent to the experts by id and by post (see expertRequest()). */
  private readonly questions: TtlCache<QuestionBrief>;
  private readonly expertRequests: TtlCache<Omit<ExpertRequestRecord, 'userHash'>>;

  constructor(
    readonly store: Store | undefined,
    private readonly opts: RecorderOptions,
  ) {
    this.now = opts.now ?? (() => new Date());
    this.threads = new TtlCache<string>(THREAD_TTL_MS, 10_000, () => this.now().getTime());
    this.questions = new TtlCache<QuestionBrief>(THREAD_TTL_MS, 10_000, () => this.now().getTime());
    this.expertRequests = new TtlCache(opts.retentionDays * 86_400_000, 10_000, () => this.now().getTime());
  }

  get recording(): boolean {
    return this.opts.record && this.store !== undefined;
  }

  /**
   * Opens the store. Never throws for an unreachable store (the bot answers without it and retries); a
   * schema from a newer build (SchemaTooNewError) and a salt that does not fit the records (SaltError) are
   * the errors that stop the start.
   */
  async start(): Promise<void> {
    if (!this.store) return;
    if (!(await this.connect())) this.scheduleReconnect();
  }

  private async connect(): Promise<boolean> {
    const store = this.store!;
    try {
      const info = await withTimeout(store.open(), 10_000);
      this.keys = await this.keyring(store);
      await this.scrubOnce(store);
      this.info = info;
      if (this.downSince !== undefined) this.opts.logger.info(`store ${store.kind} reachable again (schema ${this.info.schema})`);
      this.downSince = undefined;
      // The first prune is awaited: it must be over before the start's CPU-heavy warm-up holds the event loop,
      // or its queries (waiting for a pool connection) time out and the store is marked down (issue #16, item 9).
      await this.schedulePrune();
      this.drain();
      return true;
    } catch (error) {
      if (error instanceof SchemaTooNewError || error instanceof SaltError) throw error;
      this.failed(error);
      return false;
    }
  }

  /** The installation's keys (store/keyring.ts), or this process's own when no salt source is configured. */
  private async keyring(store: Store): Promise<Keyring> {
    if (!this.opts.salt) return this.keys ?? new Keyring(randomBytes(32).toString('hex'));
    return openKeyring(store, this.opts.salt, (msg) => this.opts.logger.warn(msg));
  }

  /** Records written before question texts were scrubbed get scrubbed too, once per database. */
  private async scrubOnce(store: Store): Promise<void> {
    if (await store.meta(SCRUBBED_KEY)) return;
    const changed = await store.rewriteTexts(scrubText);
    await store.metaOnce(SCRUBBED_KEY, String(this.now().getTime()));
    if (changed) this.opts.logger.info(`store: replaced Slack and instance ids in ${changed} records written before this version`);
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(async () => {
      this.reconnectTimer = undefined;
      try {
        if (!(await this.connect())) this.scheduleReconnect();
      } catch (error) {
        // A newer schema appeared while we were down: keep answering, never write to it.
        this.failed(error);
      }
    }, this.opts.retryMs ?? 5000);
    this.reconnectTimer.unref();
  }

  private async schedulePrune(): Promise<void> {
    if (this.pruneTimer || this.stopped) return;
    const prune = async () => {
      if (!this.store || this.downSince !== undefined) return;
      const now = this.now();
      try {
        const { deleted } = await this.store.prune(new Date(now.getTime() - this.opts.retentionDays * 86_400_000), now);
        if (deleted) this.opts.logger.info(`store: pruned ${deleted} records older than ${this.opts.retentionDays} days`);
      } catch (error) {
        this.failed(error);
      }
    };
    this.pruneTimer = setInterval(() => void prune(), PRUNE_INTERVAL_MS);
    this.pruneTimer.unref();
    await prune();
  }

  /** Marks the store down and logs, once a minute at most (a dead database must not flood the log). */
  private failed(error: unknown): void {
    const at = Date.now();
    this.downSince ??= at;
    if (at - this.lastErrorLog >= ERROR_LOG_INTERVAL_MS) {
      this.lastErrorLog = at;
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      this.opts.logger.error(`store ${this.store?.kind ?? ''} unavailable, answering without it: ${message}`);
    }
    this.scheduleReconnect();
  }

  health(): StoreHealth {
    const down = this.downSince !== undefined || (this.store !== undefined && !this.info);
    const since = this.downSince ?? Date.now();
    return {
      store: this.store?.kind ?? 'none',
      schema: this.info?.schema ?? null,
      ok: !down || Date.now() - since <= this.opts.unhealthyAfterMs,
      reachable: !down,
      pending: this.pending.length,
    };
  }

  /** A keyed hash: the same user gives the same hash on every replica, and no raw Slack id is stored. */
  private hash(user: string): string {
    return this.keys!.hashUser(user);
  }

  private enqueue(p: Pending): void {
    if (!this.recording || this.stopped) return;
    this.pending.push(p);
    if (this.pending.length > (this.opts.maxPending ?? 5000)) this.pending.shift();
    // After the current turn: the reply being built now goes out before any write runs.
    setImmediate(() => this.drain());
  }

  private async drain(): Promise<void> {
    if (this.draining || !this.store || !this.info || this.downSince !== undefined) return;
    this.draining = true;
    try {
      while (this.pending.length && this.downSince === undefined) {
        const next = this.pending[0]!;
        try {
          await next.write(this.store, this.hash(next.user));
          this.pending.shift();
        } catch (error) {
          // Unreachable, locked by another process, out of disk: keep it for the reconnect (retried every
          // retryMs). Reachable and healthy: the row itself was refused, drop it.
          const reachable = !isTransient(error) && (await this.store.ping().then(() => true, () => false));
          if (reachable) {
            this.pending.shift();
            this.opts.logger.warn(`store refused a record: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
          } else this.failed(error);
        }
      }
    } finally {
      this.draining = false;
    }
  }

  /** Free text is kept without Slack or resource ids (store/scrub.ts), whichever front end recorded it. */
  question(q: Omit<QuestionRecord, 'userHash'>, user: string): void {
    // Kept in memory whatever NETBOT_RECORD says: a 👎 on this answer may offer to send the question to the experts.
    this.questions.set(q.id, { text: q.text, lang: q.lang, top: q.top });
    const text = scrubText(q.text);
    this.enqueue({ user, write: (s, userHash) => s.recordQuestion({ ...q, text, userHash }) });
  }

  vote(v: Omit<VoteRecord, 'userHash'>, user: string): void {
    const note = v.note === undefined ? {} : { note: scrubText(v.note) };
    this.enqueue({ user, write: (s, userHash) => s.recordVote({ ...v, ...note, userHash }) });
  }

  reason(v: Omit<Parameters<Store['recordReason']>[0], 'userHash'>, user: string): void {
    const note = v.note === undefined ? {} : { note: scrubText(v.note) };
    this.enqueue({ user, write: (s, userHash) => s.recordReason({ ...v, ...note, userHash }) });
  }

  choice(c: Omit<ChoiceRecord, 'userHash'>, user: string): void {
    this.enqueue({ user, write: (s, userHash) => s.recordChoice({ ...c, userHash }) });
  }

  /**
   * True the first time any replica offers this delivery key. Memory first (free), then the store's
   * INSERT … ON CONFLICT DO NOTHING; when the store is down or slow, memory alone decides, so the
   * question is still answered (at worst twice across replicas, never zero times).
   */
  async claim(key: string): Promise<boolean> {
    if (!this.seen.firstTime(key)) return false;
    if (!this.store || !this.info || this.downSince !== undefined) return true;
    try {
      return await withTimeout(this.store.claim(key, this.now()), this.opts.claimTimeoutMs ?? 1500);
    } catch (error) {
      this.failed(error);
      return true;
    }
  }

  /**
   * The topic a conversation left (see app/conversation.ts): the store's copy, shared by replicas, with this
   * process's own copy in front; when the store is down or slow, memory alone answers (a follow-up sent to
   * another replica meanwhile is read as a new question, never lost).
   */
  async thread(key: string): Promise<string | undefined> {
    const mine = this.threads.get(key);
    if (!this.store || !this.info || this.downSince !== undefined) return mine;
    try {
      return (await withTimeout(this.store.getThread(key, this.now()), this.opts.claimTimeoutMs ?? 1500)) ?? mine;
    } catch (error) {
      this.failed(error);
      return mine;
    }
  }

  /**
   * Keeps a conversation's topic: in memory at once, in the store after the reply (like every write). What the
   * store gets can differ (`stored`: ids scrubbed, facts sealed with the keys, see slack/threads.ts).
   */
  keepThread(key: string, state: string, stored: (keys: Keyring) => string = () => state): void {
    this.threads.set(key, state);
    this.enqueue({ user: '', write: (s) => s.putThread(key, stored(this.keys!), this.now()) });
  }

  /** A value sealed with this installation's keys (see keepThread), or undefined. */
  unseal(sealed: string): string | undefined {
    return this.keys?.unseal(sealed);
  }

  /** A store read on a click's path: memory first; the store (bounded in time) when reachable; never throws. */
  private async lookup<T>(mine: T | undefined, read: (store: Store) => Promise<T | undefined>): Promise<T | undefined> {
    if (mine !== undefined || !this.store || !this.info || this.downSince !== undefined) return mine;
    try {
      return await withTimeout(read(this.store), this.opts.claimTimeoutMs ?? 1500);
    } catch (error) {
      this.failed(error);
      return undefined;
    }
  }

  /** A recent question's text, language and top entries, by the id its buttons carry. */
  questionBrief(id: string): Promise<QuestionBrief | undefined> {
    return this.lookup(this.questions.get(id), (s) => s.getQuestion(id));
  }

  /**
   * A question sent to the experts: in this process at once (by id and by post), in the store after the reply,
   * where other replicas find it when an expert answers days later. The asker's id is stored hashed.
   */
  keepExpertRequest(r: Omit<ExpertRequestRecord, 'userHash'>, asker: string): void {
    this.expertRequests.set(`id:${r.id}`, r);
    this.expertRequests.set(`post:${r.postKey}`, r);
    this.enqueue({ user: asker, write: async (s, userHash) => void (await s.recordExpertRequest({ ...r, text: scrubText(r.text), userHash })) });
  }

  expertRequest(by: { id: string } | { postKey: string }): Promise<Omit<ExpertRequestRecord, 'userHash'> | undefined> {
    const mine = this.expertRequests.get('id' in by ? `id:${by.id}` : `post:${by.postKey}`);
    return this.lookup(mine, (s) => s.getExpertRequest(by));
  }

  /** An expert's reply, kept as a candidate answer (the expert's id hashed like every user's). */
  expertAnswer(a: Omit<ExpertAnswerRecord, 'userHash'>, expert: string): void {
    this.enqueue({ user: expert, write: (s, userHash) => s.recordExpertAnswer({ ...a, text: scrubText(a.text), userHash }) });
  }

  /** For the report (CLI, App Home): rejects when the store is down, which the caller says plainly. */
  async rowsSince(since: Date): Promise<Rows> {
    if (!this.store || !this.info) throw new Error('the store is not available');
    return this.store.rowsSince(since);
  }

  /** The gaps report's aggregates (App Home, /ecs-ask report): rejects when the store is down, like rowsSince. */
  async reportData(window: ReportWindow, opts: ReportReadOptions = {}): Promise<ReportData> {
    if (!this.store || !this.info) throw new Error('the store is not available');
    return this.store.reportData(window, opts);
  }

  /** The hash a user's records carry (for tests and operators' own lookups); undefined until the store is open. */
  hashOf(user: string): string | undefined {
    return this.keys ? this.hash(user) : undefined;
  }

  /** Waits (at most `ms`) until every pending write has been written, or the store is down. */
  async flush(ms = 2000): Promise<void> {
    let giveUp = false;
    const flushed = (async () => {
      while (!giveUp && (this.pending.length || this.draining) && this.info && this.downSince === undefined) {
        void this.drain();
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    await withTimeout(flushed, ms).catch(() => {});
    giveUp = true;
  }

  /** Writes what is pending (for at most `ms`), then closes the store. */
  async stop(ms = 2000): Promise<void> {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    await this.flush(ms);
    this.stopped = true;
    await this.store?.close().catch(() => {});
  }
}
