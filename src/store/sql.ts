import { randomBytes } from 'node:crypto';
import { isLang, type Lang } from '../i18n/lang.js';
import { LATEST_SCHEMA, MIGRATIONS, SchemaTooNewError, type Dialect } from './migrations.js';
import { readReportData } from './report-sql.js';
import {
  DOWN_REASONS,
  type ChoiceRecord,
  type DownReason,
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

const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const lang = (v: unknown): Lang => (isLang(v) ? v : 'en');
const reason = (v: unknown): DownReason | undefined => (DOWN_REASONS as readonly unknown[]).includes(v) ? (v as DownReason) : undefined;

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
  private cachedSalt: string | undefined;

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

  async salt(): Promise<string> {
    if (this.cachedSalt) return this.cachedSalt;
    await this.run('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING', ['user_salt', randomBytes(32).toString('hex')]);
    const { rows } = await this.run('SELECT value FROM meta WHERE key = ?', ['user_salt']);
    this.cachedSalt = String(rows[0]!.value);
    return this.cachedSalt;
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
    return { questions, votes, choices };
  }

  reportData(window: ReportWindow, opts: ReportReadOptions = {}): Promise<ReportData> {
    return readReportData(this.run, window, opts);
  }

  async prune(before: Date, now: Date): Promise<{ deleted: number }> {
    let deleted = 0;
    for (const table of ['questions', 'votes', 'choices']) deleted += (await this.run(`DELETE FROM ${table} WHERE at < ?`, [before.getTime()])).changes;
    deleted += (await this.run('DELETE FROM deliveries WHERE at < ?', [now.getTime() - DELIVERY_TTL_MS])).changes;
    deleted += (await this.run('DELETE FROM threads WHERE at < ?', [now.getTime() - THREAD_TTL_MS])).changes;
    return { deleted };
  }

  async close(): Promise<void> {
    await this.driver().close();
  }
}
