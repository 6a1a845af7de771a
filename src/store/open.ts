import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { MIN_SALT_LENGTH, type SaltSource } from './keyring.js';
import { PostgresStore } from './postgres.js';
import { SqliteStore } from './sqlite.js';
import type { Store } from './types.js';

type Env = Readonly<Record<string, string | undefined>>;

export const DEFAULT_DB = './data/netbot.db';
const set = (env: Env, name: string) => (env[name]?.trim() ? env[name]!.trim() : undefined);

/** PostgreSQL when DATABASE_URL is set (replicas share it), else the SQLite file NETBOT_DB. Not opened yet. */
export function storeFromEnv(env: Env): Store {
  const url = set(env, 'DATABASE_URL');
  if (url) return new PostgresStore(url);
  return new SqliteStore(resolve(set(env, 'NETBOT_DB') ?? DEFAULT_DB));
}

/** Where the store is, for messages and logs: only host and database, so no credential of the URL is shown. */
export function describeStore(env: Env): string {
  const url = set(env, 'DATABASE_URL');
  if (!url) return `SQLite at ${resolve(set(env, 'NETBOT_DB') ?? DEFAULT_DB)} (NETBOT_DB)`;
  try {
    const u = new URL(url);
    return `PostgreSQL at ${u.host}${u.pathname} (DATABASE_URL)`;
  } catch {
    return 'PostgreSQL (DATABASE_URL, not a valid URL)';
  }
}

export interface RecordSettings {
  /** NETBOT_RECORD=off: nothing about questions or votes is written (delivery keys still are, for de-duplication). */
  record: boolean;
  /** NETBOT_RETENTION_DAYS (default 90): older records are pruned automatically. */
  retentionDays: number;
  /** NETBOT_STORE_UNHEALTHY_S (default 60): /healthz says unhealthy once the store has been unreachable this long. */
  unhealthyAfterMs: number;
  /** NETBOT_HASH_SALT, or the file NETBOT_HASH_SALT_FILE names (default: see saltFile). */
  salt: SaltSource;
}

/**
 * Where the salt file is unless NETBOT_HASH_SALT_FILE says: next to the SQLite file (so it moves with the
 * data directory, but a copy of the database alone does not carry it), or for PostgreSQL in this user's
 * configuration directory (replicas each have their own: set NETBOT_HASH_SALT, the same on every replica).
 */
export function defaultSaltFile(env: Env): string {
  if (set(env, 'DATABASE_URL')) return join(set(env, 'XDG_CONFIG_HOME') ?? join(homedir(), '.config'), 'ecs-netbot', 'hash-salt');
  return join(dirname(resolve(set(env, 'NETBOT_DB') ?? DEFAULT_DB)), 'netbot.salt');
}

/** Reads the recording settings; a bad value is a one-line message naming the variable (see env-check). */
export function recordSettings(env: Env): RecordSettings | { problem: string } {
  const record = (set(env, 'NETBOT_RECORD') ?? 'on').toLowerCase();
  if (!['on', 'off'].includes(record)) return { problem: `NETBOT_RECORD must be "on" or "off" (e.g. NETBOT_RECORD=off); got "${record.slice(0, 20)}".` };
  const days = set(env, 'NETBOT_RETENTION_DAYS') ?? '90';
  if (!/^\d{1,4}$/.test(days) || Number(days) < 1 || Number(days) > 3650) {
    return { problem: `NETBOT_RETENTION_DAYS must be a whole number of days from 1 to 3650 (e.g. NETBOT_RETENTION_DAYS=90); got "${days.slice(0, 20)}".` };
  }
  const unhealthy = set(env, 'NETBOT_STORE_UNHEALTHY_S') ?? '60';
  if (!/^\d{1,5}$/.test(unhealthy) || Number(unhealthy) < 1) {
    return { problem: `NETBOT_STORE_UNHEALTHY_S must be a whole number of seconds, at least 1 (e.g. NETBOT_STORE_UNHEALTHY_S=60); got "${unhealthy.slice(0, 20)}".` };
  }
  const url = set(env, 'DATABASE_URL');
  if (url && !/^postgres(ql)?:\/\//.test(url)) return { problem: 'DATABASE_URL must be a PostgreSQL URL (e.g. postgres://netbot:secret@db.internal:5432/netbot).' };
  const salt = set(env, 'NETBOT_HASH_SALT');
  // Never echoed: it is a secret.
  if (salt !== undefined && salt.length < MIN_SALT_LENGTH) return { problem: `NETBOT_HASH_SALT must be at least ${MIN_SALT_LENGTH} characters (e.g. the output of \`openssl rand -hex 32\`).` };
  const source: SaltSource = salt !== undefined ? { kind: 'env', value: salt } : { kind: 'file', path: resolve(set(env, 'NETBOT_HASH_SALT_FILE') ?? defaultSaltFile(env)) };
  return { record: record === 'on', retentionDays: Number(days), unhealthyAfterMs: Number(unhealthy) * 1000, salt: source };
}
