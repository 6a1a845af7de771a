import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_PATCH, parseReportArgs, parseSince, runReport } from '../../src/cli/report.js';
import { knowledgeDir } from '../../src/knowledge/paths.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import type { DeliveryRow, ReportData, Rows, Store, StoreInfo } from '../../src/store/types.js';
import { choice, NOW, question, vote } from './fixtures.js';

const temps: string[] = [];
afterEach(() => {
  temps.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
  vi.restoreAllMocks();
});
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'netbot-report-'));
  temps.push(dir);
  return dir;
};

/** Runs the command in-process, capturing what it writes. */
async function run(tokens: string[], opts: { json?: boolean; lang?: 'zh' | 'en'; env?: Record<string, string>; store?: (env: Record<string, string | undefined>) => Store } = {}) {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  const env = opts.env ?? {};
  const store = opts.store ?? ((e) => new SqliteStore(e.NETBOT_DB!));
  const code = await runReport(tokens, opts.json ?? false, opts.lang ?? 'en', env, store, { now: NOW });
  vi.restoreAllMocks();
  return { code, stdout, stderr };
}

/** A SQLite file holding a small week of activity, written through the store itself. */
async function seededDb(): Promise<string> {
  const path = join(temp(), 'netbot.db');
  const store = new SqliteStore(path);
  await store.open();
  const asked = [
    question('红烧肉怎么做', { band: 'decline' }),
    question('红烧肉怎么做？', { band: 'decline' }),
    question('what is an eni'),
    question('eni 能当主备切换用么', { band: 'suggest' }),
    question('eni 跨账号共享', { band: 'suggest' }),
  ];
  for (const q of asked) await store.recordQuestion(q);
  await store.recordVote(vote('eni-use-cases', 'down', { reason: 'unclear', note: 'too long' }));
  await store.recordVote(vote('eni-what-is-eni', 'up'));
  await store.recordChoice({ ...choice(undefined, 'eni-use-cases'), questionId: asked[3]!.id });
  await store.recordChoice({ ...choice(undefined), questionId: asked[4]!.id });
  await store.close();
  return path;
}

/** A store that cannot be reached, remembering whether it was closed. */
function unreachable(message: string): Store & { closed: boolean } {
  const fail = () => Promise.reject(new Error(message));
  return {
    kind: 'postgres',
    closed: false,
    open: fail as () => Promise<StoreInfo>,
    ping: fail,
    meta: fail as () => Promise<string | undefined>,
    metaOnce: fail as () => Promise<string>,
    deleteMeta: fail,
    rewriteTexts: fail as () => Promise<number>,
    recordQuestion: fail,
    recordVote: fail,
    recordReason: fail,
    recordChoice: fail,
    claim: fail as () => Promise<boolean>,
    rowsSince: fail as () => Promise<Rows>,
    reportData: fail as () => Promise<ReportData>,
    getThread: fail as () => Promise<string | undefined>,
    putThread: fail,
    getQuestion: fail as () => Promise<undefined>,
    recordExpertRequest: fail as () => Promise<boolean>,
    getExpertRequest: fail as () => Promise<undefined>,
    recordExpertAnswer: fail,
    prune: fail as () => Promise<{ deleted: number }>,
    putDelivery: fail as () => Promise<boolean>,
    leaseDeliveries: fail as () => Promise<DeliveryRow[]>,
    settleDelivery: fail as () => Promise<boolean>,
    async close() {
      this.closed = true;
    },
  };
}

describe('--since', () => {
  it('reads Nh, Nd and Nw into hours, up to 365 days', () => {
    expect(parseSince('7d', 'en')).toEqual({ ok: true, args: 168 });
    expect(parseSince('24h', 'en')).toEqual({ ok: true, args: 24 });
    expect(parseSince('2W', 'en')).toEqual({ ok: true, args: 336 });
    expect(parseSince('365d', 'en')).toEqual({ ok: true, args: 8760 });
  });

  it('refuses anything else with a bilingual message and an example', () => {
    for (const bad of ['7', '7m', '0d', '-1d', 'abc', '1.5d', '7 days']) {
      const en = parseSince(bad, 'en');
      expect(en.ok, bad).toBe(false);
      if (!en.ok) expect(en.error).toEqual({ code: 'bad_since', message: expect.stringContaining('Example: --since 7d') });
      const zh = parseSince(bad, 'zh');
      if (!zh.ok) expect(zh.error.message).toContain('例如：--since 7d');
    }
    for (const long of ['366d', '53w', '8761h']) {
      const r = parseSince(long, 'en');
      expect(!r.ok && r.error.code, long).toBe('since_too_long');
    }
  });

  it('defaults to 7 days; --aliases takes an optional path', () => {
    expect(parseReportArgs([], 'en')).toEqual({ ok: true, args: { sinceHours: 168 } });
    expect(parseReportArgs(['--aliases'], 'en')).toEqual({ ok: true, args: { sinceHours: 168, aliases: DEFAULT_PATCH } });
    expect(parseReportArgs(['--aliases', '--since', '1d'], 'en')).toEqual({ ok: true, args: { sinceHours: 24, aliases: DEFAULT_PATCH } });
    expect(parseReportArgs(['--since=2w', '--aliases', 'x.patch', '--lang', 'zh', '--json'], 'en')).toEqual({ ok: true, args: { sinceHours: 336, aliases: 'x.patch' } });
    expect(parseReportArgs(['--since'], 'en')).toMatchObject({ ok: false, error: { code: 'missing_value' } });
    expect(parseReportArgs(['--top', '3'], 'en')).toMatchObject({ ok: false, error: { code: 'unknown_option' } });
  });

  it('exits 2 on a bad value, with the JSON error on stdout', async () => {
    const json = await run(['--since', '400d'], { json: true });
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toEqual({ error: { code: 'since_too_long', message: expect.stringContaining('365') } });
    const text = await run(['--since', 'yesterday'], { lang: 'zh' });
    expect(text.code).toBe(2);
    expect(text.stdout).toContain('--since 看不懂 "yesterday"');
  });
});

describe('runReport over a real SQLite store', () => {
  it('prints the JSON report of the rows in the window', async () => {
    const db = await seededDb();
    const { code, stdout, stderr } = await run(['--since', '7d'], { json: true, env: { NETBOT_DB: db } });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.since).toBe('2026-11-19T12:00:00.000Z');
    expect(out.summary).toMatchObject({ questions: 5, answered: 0.2, helpful: 0.5 });
    expect(out.declined).toEqual([{ text: '红烧肉怎么做', count: 2, examples: ['红烧肉怎么做', '红烧肉怎么做？'], lang: 'zh', lastAt: '2026-11-25T10:00:00.000Z' }]);
    expect(out.worstRated).toEqual([expect.objectContaining({ id: 'eni-use-cases', up: 0, down: 1, ratio: 0, notes: ['too long'] })]);
    expect(out.aliasSuggestions).toEqual([expect.objectContaining({ question: 'eni 能当主备切换用么', entry: 'eni-use-cases', lang: 'zh', count: 1 })]);
    expect(out.noneOfThese).toEqual([{ text: 'eni 跨账号共享', count: 1, lang: 'zh' }]);
  });

  it('--json and text neutralise bidi, C1 and zero-width characters of stored text (a reader sees what is there)', async () => {
    const path = join(temp(), 'netbot.db');
    const store = new SqliteStore(path);
    await store.open();
    const hostile = 'eni \u202egnp.exe\u202c is \u200bhidden\u2060 \u009b31m \u{E0041}\u{E0042}';
    for (let i = 0; i < 2; i++) await store.recordQuestion(question(hostile, { band: 'decline' }));
    await store.recordVote(vote('eni-use-cases', 'down', { reason: 'unclear', note: hostile }));
    await store.close();
    const INVISIBLE = /[\u009b\u200b\u2060\u202c\u202e\u{E0041}\u{E0042}]/u;
    const json = await run([], { json: true, env: { NETBOT_DB: path } });
    expect(json.code).toBe(0);
    expect(json.stdout).not.toMatch(INVISIBLE);
    expect(json.stdout).not.toMatch(/\\u009b|\\u202e|\\u200b/); // nor escaped
    expect(JSON.stringify(JSON.parse(json.stdout))).toContain('eni \ufffdgnp.exe\ufffd is \ufffdhidden\ufffd');
    const text = await run([], { env: { NETBOT_DB: path } });
    expect(text.stdout).not.toMatch(INVISIBLE);
  });

  it('prints the text report, and with --since 1h finds nothing in the window', async () => {
    const db = await seededDb();
    const text = await run([], { env: { NETBOT_DB: db } });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('== Most frequent declined questions ==\n\n- “红烧肉怎么做” ×2');
    const recent = await run(['--since', '1h'], { json: true, env: { NETBOT_DB: db } });
    expect(JSON.parse(recent.stdout).summary.questions).toBe(0);
  });

  it('--aliases writes a patch that git apply accepts, and says how to validate and apply it', async () => {
    const db = await seededDb();
    const path = join(temp(), 'out.patch');
    const { code, stdout } = await run(['--aliases', path], { env: { NETBOT_DB: db } });
    expect(code).toBe(0);
    expect(stdout).toContain(`Wrote 1 alias suggestions as a patch: ${path}`);
    expect(stdout).toContain(`ecs-netbot kb check --patch ${path}`);
    expect(stdout).toContain(`git apply ${path}`);
    const patch = readFileSync(path, 'utf8');
    expect(patch).toMatch(/^\+ {6}zh: \[.*, eni 能当主备切换用么\]$/m);
    const repo = temp();
    cpSync(knowledgeDir(), join(repo, 'knowledge'), { recursive: true });
    execFileSync('git', ['apply', '--check', path], { cwd: repo, stdio: 'pipe' });
  });

  it('--aliases with --json keeps stdout to the report; with nothing to suggest no file is written', async () => {
    const db = join(temp(), 'empty.db');
    const path = join(temp(), 'none.patch');
    const { code, stdout, stderr } = await run(['--aliases', path], { json: true, env: { NETBOT_DB: db } });
    expect(code).toBe(0);
    expect(JSON.parse(stdout).aliasSuggestions).toEqual([]);
    expect(stderr).toContain('No alias suggestions');
    expect(existsSync(path)).toBe(false);
  });
});

describe('a store that cannot be opened', () => {
  it('exits 1 naming DATABASE_URL and NETBOT_DB, never showing the password, and closes the store', async () => {
    const url = 'postgres://netbot:s3cr3t-pw@db.internal:5432/netbot';
    const store = unreachable(`connect ECONNREFUSED (${url}) password s3cr3t-pw rejected`);
    const { code, stdout, stderr } = await run([], { env: { DATABASE_URL: url }, store: () => store });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('Cannot open the store (PostgreSQL, DATABASE_URL=postgres://netbot:***@db.internal:5432/netbot)');
    expect(stderr).toContain('NETBOT_DB');
    expect(stderr).not.toContain('s3cr3t');
    expect(store.closed).toBe(true);
    const json = await run([], { json: true, lang: 'zh', env: { DATABASE_URL: url }, store: () => store });
    expect(json.code).toBe(1);
    const error = JSON.parse(json.stdout).error;
    expect(error.code).toBe('store_unavailable');
    expect(error.message).toContain('打不开记录库');
    expect(error.message).not.toContain('s3cr3t');
  });

  it('exits 1 for an SQLite file that cannot be created', async () => {
    const blocker = join(temp(), 'a-file');
    writeFileSync(blocker, 'not a folder');
    const { code, stderr } = await run([], { env: { NETBOT_DB: join(blocker, 'netbot.db') } });
    expect(code).toBe(1);
    expect(stderr).toContain(`SQLite, NETBOT_DB=${join(blocker, 'netbot.db')}`);
  });

  it('also when the store factory itself throws', async () => {
    const { code, stderr } = await run([], { env: {}, store: () => { throw new Error('bad config'); } });
    expect(code).toBe(1);
    expect(stderr).toContain('Cannot open the store (SQLite, NETBOT_DB not set, the default file): bad config');
  });

  it('names the default SQLite file when NETBOT_DB is not set', async () => {
    const blocker = join(temp(), 'a-file');
    writeFileSync(blocker, 'not a folder');
    const path = join(blocker, 'default.db');
    const { code, stderr } = await run([], { env: {}, store: () => new SqliteStore(path) });
    expect(code).toBe(1);
    expect(stderr).toContain(`(SQLite, NETBOT_DB not set, the default file ${path})`);
  });
});
