import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { Recorder } from '../../src/store/recorder.js';
import { describe, expect, it } from 'vitest';
import { LATEST_SCHEMA } from '../../src/store/migrations.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { silentLogger } from '../support/recorder.js';
import { scratchDir } from '../support/scratch.js';

const MAIN = resolve('dist/src/main.js');
const run = (cwd: string, env: Record<string, string> = {}, timeout = 60_000) =>
  spawnSync(process.execPath, [MAIN], { cwd, input: 'what is a vpc\n', encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env }, timeout });

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

  it('stops with one clear line when the salt is not the one the records were hashed with', async () => {
    const cwd = scratchDir();
    // An installation as npm start leaves it (see test/store/privacy.test.ts), then another salt in its file.
    const saltFile = join(cwd, 'data', 'netbot.salt');
    const recorder = new Recorder(new SqliteStore(join(cwd, 'data', 'netbot.db')), { record: true, retentionDays: 90, unhealthyAfterMs: 60_000, logger: silentLogger, salt: { kind: 'file', path: saltFile } });
    await recorder.start();
    await recorder.stop();
    writeFileSync(saltFile, 'f'.repeat(64));
    const changed = run(cwd, {}, 120_000);
    expect(changed.status).toBe(1);
    expect(changed.stdout).toBe('');
    expect(changed.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^ecs-netbot: SQLite at .*\(NETBOT_DB\): the salt file .*netbot\.salt is not the salt this database's records were hashed with/)]);
    expect(changed.stderr).not.toContain('f'.repeat(16));
    rmSync(cwd, { recursive: true, force: true });
  }, 150_000);

  it('refuses a bad NETBOT_RECORD, NETBOT_RETENTION_DAYS or DATABASE_URL with one line naming it', () => {
    const bad: [string, string][] = [['NETBOT_RECORD', 'maybe'], ['NETBOT_RETENTION_DAYS', '0'], ['DATABASE_URL', 'mysql://x']];
    for (const [name, value] of bad) {
      const result = run(scratchDir(), { [name]: value });
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`^ecs-netbot: ${name} must`));
    }
  });
});
