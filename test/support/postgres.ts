/**
 * Vitest global setup: a PostgreSQL for the store's tests. NETBOT_TEST_DATABASE_URL when set (.ci/run
 * starts one); otherwise a throwaway server from test/support/pg-temp.sh when the binaries are installed,
 * stopped after the run. Without either, the PostgreSQL suites are skipped with a warning, except when
 * NETBOT_REQUIRE_POSTGRES=1 (CI), where that is a failure.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

const script = fileURLToPath(new URL('./pg-temp.sh', import.meta.url));

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
  }
}

export default function setup(project: TestProject): (() => void) | void {
  const given = process.env.NETBOT_TEST_DATABASE_URL;
  if (given) return void project.provide('pgUrl', given);
  const dir = mkdtempSync(join(tmpdir(), 'netbot-pg-'));
  try {
    const url = execFileSync('bash', [script, 'start', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
    project.provide('pgUrl', url);
    return () => void execFileSync('bash', [script, 'stop', dir], { stdio: 'ignore' });
  } catch (error) {
    const why = (error as { stderr?: string }).stderr?.trim() || String(error);
    if (process.env.NETBOT_REQUIRE_POSTGRES === '1') throw new Error(`PostgreSQL is required for this run but could not be started: ${why}`);
    process.stderr.write(`\n⚠ PostgreSQL not available (${why}): the PostgreSQL store tests are SKIPPED. .ci/run installs it.\n\n`);
    project.provide('pgUrl', '');
  }
}
