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

/** better-sqlite3 is synchronous: each call is a few microseconds on a local file, and the Recorder runs them off the reply path. */
function sqliteDriver(path: string): SqlDriver {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  // WAL: readers (the report) never block the writer, and a crash loses at most the last transaction.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  const run: Run = async (sql, params = []) => {
    const statement = db.prepare(sql);
    if (statement.reader) return { rows: statement.all(...params) as Record<string, unknown>[], changes: 0 };
    return { rows: [], changes: statement.run(...params).changes };
  };
  return {
    dialect: 'sqlite',
    run,
    migrating: (fn) =>
      serially(path, async () => {
        // IMMEDIATE takes the write lock at once: a second process opening the same file waits (busy_timeout).
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await fn(run);
          db.exec('COMMIT');
          return result;
        } catch (error) {
          db.exec('ROLLBACK');
          throw error;
        }
      }),
    async close() {
      if (db.open) db.close();
    },
  };
}

/** The embedded store: one SQLite file (NETBOT_DB, default ./data/netbot.db), created and migrated at open. */
export class SqliteStore extends SqlStore {
  constructor(readonly path: string) {
    let driver: SqlDriver | undefined;
    // Opened lazily, so that a bad path is an error of open() (logged, retried) and not of the constructor.
    super('sqlite', () => (driver ??= sqliteDriver(path)));
  }
}
