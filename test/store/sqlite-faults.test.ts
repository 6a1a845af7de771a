import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { Recorder } from '../../src/store/recorder.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { silentLogger } from '../support/recorder.js';

/**
 * Issue #16: SQLite off the request path. A write lock held by another process must not block the event loop
 * (better-sqlite3 is synchronous: its own busy_timeout would stall every ack), and a full disk must keep the
 * records pending, written once space returns, instead of dropping them.
 */
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'netbot-faults-'));
  dirs.push(dir);
  return join(dir, 'netbot.db');
}

const question = (i: number) => ({
  id: `q${i}`,
  at: new Date(),
  text: `question ${i}`,
  lang: 'en' as const,
  band: 'answer',
  confidence: 0.9,
  top: [],
  route: 'ask',
  latencyMs: 1,
  channelKind: 'dm' as const,
});

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('SQLite with a write lock held by another process', () => {
  it('keeps the event loop turning while it waits, and writes once the lock is released', async () => {
    const path = tempDb();
    const store = new SqliteStore(path);
    const rec = new Recorder(store, { record: true, retentionDays: 90, unhealthyAfterMs: 60_000, logger: silentLogger, retryMs: 20, claimTimeoutMs: 200 });
    await rec.start();
    // Another connection (an operator's sqlite3 shell) holds the write lock.
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    rec.question(question(1), 'U1');
    // The claim waits for the lock without blocking: the event loop keeps turning meanwhile, and the claim
    // falls back to this process's memory after its timeout.
    let turns = 0;
    const counting = setInterval(() => turns++, 1);
    const claimed = await rec.claim('ev-1');
    clearInterval(counting);
    expect(claimed).toBe(true);
    expect(turns).toBeGreaterThan(5);
    for (let i = 0; i < 5; i++) await tick();
    expect(rec.health().pending).toBeGreaterThan(0);
    other.exec('COMMIT');
    other.close();
    // Retried on reconnect: written, nothing lost.
    for (let i = 0; i < 200 && (rec.health().pending > 0 || !rec.health().reachable); i++) await new Promise((r) => setTimeout(r, 10));
    expect(rec.health()).toMatchObject({ pending: 0, reachable: true });
    expect((await store.rowsSince(new Date(0))).questions.map((q) => q.id)).toEqual(['q1']);
    await rec.stop();
  });
});

describe('SQLite with a full disk', () => {
  it('keeps every record pending (counted in health) and writes them all when space returns', async () => {
    const path = tempDb();
    const store = new SqliteStore(path);
    const rec = new Recorder(store, { record: true, retentionDays: 90, unhealthyAfterMs: 60_000, logger: silentLogger, retryMs: 20 });
    await rec.start();
    // The "disk" is full: the file may not grow by a single page.
    const pages = Number((store.pragma('page_count') as Array<{ page_count: number }>)[0]!.page_count);
    store.pragma(`max_page_count = ${pages}`);
    for (let i = 0; i < 230; i++) rec.question(question(i), 'U1');
    for (let i = 0; i < 200 && rec.health().reachable; i++) await new Promise((r) => setTimeout(r, 5));
    expect(rec.health().reachable).toBe(false);
    expect(rec.health().pending).toBeGreaterThan(0);
    // Space returns.
    store.pragma('max_page_count = 1073741823');
    for (let i = 0; i < 400 && rec.health().pending > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(rec.health()).toMatchObject({ pending: 0, reachable: true });
    expect((await store.rowsSince(new Date(0))).questions).toHaveLength(230);
    await rec.stop();
  });
});
