import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { SqlStore, type Run, type SqlDriver } from './sql.js';

/**
 * Migrations of one file within this process, one after another: better-sqlite3 is synchronous, so a second
 * connection waiting on the lock (busy_timeout) would block the event loop that the first needs to finish.
 */
const migrationQueues = new Map<string, Promise<unknown>>();

function serially<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = migrationQueues.get(key) ?? Promise.resolve();
  const next = previous.catch(() => {}).then(fn);
  migrationQueues.set(key, next);
  void next.finally(() => migrationQueues.get(key) === next && migrationQueues.delete(key)).catch(() => {});
  return next;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const isBusy = (error: unknown) => /^SQLITE_(?:BUSY|LOCKED)/.test(String((error as { code?: unknown }).code ?? ''));

/**
 * Runs a statement, waiting for a lock held by another connection (an operator's sqlite3 shell, a second
 * process) asynchronously: better-sqlite3 is synchronous, and its own busy_timeout would block the event loop
 * (and every ack) for as long as the lock is held. Gives up after `budgetMs` with the SQLITE_BUSY error, which
 * the Recorder treats as "store unavailable": the write stays pending and is retried.
 */
async function whenUnlocked<T>(fn: () => T, budgetMs: number): Promise<T> {
  const until = Date.now() + budgetMs;
  for (let wait = 2; ; wait = Math.min(wait * 2, 100)) {
    try {
      return fn();
    } catch (error) {
      if (!isBusy(error) || Date.now() + wait > until) throw error;
      await sleep(wait);
    }
  }
}

/** How long one statement may wait for another connection's lock (asynchronously). */
const LOCK_BUDGET_MS = 2_000;

type Result = Awaited<ReturnType<Run>>;
interface Pending {
  sql: string;
  params: readonly unknown[];
  resolve(result: Result): void;
  reject(error: unknown): void;
}

/** The most compiled statements kept per connection (the store's SQL is a fixed set, far smaller). */
const MAX_STATEMENTS = 500;

/**
 * better-sqlite3 is synchronous: each call is a few microseconds on a local file, and the Recorder runs them off
 * the reply path. Statements are compiled once per connection. The statements asked for in one turn of the event
 * loop run together, in order, in one transaction at the start of the next (one WAL commit instead of one each:
 * a slash command writes its claim, its outbox row and the row's outcome, and under load many commands' writes
 * share a turn). Each caller hears of its own statement only once the transaction has committed; when any
 * statement of a batch fails, or the lock is taken, the batch is rolled back and each statement run alone as
 * before (waiting for the lock, failing on its own), so a batch never changes what a caller is told.
 */
function sqliteDriver(path: string): SqlDriver & { pragma(sql: string): unknown } {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  // No synchronous waiting for locks: whenUnlocked waits without blocking the event loop.
  db.pragma('busy_timeout = 0');
  // WAL: readers (the report) never block the writer, and a crash loses at most the last transaction.
  void whenUnlocked(() => db.pragma('journal_mode = WAL'), LOCK_BUDGET_MS).catch(() => {});
  db.pragma('synchronous = NORMAL');
  const statements = new Map<string, Database.Statement>();
  const execute = (sql: string, params: readonly unknown[]): Result => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      if (statements.size < MAX_STATEMENTS) statements.set(sql, statement);
    }
    if (statement.reader) return { rows: statement.all(...params) as Record<string, unknown>[], changes: 0 };
    return { rows: [], changes: statement.run(...params).changes };
  };
  const alone: Run = (sql, params = []) => whenUnlocked(() => execute(sql, params), LOCK_BUDGET_MS);

  let batch: Pending[] = [];
  let flushing: Promise<void> | undefined;
  const flush = async (): Promise<void> => {
    const items = batch;
    batch = [];
    // Inside a migration's transaction (this connection's), statements join it, one at a time, as before.
    if (items.length > 1 && !db.inTransaction) {
      try {
        db.exec('BEGIN IMMEDIATE');
        const results = items.map((item) => execute(item.sql, item.params));
        db.exec('COMMIT');
        items.forEach((item, i) => item.resolve(results[i]!));
        return;
      } catch {
        if (db.inTransaction) db.exec('ROLLBACK');
      }
    }
    for (const item of items) await alone(item.sql, item.params).then(item.resolve, item.reject);
  };
  const run: Run = (sql, params = []) =>
    new Promise<Result>((resolve, reject) => {
      batch.push({ sql, params, resolve, reject });
      if (batch.length > 1) return;
      setImmediate(() => {
        const previous = flushing ?? Promise.resolve();
        const next = previous.then(flush);
        flushing = next;
        void next.finally(() => flushing === next && (flushing = undefined));
      });
    });
  return {
    dialect: 'sqlite',
    run,
    migrating: (fn) =>
      serially(path, async () => {
        // IMMEDIATE takes the write lock at once: a second process opening the same file waits (asynchronously).
        await whenUnlocked(() => db.exec('BEGIN IMMEDIATE'), 10_000);
        try {
          const result = await fn(alone);
          db.exec('COMMIT');
          return result;
        } catch (error) {
          db.exec('ROLLBACK');
          throw error;
        }
      }),
    async close() {
      await flushing;
      if (db.open) db.close();
    },
    pragma: (sql: string) => db.pragma(sql),
  };
}

/** The embedded store: one SQLite file (NETBOT_DB, default ./data/netbot.db), created and migrated at open. */
export class SqliteStore extends SqlStore {
  private file: ReturnType<typeof sqliteDriver> | undefined;

  constructor(readonly path: string) {
    // Opened lazily, so that a bad path is an error of open() (logged, retried) and not of the constructor.
    super('sqlite', () => (this.file ??= sqliteDriver(path)));
  }

  /** A PRAGMA on this store's own connection (operators' tuning; tests use max_page_count to fill the "disk"). */
  pragma(sql: string): unknown {
    return this.file?.pragma(sql);
  }
}
