import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { LATEST_SCHEMA } from '../../src/store/migrations.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { scratchDir } from '../support/scratch.js';

const MAIN = resolve('dist/src/main.js');
const run = (cwd: string, env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [MAIN], { cwd, input: 'what is a vpc\n', encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000 });

describe('npm start and the store', () => {
  it('stops with one clear line on a database a newer build migrated', async () => {
    const cwd = scratchDir();
    const path = join(cwd, 'data', 'netbot.db');
    const store = new SqliteStore(path);
    await store.open();
    await store.close();
    const db = new Database(path);
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, 0)').run(LATEST_SCHEMA + 1, 'future');
    db.close();
    const result = run(cwd);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      `ecs-netbot: SQLite at ${path} (NETBOT_DB): the database schema is at version ${LATEST_SCHEMA + 1}, newer than this build knows (${LATEST_SCHEMA}): another replica was upgraded. Deploy the same ecs-netbot version on every replica (or point this one at its own database).`,
    );
    expect(result.stdout).toBe('');
  });

  it('answers with the store unreachable (logged once), and with PostgreSQL down at start', () => {
    const cwd = scratchDir();
    const sqlite = run(cwd, { NETBOT_DB: '/etc/hostname/netbot.db' });
    expect(sqlite.status).toBe(0);
    expect(sqlite.stdout).toMatch(/VPC/);
    expect(sqlite.stderr.match(/store sqlite unavailable, answering without it/g)).toHaveLength(1);
    const pg = run(cwd, { DATABASE_URL: 'postgres://netbot:s3cretpw@127.0.0.1:1/netbot' });
    expect(pg.status).toBe(0);
    expect(pg.stdout).toMatch(/VPC/);
    expect(pg.stderr).toMatch(/store postgres unavailable/);
    expect(pg.stderr).not.toContain('s3cretpw');
  });

  it('refuses a bad NETBOT_RECORD, NETBOT_RETENTION_DAYS or DATABASE_URL with one line naming it', () => {
    const bad: [string, string][] = [['NETBOT_RECORD', 'maybe'], ['NETBOT_RETENTION_DAYS', '0'], ['DATABASE_URL', 'mysql://x']];
    for (const [name, value] of bad) {
      const result = run(scratchDir(), { [name]: value });
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`^ecs-netbot: ${name} must`));
    }
  });
});
