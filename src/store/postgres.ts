import { createRequire } from 'node:module';
import type pg from 'pg';
import { SqlStore, type Run, type SqlDriver } from './sql.js';

/** "?" placeholders (shared with SQLite) become $1, $2…: no statement of ours has a "?" inside a literal. */
const numbered = (sql: string) => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

/** Any 64-bit number, the same in every replica: the advisory lock that serialises migrations. */
const MIGRATION_LOCK = 7_240_518_330_911;

export interface PostgresOptions {
  /** How long to wait for a connection, and for one statement (ms): a dead database fails fast, the answer goes on. */
  connectTimeoutMs?: number;
  queryTimeoutMs?: number;
  max?: number;
}

// Loaded when a PostgreSQL store is made: with SQLite (the default) a start never loads the driver (issue #18).
const require = createRequire(import.meta.url);

function postgresDriver(url: string, opts: PostgresOptions): SqlDriver {
  const { Pool } = require('pg') as typeof pg;
  const pool = new Pool({
    connectionString: url,
    max: opts.max ?? 5,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 2000,
    query_timeout: opts.queryTimeoutMs ?? 3000,
    idleTimeoutMillis: 30_000,
    application_name: 'ecs-netbot',
  });
  // An idle client whose server went away emits 'error' on the pool: without a listener that kills the process.
  pool.on('error', () => {});
  const runOn =
    (q: Pick<pg.Pool, 'query'>): Run =>
    async (sql, params = []) => {
      const result = await q.query(numbered(sql), params as unknown[]);
      return { rows: result.rows as Record<string, unknown>[], changes: result.rowCount ?? 0 };
    };
  return {
    dialect: 'postgres',
    run: runOn(pool),
    async migrating(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        // Held to the end of the transaction: a second replica starting now waits here, then sees the new schema.
        await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
        const result = await fn(runOn(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** The shared store for replicas: PostgreSQL at DATABASE_URL. */
export class PostgresStore extends SqlStore {
  constructor(url: string, opts: PostgresOptions = {}) {
    let driver: SqlDriver | undefined;
    super('postgres', () => (driver ??= postgresDriver(url, opts)));
  }
}
