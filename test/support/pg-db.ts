import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/** The test run's PostgreSQL server ('' when none: those suites skip, see postgres.ts). */
export const pgServer = (): string => inject('pgUrl');

/** A new, empty database on the test server, so test files never see each other's rows. */
export async function freshPgDatabase(): Promise<string> {
  const server = pgServer();
  const name = `netbot_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}
