import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/knowledge/paths.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { question } from '../report/fixtures.js';
import { scratchDir } from '../support/scratch.js';

/**
 * The CLI reads .env from the working directory exactly as `npm start` does (issue #18: `report` read another
 * database when NETBOT_DB was set only there), and `report` names the store it read.
 */
const bin = join(packageRoot(), 'bin', 'ecs-netbot.js');
const cli = (cwd: string, args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? cwd, ...env } });

/** A SQLite store holding `count` questions asked just now. */
async function storeWith(path: string, count: number): Promise<void> {
  const store = new SqliteStore(path);
  await store.open();
  for (let i = 0; i < count; i++) await store.recordQuestion(question(`what is an eni ${i}`, { at: new Date() }));
  await store.close();
}

describe('the CLI and .env', () => {
  it('report reads the store NETBOT_DB names in .env, and says which one, in text and in --json', async () => {
    const dir = scratchDir();
    const fromEnvFile = join(dir, 'from-env-file.db');
    await storeWith(fromEnvFile, 3);
    // The default store (./data/netbot.db) holds other questions: the report must not read it.
    await storeWith(join(dir, 'data', 'netbot.db'), 1);
    writeFileSync(join(dir, '.env'), `# as after cp .env.example .env\nNETBOT_DB=${fromEnvFile}\nNETBOT_LANG=en\n`);

    const json = cli(dir, ['report', '--json']);
    expect(json.status, json.stderr).toBe(0);
    const out = JSON.parse(json.stdout) as { summary: { questions: number }; store: unknown };
    expect(out.summary.questions).toBe(3);
    expect(out.store).toEqual({ kind: 'sqlite', path: fromEnvFile });

    const text = cli(dir, ['report']);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout.trim().split('\n').at(-1)).toBe(`Read from the store: SQLite, NETBOT_DB=${fromEnvFile}`);
    const zh = cli(dir, ['report', '--lang', 'zh']);
    expect(zh.stdout.trim().split('\n').at(-1)).toBe(`读取的记录库：SQLite，NETBOT_DB=${fromEnvFile}`);
  });

  it('lets the environment win over .env, as npm start does', async () => {
    const dir = scratchDir();
    const fromEnv = join(dir, 'from-environment.db');
    await storeWith(fromEnv, 2);
    await storeWith(join(dir, 'from-env-file.db'), 5);
    writeFileSync(join(dir, '.env'), `NETBOT_DB=${join(dir, 'from-env-file.db')}\n`);
    const out = JSON.parse(cli(dir, ['report', '--json'], { NETBOT_DB: fromEnv }).stdout) as { summary: { questions: number }; store: unknown };
    expect(out).toMatchObject({ summary: { questions: 2 }, store: { kind: 'sqlite', path: fromEnv } });
  });

  it('names the default store when nothing sets one', async () => {
    const dir = scratchDir();
    const out = JSON.parse(cli(dir, ['report', '--json']).stdout) as { summary: { questions: number }; store: unknown };
    expect(out).toMatchObject({ summary: { questions: 0 }, store: { kind: 'sqlite', path: join(dir, 'data', 'netbot.db') } });
  });

  it('takes NETBOT_LANG from .env for every command', () => {
    const dir = scratchDir();
    writeFileSync(join(dir, '.env'), 'NETBOT_LANG=zh\n');
    const run = cli(dir, ['bw', '5']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('出网');
    expect(cli(scratchDir(), ['bw', '5']).stdout).not.toMatch(/出网/);
  });

  it('stops with one line when .env cannot be read', () => {
    const dir = scratchDir();
    // A directory where the file should be: exists, cannot be read as a file.
    spawnSync('mkdir', [join(dir, '.env')]);
    const run = cli(dir, ['bw', '5']);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim()).toBe('ecs-netbot: could not read .env: EISDIR');
  });
});
