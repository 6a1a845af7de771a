import { isLang, type Lang } from '../i18n/lang.js';
import { LATEST_SCHEMA, MIGRATIONS, SchemaTooNewError, type Dialect } from './migrations.js';
import { readCandidates, readReportData } from './report-sql.js';
import {
  DOWN_REASONS,
  type ChoiceRecord,
  type DeliveryChange,
  type DeliveryKind,
  type DeliveryRow,
  type DeliveryState,
  type DownReason,
  type ExpertAnswerRecord,
  type ExpertRequestRecord,
  type QuestionBrief,
  type QuestionRecord,
  type ReportData,
  type ReportReadOptions,
  type ReportWindow,
  type Rows,
  type Store,
  type StoreInfo,
  type VoteRecord,
} from './types.js';

export type Row = Record<string, unknown>;
/** Runs one statement with `?` placeholders: the rows of a SELECT, the number of rows a write changed. */
export type Run = (sql: string, params?: readonly unknown[]) => Promise<{ rows: Row[]; changes: number }>;

/** What differs between SQLite and PostgreSQL: how to run a statement, and how migrations are serialised. */
export interface SqlDriver {
  readonly dialect: Dialect;
  run: Run;
  /** Runs `fn` in one transaction holding the migration lock: one replica migrates, the others wait for it. */
  migrating<T>(fn: (run: Run) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A delivery key is kept a day: Slack retries within minutes, so that is ample and keeps the table small. */
const DELIVERY_TTL_MS = 24 * 3600_000;
/** A conversation's topic is kept a day: a follow-up after that starts afresh. */
export const THREAD_TTL_MS = 24 * 3600_000;
/** Outbox rows are kept two days (the delivery window is at most one), for an operator's look at what happened. */
const OUTBOX_TTL_MS = 48 * 3600_000;

const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const lang = (v: unknown): Lang => (isLang(v) ? v : 'en');
const reason = (v: unknown): DownReason | undefined => (DOWN_REASONS as readonly unknown[]).includes(v) ? (v as DownReason) : undefined;

function deliveryOf(r: Row): DeliveryRow {
  return {
    id: String(r.id),
    createdAt: num(r.created_at),
    kind: String(r.kind) as DeliveryKind,
    label: String(r.label),
    payload: String(r.payload),
    state: String(r.state) as DeliveryState,
    tries: num(r.tries),
    failures: num(r.failures),
    unsure: num(r.unsure) === 1,
    nextAt: num(r.next_at),
    ...(r.lease_owner != null ? { leaseOwner: String(r.lease_owner) } : {}),
    ...(r.lease_until != null ? { leaseUntil: num(r.lease_until) } : {}),
    ...(str(r.last_error) ? { lastError: str(r.last_error)! } : {}),
  };
}

function parseTop(v: unknown): QuestionRecord['top'] {
  try {
    const data = JSON.parse(String(v)) as unknown;
    return Array.isArray(data) ? data.filter((t): t is { id: string; score: number } => typeof t?.id === 'string' && typeof t?.score === 'number') : [];
  } catch {
    return [];
  }
}

/** Brings the database to LATEST_SCHEMA; refuses one that a newer build migrated. Returns the version. */
export async function migrate(driver: SqlDriver, now: () => number = Date.now): Promise<number> {
  return driver.migrating(async (run) => {
    await run('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)');
    const { rows } = await run('SELECT MAX(version) AS v FROM schema_migrations');
    const current = rows[0]?.v == null ? 0 : num(rows[0].v);
    if (current > LATEST_SCHEMA) throw new SchemaTooNewError(current, LATEST_SCHEMA);
    for (const m of MIGRATIONS.filter((x) => x.version > current)) {
      for (const statement of m.statements(driver.dialect)) await run(statement);
      await run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [m.version, m.name, now()]);
    }
    return LATEST_SCHEMA;
  });
}

/** The store's logic, written once over a SqlDriver: both databases run exactly these statements. */
export class SqlStore implements Store {
  constructor(
    readonly kind: StoreInfo['kind'],
    private readonly driver: () => SqlDriver,
  ) {}

  private get run(): Run {
    return this.driver().run;
  }

  async open(): Promise<StoreInfo> {
    return { kind: this.kind, schema: await migrate(this.driver()) };
  }

  async ping(): Promise<void> {
    await this.run('SELECT 1 AS one');
  }

  async meta(key: string): Promise<string | undefined> {
    const { rows } = await this.run('SELECT value FROM meta WHERE key = ?', [key]);
    return rows[0] ? String(rows[0].value) : undefined;
  }

  async metaOnce(key: string, value: string): Promise<string> {
    await this.run('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING', [key, value]);
    return (await this.meta(key))!;
  }

  async deleteMeta(key: string): Promise<void> {
    await this.run('DELETE FROM meta WHERE key = ?', [key]);
  }

  async rewriteTexts(rewrite: (text: string) => string): Promise<number> {
    let changed = 0;
    for (const r of (await this.run('SELECT id, text FROM questions')).rows) {
      const text = rewrite(String(r.text));
      if (text !== r.text) changed += (await this.run('UPDATE questions SET text = ? WHERE id = ?', [text, r.id])).changes;
    }
    for (const r of (await this.run('SELECT user_hash, entry_id, question_id, note FROM votes WHERE note IS NOT NULL')).rows) {
      const note = rewrite(String(r.note));
      if (note !== r.note) {
        changed += (await this.run('UPDATE votes SET note = ? WHERE user_hash = ? AND entry_id = ? AND question_id = ?', [note, r.user_hash, r.entry_id, r.question_id])).changes;
      }
    }
    return changed + (await this.run('DELETE FROM threads')).changes;
  }

  async recordQuestion(q: QuestionRecord): Promise<void> {
    await this.run(
      'INSERT INTO questions (id, at, text, lang, band, confidence, top, route, offer, latency_ms, user_hash, channel_kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
      [q.id, q.at.getTime(), q.text, q.lang, q.band, q.confidence, JSON.stringify(q.top), q.route, q.offer ?? null, q.latencyMs, q.userHash, q.channelKind],
    );
  }

  async recordVote(v: VoteRecord): Promise<void> {
    // One vote per user, entry and question: a second click replaces the first (and its reason).
    await this.run(
      `INSERT INTO votes (user_hash, entry_id, question_id, at, vote, reason, note) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (user_hash, entry_id, question_id) DO UPDATE SET at = excluded.at, vote = excluded.vote, reason = excluded.reason, note = excluded.note`,
      [v.userHash, v.entryId, v.questionId ?? '', v.at.getTime(), v.vote, v.reason ?? null, v.note ?? null],
    );
  }

  async recordReason(v: Pick<VoteRecord, 'questionId' | 'entryId' | 'userHash' | 'reason' | 'note'>): Promise<void> {
    await this.run('UPDATE votes SET reason = ?, note = ? WHERE user_hash = ? AND entry_id = ? AND question_id = ?', [
      v.reason ?? null,
      v.note ?? null,
      v.userHash,
      v.entryId,
      v.questionId ?? '',
    ]);
  }

  async recordChoice(c: ChoiceRecord): Promise<void> {
    await this.run('INSERT INTO choices (at, question_id, entry_id, user_hash) VALUES (?, ?, ?, ?)', [c.at.getTime(), c.questionId ?? null, c.entryId ?? null, c.userHash]);
  }

  async claim(key: string, at: Date): Promise<boolean> {
    const { changes } = await this.run('INSERT INTO deliveries (key, at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING', [key, at.getTime()]);
    return changes === 1;
  }

  async getThread(key: string, now: Date): Promise<string | undefined> {
    const { rows } = await this.run('SELECT state FROM threads WHERE key = ? AND at >= ?', [key, now.getTime() - THREAD_TTL_MS]);
    return rows[0] ? String(rows[0].state) : undefined;
  }

  async putThread(key: string, state: string, at: Date): Promise<void> {
    await this.run('INSERT INTO threads (key, at, state) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET at = excluded.at, state = excluded.state', [key, at.getTime(), state]);
  }

  async getQuestion(id: string): Promise<QuestionBrief | undefined> {
    const { rows } = await this.run('SELECT text, lang, top FROM questions WHERE id = ?', [id]);
    const r = rows[0];
    return r ? { text: String(r.text), lang: lang(r.lang), top: parseTop(r.top) } : undefined;
  }

  async recordExpertRequest(r: ExpertRequestRecord): Promise<boolean> {
    const { changes } = await this.run(
      'INSERT INTO expert_requests (id, at, post_key, question_id, text, lang, hint_entry, origin, user_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
      [r.id, r.at.getTime(), r.postKey, r.questionId ?? null, r.text, r.lang, r.hintEntry ?? null, r.origin, r.userHash],
    );
    return changes === 1;
  }

  async getExpertRequest(by: { id: string } | { postKey: string }): Promise<ExpertRequestRecord | undefined> {
    const [column, value] = 'id' in by ? ['id', by.id] : ['post_key', by.postKey];
    const r = (await this.run(`SELECT * FROM expert_requests WHERE ${column} = ?`, [value])).rows[0];
    if (!r) return undefined;
    return {
      id: String(r.id),
      at: new Date(num(r.at)),
      postKey: String(r.post_key),
      ...(str(r.question_id) ? { questionId: str(r.question_id)! } : {}),
      text: String(r.text),
      lang: lang(r.lang),
      ...(str(r.hint_entry) ? { hintEntry: str(r.hint_entry)! } : {}),
      origin: String(r.origin),
      userHash: String(r.user_hash),
    };
  }

  async recordExpertAnswer(a: ExpertAnswerRecord): Promise<void> {
    await this.run('INSERT INTO expert_answers (at, request_id, text, user_hash) VALUES (?, ?, ?, ?)', [a.at.getTime(), a.requestId, a.text, a.userHash]);
  }

  async rowsSince(since: Date): Promise<Rows> {
    const t = since.getTime();
    const questions = (await this.run('SELECT * FROM questions WHERE at >= ? ORDER BY at', [t])).rows.map((r) => ({
      id: String(r.id),
      at: new Date(num(r.at)),
      text: String(r.text),
      lang: lang(r.lang),
      band: String(r.band),
      confidence: num(r.confidence),
      top: parseTop(r.top),
      route: String(r.route),
      ...(str(r.offer) ? { offer: str(r.offer)! } : {}),
      latencyMs: num(r.latency_ms),
      userHash: String(r.user_hash),
      channelKind: String(r.channel_kind) as QuestionRecord['channelKind'],
    }));
    const votes = (await this.run('SELECT * FROM votes WHERE at >= ? ORDER BY at', [t])).rows.map((r) => ({
      at: new Date(num(r.at)),
      ...(str(r.question_id) ? { questionId: str(r.question_id)! } : {}),
      entryId: String(r.entry_id),
      vote: r.vote === 'down' ? ('down' as const) : ('up' as const),
      ...(reason(r.reason) ? { reason: reason(r.reason)! } : {}),
      ...(str(r.note) ? { note: str(r.note)! } : {}),
      userHash: String(r.user_hash),
    }));
    const choices = (
      await this.run(
        'SELECT c.at, c.question_id, c.entry_id, c.user_hash, q.text AS question_text, q.lang AS question_lang FROM choices c LEFT JOIN questions q ON q.id = c.question_id WHERE c.at >= ? ORDER BY c.at',
        [t],
      )
    ).rows.map((r) => ({
      at: new Date(num(r.at)),
      ...(str(r.question_id) ? { questionId: str(r.question_id)! } : {}),
      ...(str(r.entry_id) ? { entryId: str(r.entry_id)! } : {}),
      userHash: String(r.user_hash),
      ...(str(r.question_text) ? { questionText: str(r.question_text)!, questionLang: lang(r.question_lang) } : {}),
    }));
    const candidates = await readCandidates(this.run, t, Number.MAX_SAFE_INTEGER);
    return { questions, votes, choices, candidates };
  }

  reportData(window: ReportWindow, opts: ReportReadOptions = {}): Promise<ReportData> {
    return readReportData(this.run, window, opts);
  }

  async prune(before: Date, now: Date): Promise<{ deleted: number }> {
    const cutoffs: Array<[string, string, number]> = [
      ...['questions', 'votes', 'choices', 'expert_requests', 'expert_answers'].map((table): [string, string, number] => [table, 'at', before.getTime()]),
      ['deliveries', 'at', now.getTime() - DELIVERY_TTL_MS],
      ['threads', 'at', now.getTime() - THREAD_TTL_MS],
      ['outbox', 'created_at', now.getTime() - OUTBOX_TTL_MS],
    ];
    // All at once, not one after another: SQLite runs them in one turn of the event loop (no other connection of
    // this process, e.g. a replica's migration in a test, can take the lock in between), PostgreSQL in one round
    // trip on the pool, so the prune at start is over before the start's CPU-heavy warm-up blocks the loop.
    const results = await Promise.all(cutoffs.map(([table, column, at]) => this.run(`DELETE FROM ${table} WHERE ${column} < ?`, [at])));
    return { deleted: results.reduce((n, r) => n + r.changes, 0) };
  }

  async putDelivery(d: DeliveryRow, owner: string, held: number): Promise<boolean> {
    // Replaces only a row `owner` still holds as it left it: its own write or lease, whose answer it did not get.
    const { changes } = await this.run(
      `INSERT INTO outbox (id, created_at, kind, label, payload, state, tries, failures, unsure, next_at, lease_owner, lease_until, last_error)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, payload = excluded.payload, state = excluded.state, tries = excluded.tries,
         failures = excluded.failures, unsure = excluded.unsure, next_at = excluded.next_at, lease_owner = excluded.lease_owner,
         lease_until = excluded.lease_until, last_error = excluded.last_error
       WHERE outbox.lease_owner = ? AND outbox.tries = ?`,
      [d.id, d.createdAt, d.kind, d.label, d.payload, d.state, d.tries, d.failures, d.unsure ? 1 : 0, d.nextAt, d.leaseOwner ?? null, d.leaseUntil ?? null, d.lastError ?? null, owner, held],
    );
    return changes === 1;
  }

  async leaseDeliveries(owner: string, now: number, until: number, limit: number): Promise<DeliveryRow[]> {
    const free = "state = 'pending' AND next_at <= ? AND (lease_until IS NULL OR lease_until < ?)";
    const { rows } = await this.run(`SELECT * FROM outbox WHERE ${free} ORDER BY next_at LIMIT ?`, [now, now, limit]);
    const leased: DeliveryRow[] = [];
    for (const row of rows.map(deliveryOf)) {
      // The compare-and-swap: a replica that leased (or settled) the row since the SELECT changed tries or state.
      const { changes } = await this.run(`UPDATE outbox SET lease_owner = ?, lease_until = ?, tries = tries + 1, unsure = 1 WHERE id = ? AND tries = ? AND ${free}`, [
        owner,
        until,
        row.id,
        row.tries,
        now,
        now,
      ]);
      if (changes === 1) leased.push({ ...row, tries: row.tries + 1, leaseOwner: owner, leaseUntil: until });
    }
    return leased;
  }

  async settleDelivery(id: string, owner: string, tries: number, c: DeliveryChange): Promise<boolean> {
    const { changes } = await this.run(
      `UPDATE outbox SET state = ?, kind = ?, failures = ?, unsure = ?, next_at = ?, payload = ?, last_error = ?, settled_at = ?, lease_owner = NULL, lease_until = NULL
       WHERE id = ? AND lease_owner = ? AND tries = ?`,
      [c.state, c.kind, c.failures, c.unsure ? 1 : 0, c.nextAt, c.payload, c.lastError ?? null, c.state === 'pending' ? null : c.at, id, owner, tries],
    );
    return changes === 1;
  }

  async close(): Promise<void> {
    await this.driver().close();
  }
}
