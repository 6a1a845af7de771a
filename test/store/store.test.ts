import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA, SchemaTooNewError } from '../../src/store/migrations.js';
import { PostgresStore } from '../../src/store/postgres.js';
import { aggregateRows } from '../../src/store/report-tally.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { DOWN_REASONS, type DeliveryRow, type QuestionRecord, type ReportWindow, type Store } from '../../src/store/types.js';
import { freshPgDatabase, pgServer } from '../support/pg-db.js';

/** One suite, run against both stores: they must behave the same. */
interface Backend {
  name: string;
  skip: boolean;
  /** A new empty database; `again()` opens a second store on the same one (another replica). */
  make(): Promise<{ store: Store; again(): Store; sql(query: string): Promise<unknown[]> }>;
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const sqlite: Backend = {
  name: 'sqlite',
  skip: false,
  async make() {
    const dir = mkdtempSync(join(tmpdir(), 'netbot-store-'));
    dirs.push(dir);
    const path = join(dir, 'nested', 'netbot.db');
    return {
      store: new SqliteStore(path),
      again: () => new SqliteStore(path),
      sql: async (q) => {
        const db = new Database(path);
        try {
          const s = db.prepare(q);
          return s.reader ? s.all() : [s.run()];
        } finally {
          db.close();
        }
      },
    };
  },
};

const postgres: Backend = {
  name: 'postgres',
  skip: !pgServer(),
  async make() {
    const url = await freshPgDatabase();
    return {
      store: new PostgresStore(url),
      again: () => new PostgresStore(url),
      sql: async (q) => {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        try {
          return (await c.query(q)).rows;
        } finally {
          await c.end();
        }
      },
    };
  },
};

const T0 = new Date('2026-11-20T10:00:00Z');
const question = (over: Partial<QuestionRecord> = {}): QuestionRecord => ({
  id: 'q1',
  at: T0,
  text: '怎么换公网IP',
  lang: 'zh',
  band: 'answer',
  confidence: 0.93,
  top: [
    { id: 'ip-change-public', score: 1 },
    { id: 'ip-eip-what-is', score: 0.41 },
  ],
  route: 'ask',
  latencyMs: 2.5,
  userHash: 'h1',
  channelKind: 'dm',
  ...over,
});

const delivery = (over: Partial<DeliveryRow> = {}): DeliveryRow => ({
  id: 'd1',
  createdAt: T0.getTime(),
  kind: 'post',
  label: 'mention',
  payload: '{"target":{"channel":"C1"}}',
  state: 'pending',
  tries: 1,
  failures: 0,
  unsure: false,
  nextAt: T0.getTime(),
  ...over,
});

/**
 * A few days of varied activity for the report's aggregates, the same on every call: repeated and similar
 * texts, languages the store reads as English, rows on the window's edges and several in one millisecond,
 * votes with reasons (one unknown) and notes, repeated clicks, clicks on questions no longer stored.
 */
async function seedActivity(store: Store): Promise<ReportWindow> {
  let state = 7;
  const rnd = () => ((state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  const since = new Date(T0.getTime() - 2 * 86_400_000);
  const until = new Date(T0.getTime() + 86_400_000);
  const texts = ['怎么换公网IP', '怎么换公网 IP？', 'how much is aws s3', 'How much is AWS S3?', '红烧肉怎么做', 'eni 能跨账号吗', 'what is an eni', ''];
  const ids: string[] = [];
  for (let i = 0; i < 160; i++) {
    const at = i < 5 ? since : i < 10 ? until : i < 16 ? new Date(T0.getTime() + 1234) : new Date(since.getTime() - 3_600_000 + Math.floor(rnd() * 4 * 86_400_000));
    const text = rnd() < 0.2 ? `${pick(texts)} ${i}` : pick(texts);
    const lang = pick(['zh', 'en', 'fr']) as QuestionRecord['lang'];
    const band = pick(['answer', 'suggest', 'decline', 'decline', 'command']);
    await store.recordQuestion(question({ id: `q${i}`, at, text, lang, band, route: band === 'command' ? 'bw' : 'ask', userHash: `h${i % 9}` }));
    ids.push(`q${i}`);
  }
  for (let i = 0; i < 90; i++) {
    const at = i < 6 ? T0 : new Date(since.getTime() + Math.floor(rnd() * 3 * 86_400_000));
    const down = rnd() < 0.5;
    const reason = down && rnd() < 0.7 ? (pick([...DOWN_REASONS, 'bogus']) as (typeof DOWN_REASONS)[number]) : undefined;
    const note = down && rnd() < 0.6 ? pick(['too long', '  padded  ', 'the console moved', `note ${i}`]) : undefined;
    await store.recordVote({ at, questionId: pick(ids), entryId: pick(['ip-change-public', 'eni-use-cases', 'gone-entry']), vote: down ? 'down' : 'up', userHash: `h${i}`, ...(reason ? { reason } : {}), ...(note ? { note } : {}) });
  }
  for (let i = 0; i < 90; i++) {
    const at = i < 6 ? T0 : new Date(since.getTime() + Math.floor(rnd() * 3 * 86_400_000));
    const questionId = rnd() < 0.1 ? undefined : rnd() < 0.1 ? 'gone' : pick(ids.slice(0, 40));
    const entryId = rnd() < 0.6 ? pick(['ip-change-public', 'eni-use-cases']) : undefined;
    const clicks = rnd() < 0.2 ? 2 : 1; // a repeated click counts once
    for (let c = 0; c < clicks; c++) await store.recordChoice({ at: new Date(at.getTime() + c), userHash: `h${i % 4}`, ...(questionId ? { questionId } : {}), ...(entryId ? { entryId } : {}) });
  }
  // Experts' answers (candidates): one inside the window, one before it.
  for (const [i, at] of [since, new Date(since.getTime() - 1)].entries()) {
    await store.recordExpertRequest({ id: `r${i}`, at, postKey: `p${i}`, text: `经典网络能换IP吗 ${i}`, lang: 'zh', origin: 'sealed', userHash: 'a1', ...(i ? {} : { questionId: 'q1', hintEntry: 'ip-change-public' }) });
    await store.recordExpertAnswer({ at, requestId: `r${i}`, text: `answer ${i}`, userHash: 'e1' });
  }
  return { since, until };
}

for (const backend of [sqlite, postgres]) {
  describe.skipIf(backend.skip)(`store: ${backend.name}`, () => {
    const opened: Store[] = [];
    afterAll(async () => {
      for (const s of opened) await s.close().catch(() => {});
    });
    const make = async () => {
      const db = await backend.make();
      opened.push(db.store);
      const again = () => {
        const s = db.again();
        opened.push(s);
        return s;
      };
      return { ...db, again };
    };

    it('creates and migrates the database at open, once', async () => {
      const { store, again, sql } = await make();
      expect(await store.open()).toEqual({ kind: backend.name, schema: LATEST_SCHEMA });
      expect(await again().open()).toEqual({ kind: backend.name, schema: LATEST_SCHEMA });
      expect(await sql('SELECT version FROM schema_migrations')).toHaveLength(LATEST_SCHEMA);
    });

    it('keeps a conversation topic for a day, shared by replicas, the last write winning (issue #15)', async () => {
      const { store, again } = await make();
      await store.open();
      const other = again();
      await other.open();
      await store.putThread('k1', '{"text":"a"}', T0);
      expect(await other.getThread('k1', new Date(T0.getTime() + 60_000))).toBe('{"text":"a"}');
      await other.putThread('k1', '{"text":"b"}', new Date(T0.getTime() + 120_000));
      expect(await store.getThread('k1', new Date(T0.getTime() + 180_000))).toBe('{"text":"b"}');
      expect(await store.getThread('k1', new Date(T0.getTime() + 120_000 + 24 * 3600_000 + 1))).toBeUndefined();
      expect(await store.getThread('nope', T0)).toBeUndefined();
      await store.prune(new Date(0), new Date(T0.getTime() + 3 * 24 * 3600_000));
      expect(await store.getThread('k1', new Date(T0.getTime() + 120_000))).toBeUndefined();
    });

    it('replicas starting together migrate once: the others wait for the lock', async () => {
      const { store, again, sql } = await make();
      const infos = await Promise.all([store.open(), again().open(), again().open()]);
      expect(infos.map((i) => i.schema)).toEqual([LATEST_SCHEMA, LATEST_SCHEMA, LATEST_SCHEMA]);
      expect(await sql('SELECT version FROM schema_migrations')).toHaveLength(LATEST_SCHEMA);
    });

    it('refuses a database migrated by a newer build, with a message saying what to do', async () => {
      const { store, again, sql } = await make();
      await store.open();
      await sql(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (${LATEST_SCHEMA + 1}, 'future', 0)`);
      const error = await again().open().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SchemaTooNewError);
      expect((error as Error).message).toMatch(new RegExp(`version ${LATEST_SCHEMA + 1}.*Deploy the same ecs-netbot version`));
    });

    it('keeps installation settings: the first value written wins, for every replica', async () => {
      const { store, again } = await make();
      await store.open();
      expect(await store.meta('salt_fingerprint')).toBeUndefined();
      expect(await store.metaOnce('salt_fingerprint', 'first')).toBe('first');
      const other = again();
      await other.open();
      expect(await other.metaOnce('salt_fingerprint', 'second')).toBe('first');
      await other.deleteMeta('salt_fingerprint');
      expect(await store.meta('salt_fingerprint')).toBeUndefined();
    });

    it('rewrites stored free text once asked (questions, notes) and drops thread topics', async () => {
      const { store } = await make();
      await store.open();
      await store.recordQuestion(question({ id: 'q1', text: 'ask <@U012AB3CD>' }));
      await store.recordQuestion(question({ id: 'q2', text: 'nothing to change' }));
      await store.recordVote({ at: T0, questionId: 'q1', entryId: 'e1', vote: 'down', note: 'see <@U012AB3CD>', userHash: 'h' });
      await store.putThread('t', '{"text":"x"}', T0);
      expect(await store.rewriteTexts((t) => t.replace(/<@U012AB3CD>/g, '<@user>'))).toBe(3);
      const rows = await store.rowsSince(new Date(0));
      expect(rows.questions.map((q) => q.text).sort()).toEqual(['ask <@user>', 'nothing to change']);
      expect(rows.votes[0]!.note).toBe('see <@user>');
      expect(await store.getThread('t', T0)).toBeUndefined();
    });

    it('records a question and reads it back whole', async () => {
      const { store } = await make();
      await store.open();
      await store.recordQuestion(question({ offer: 'bw' }));
      await store.recordQuestion(question({ id: 'q0', at: new Date(T0.getTime() - 86_400_000) }));
      const rows = await store.rowsSince(new Date(T0.getTime() - 1000));
      expect(rows.questions).toEqual([question({ offer: 'bw' })]);
    });

    it('keeps one vote per user, entry and question, and adds the 👎 reason to it', async () => {
      const { store } = await make();
      await store.open();
      const vote = { at: T0, questionId: 'q1', entryId: 'ip-change-public', userHash: 'h1' };
      await store.recordVote({ ...vote, vote: 'up' });
      await store.recordVote({ ...vote, vote: 'down' });
      await store.recordVote({ ...vote, userHash: 'h2', vote: 'up' });
      await store.recordReason({ questionId: 'q1', entryId: 'ip-change-public', userHash: 'h1', reason: 'outdated', note: 'the console moved' });
      const { votes } = await store.rowsSince(T0);
      expect(votes).toHaveLength(2);
      expect(votes.find((v) => v.userHash === 'h1')).toEqual({ ...vote, vote: 'down', reason: 'outdated', note: 'the console moved' });
    });

    it('records "did you mean" choices and "none of these" with their question', async () => {
      const { store } = await make();
      await store.open();
      await store.recordQuestion(question({ band: 'suggest' }));
      await store.recordChoice({ at: T0, questionId: 'q1', entryId: 'ip-eip-what-is', userHash: 'h1' });
      await store.recordChoice({ at: T0, questionId: 'q1', userHash: 'h2' });
      await store.recordChoice({ at: T0, questionId: 'gone', userHash: 'h3' });
      const { choices } = await store.rowsSince(T0);
      expect(choices).toEqual([
        { at: T0, questionId: 'q1', entryId: 'ip-eip-what-is', userHash: 'h1', questionText: '怎么换公网IP', questionLang: 'zh' },
        { at: T0, questionId: 'q1', userHash: 'h2', questionText: '怎么换公网IP', questionLang: 'zh' },
        { at: T0, questionId: 'gone', userHash: 'h3' },
      ]);
    });

    it('keeps a request to the experts once, finds it by id or by post from another replica, and its candidate answers (issue #17)', async () => {
      const { store, again } = await make();
      await store.open();
      const other = again();
      await other.open();
      await store.recordQuestion(question());
      expect(await other.getQuestion('q1')).toEqual({ text: '怎么换公网IP', lang: 'zh', top: question().top });
      expect(await other.getQuestion('nope')).toBeUndefined();
      const request = { id: 'r1', at: T0, postKey: 'p1', questionId: 'q1', text: '怎么换公网IP', lang: 'zh' as const, hintEntry: 'ip-change-public', origin: 'sealed', userHash: 'h1' };
      expect(await store.recordExpertRequest(request)).toBe(true);
      expect(await other.recordExpertRequest({ ...request, postKey: 'p2' })).toBe(false);
      expect(await other.getExpertRequest({ postKey: 'p1' })).toEqual(request);
      expect(await other.getExpertRequest({ id: 'r1' })).toEqual(request);
      expect(await other.getExpertRequest({ postKey: 'p2' })).toBeUndefined();
      const bare = { id: 'r2', at: T0, postKey: 'p3', text: 'x', lang: 'en' as const, origin: 's', userHash: 'h2' };
      await store.recordExpertRequest(bare);
      expect(await store.getExpertRequest({ id: 'r2' })).toEqual(bare);

      await other.recordExpertAnswer({ at: new Date(T0.getTime() + 60_000), requestId: 'r1', text: '可以，停机后更换', userHash: 'e1' });
      await store.recordExpertAnswer({ at: new Date(T0.getTime() + 120_000), requestId: 'r1', text: '见 ip-change-public', userHash: 'e2' });
      const { candidates } = await store.rowsSince(T0);
      expect(candidates).toEqual([
        { at: new Date(T0.getTime() + 60_000), requestId: 'r1', answer: '可以，停机后更换', expertHash: 'e1', question: '怎么换公网IP', lang: 'zh', questionId: 'q1', hintEntry: 'ip-change-public' },
        { at: new Date(T0.getTime() + 120_000), requestId: 'r1', answer: '见 ip-change-public', expertHash: 'e2', question: '怎么换公网IP', lang: 'zh', questionId: 'q1', hintEntry: 'ip-change-public' },
      ]);
      // Retention covers both tables.
      const { deleted } = await store.prune(new Date(T0.getTime() + 90_000), T0);
      expect(deleted).toBe(4); // the question, the two requests, the first answer
      expect(await store.getExpertRequest({ id: 'r1' })).toBeUndefined();
    });

    it('claims a delivery key once across replicas, even when they race', async () => {
      const { store, again } = await make();
      await store.open();
      const other = again();
      await other.open();
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? store : other).claim('event:Ev123', T0)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.claim('event:Ev124', T0)).toBe(true);
    });

    it('prunes records past retention and delivery keys older than a day', async () => {
      const { store } = await make();
      await store.open();
      const old = new Date('2026-08-01T00:00:00Z');
      await store.recordQuestion(question({ id: 'old', at: old }));
      await store.recordQuestion(question({ id: 'new' }));
      await store.recordVote({ at: old, entryId: 'e', vote: 'up', userHash: 'h' });
      await store.recordChoice({ at: old, userHash: 'h' });
      await store.claim('event:old', new Date(T0.getTime() - 2 * 86_400_000));
      await store.claim('event:new', T0);
      const { deleted } = await store.prune(new Date(T0.getTime() - 90 * 86_400_000), T0);
      expect(deleted).toBe(4);
      expect((await store.rowsSince(new Date(0))).questions.map((q) => q.id)).toEqual(['new']);
      expect(await store.claim('event:new', T0)).toBe(false);
      expect(await store.claim('event:old', T0)).toBe(true);
    });

    it('outbox: a row is leased by one replica at a time, even when they race, and settled only by its holder', async () => {
      const { store, again } = await make();
      await store.open();
      const other = again();
      await other.open();
      const t = T0.getTime();
      expect(await store.putDelivery(delivery({ nextAt: t }), 'writer', 1)).toBe(true);
      const leases = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? store : other).leaseDeliveries(`r${i}`, t, t + 1000, 5)));
      const won = leases.flat();
      expect(won).toHaveLength(1);
      const [row] = won;
      expect(row).toMatchObject({ id: 'd1', tries: 2, unsure: false, payload: '{"target":{"channel":"C1"}}' });
      const holder = row!.leaseOwner!;
      const settle = { state: 'pending' as const, kind: 'post' as const, failures: 1, unsure: true, nextAt: t + 500, payload: row!.payload, lastError: 'timed out', at: t };
      expect(await other.settleDelivery('d1', 'someone-else', 2, settle)).toBe(false);
      expect(await store.settleDelivery('d1', holder, 1, settle)).toBe(false); // an old lease
      expect(await store.settleDelivery('d1', holder, 2, settle)).toBe(true);
      // Not due before its next try; then leased again, saying the last try's outcome is not known.
      expect(await other.leaseDeliveries('r', t + 100, t + 1100, 5)).toEqual([]);
      const [again2] = await other.leaseDeliveries('r', t + 600, t + 700, 5);
      expect(again2).toMatchObject({ tries: 3, unsure: true, failures: 1, lastError: 'timed out', leaseOwner: 'r' });
      // Its lease runs out: another replica takes it, and the first can no longer settle it.
      const [taken] = await store.leaseDeliveries('s', t + 800, t + 1800, 5);
      expect(taken).toMatchObject({ tries: 4, leaseOwner: 's' });
      expect(await other.settleDelivery('d1', 'r', 3, { ...settle, state: 'delivered', payload: '' })).toBe(false);
      expect(await store.settleDelivery('d1', 's', 4, { ...settle, state: 'delivered', payload: '' })).toBe(true);
      expect(await store.leaseDeliveries('s', t + 10_000_000, t + 10_001_000, 5)).toEqual([]);
    });

    it('outbox: a row written again replaces only what its writer still holds', async () => {
      const { store, sql } = await make();
      await store.open();
      const t = T0.getTime();
      const first = delivery({ nextAt: t, leaseOwner: 'me', leaseUntil: t + 1000 });
      expect(await store.putDelivery(first, 'me', 1)).toBe(true);
      // The first write's answer was lost (a timeout): the row, tried from memory meanwhile, is written over it.
      expect(await store.putDelivery({ ...first, tries: 3, failures: 2, leaseOwner: undefined, leaseUntil: undefined }, 'me', 1)).toBe(true);
      expect(await store.putDelivery({ ...first, tries: 9 }, 'me', 1)).toBe(false);
      expect(await store.putDelivery({ ...first, tries: 9 }, 'other', 3)).toBe(false);
      expect(await sql("SELECT tries, failures, lease_owner FROM outbox WHERE id = 'd1'")).toEqual([{ tries: 3, failures: 2, lease_owner: null }]);
      // Rows are pruned two days after they were made.
      await store.putDelivery(delivery({ id: 'old', createdAt: t - 3 * 86_400_000 }), 'me', 1);
      expect((await store.prune(new Date(0), T0)).deleted).toBe(1);
      expect(await sql('SELECT id FROM outbox')).toEqual([{ id: 'd1' }]);
    });

    it('aggregates the gaps report in SQL as the same rows would be in memory, whatever the slice size', async () => {
      const { store } = await make();
      await store.open();
      const window = await seedActivity(store);
      const expected = aggregateRows(await store.rowsSince(new Date(0)), window);
      expect(expected.declined.top.length).toBeGreaterThan(5);
      expect(expected.picks.top.length).toBeGreaterThan(2);
      expect(expected.none.top.length).toBeGreaterThan(2);
      expect(expected.rated.some((r) => r.notes.length === 5)).toBe(true);
      expect(expected.candidates).toMatchObject([{ requestId: 'r0', answer: 'answer 0', questionId: 'q1', hintEntry: 'ip-change-public' }]);
      expect(await store.reportData(window)).toEqual(expected);
      // Slices of three rows: many slices, and one millisecond holding more rows than a slice.
      let pauses = 0;
      expect(await store.reportData(window, { sliceRows: 3, pause: async () => void pauses++ })).toEqual(expected);
      expect(pauses).toBeGreaterThan(100);
    });

    it('reports an unreachable database as a rejection, not a hang', async () => {
      const dead = backend.name === 'postgres' ? new PostgresStore('postgres://postgres@127.0.0.1:1/none', { connectTimeoutMs: 500 }) : new SqliteStore('/etc/hostname/netbot.db');
      opened.push(dead);
      await expect(dead.open()).rejects.toThrow();
      await expect(dead.ping()).rejects.toThrow();
    });
  });
}

describe.skipIf(postgres.skip)('store: the same report aggregates in SQLite and PostgreSQL', () => {
  it('gives equal ReportData for equal rows', async () => {
    const stores = [(await sqlite.make()).store, (await postgres.make()).store];
    try {
      const data = [];
      for (const store of stores) {
        await store.open();
        data.push(await store.reportData(await seedActivity(store)));
      }
      expect(data[0]!.declined.top.length).toBeGreaterThan(5);
      expect(data[1]).toEqual(data[0]);
    } finally {
      for (const store of stores) await store.close();
    }
  });
});

describe('store: sqlite specifics', () => {
  it('uses WAL mode', async () => {
    const db = await sqlite.make();
    await db.store.open();
    expect(await db.sql('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
    await db.store.close();
  });

  it('statements asked for in one turn commit together (one WAL commit, not one each), each caller told its own result (issue #18)', async () => {
    const db = await sqlite.make();
    await db.store.open();
    await db.sql('PRAGMA wal_checkpoint(TRUNCATE)');
    const claims = await Promise.all(Array.from({ length: 20 }, (_, i) => db.store.claim(`k${i % 10}`, new Date())));
    expect(claims).toEqual([...Array(10).fill(true), ...Array(10).fill(false)]);
    // Frames in the WAL: a commit writes each page it changed; twenty commits would write at least twenty.
    const [wal] = (await db.sql('PRAGMA wal_checkpoint(PASSIVE)')) as Array<{ log: number }>;
    expect(wal!.log).toBeLessThan(10);
    await db.store.close();
  });

  it('a statement that fails in a batch fails alone: the others are written and told their results', async () => {
    const db = await sqlite.make();
    await db.store.open();
    const bad = question({ id: 'bad', text: null as unknown as string });
    const results = await Promise.allSettled([db.store.claim('a', new Date()), db.store.recordQuestion(bad), db.store.claim('b', new Date()), db.store.claim('a', new Date())]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : 'failed'))).toEqual([true, 'failed', true, false]);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/NOT NULL/);
    expect(await db.sql('SELECT key FROM deliveries ORDER BY key')).toEqual([{ key: 'a' }, { key: 'b' }]);
    await db.store.close();
  });
});
