/**
 * The schema, as numbered migrations shared by SQLite and PostgreSQL. A migration is never edited once
 * released: a change is a new one. Times are milliseconds since the epoch (BIGINT), JSON is TEXT.
 */
export type Dialect = 'sqlite' | 'postgres';

const TYPES: Record<Dialect, { serial: string; float: string }> = {
  sqlite: { serial: 'INTEGER PRIMARY KEY AUTOINCREMENT', float: 'REAL' },
  postgres: { serial: 'BIGSERIAL PRIMARY KEY', float: 'DOUBLE PRECISION' },
};

export interface Migration {
  version: number;
  name: string;
  statements: (d: Dialect) => string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'questions, votes, choices, deliveries',
    statements: (d) => [
      `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
      `CREATE TABLE questions (
        id TEXT PRIMARY KEY, at BIGINT NOT NULL, text TEXT NOT NULL, lang TEXT NOT NULL, band TEXT NOT NULL,
        confidence ${TYPES[d].float} NOT NULL, top TEXT NOT NULL, route TEXT NOT NULL, offer TEXT, latency_ms ${TYPES[d].float} NOT NULL,
        user_hash TEXT NOT NULL, channel_kind TEXT NOT NULL)`,
      `CREATE INDEX questions_at ON questions (at)`,
      `CREATE TABLE votes (
        user_hash TEXT NOT NULL, entry_id TEXT NOT NULL, question_id TEXT NOT NULL, at BIGINT NOT NULL,
        vote TEXT NOT NULL, reason TEXT, note TEXT, PRIMARY KEY (user_hash, entry_id, question_id))`,
      `CREATE INDEX votes_at ON votes (at)`,
      `CREATE TABLE choices (id ${TYPES[d].serial}, at BIGINT NOT NULL, question_id TEXT, entry_id TEXT, user_hash TEXT NOT NULL)`,
      `CREATE INDEX choices_at ON choices (at)`,
      `CREATE TABLE deliveries (key TEXT PRIMARY KEY, at BIGINT NOT NULL)`,
      `CREATE INDEX deliveries_at ON deliveries (at)`,
    ],
  },
  {
    version: 2,
    name: 'threads (the topic of a conversation, for follow-ups)',
    statements: () => [
      // key: a hash of the conversation (never a raw channel or user id); state: the topic as JSON; kept a day.
      `CREATE TABLE threads (key TEXT PRIMARY KEY, at BIGINT NOT NULL, state TEXT NOT NULL)`,
      `CREATE INDEX threads_at ON threads (at)`,
    ],
  },
  {
    version: 3,
    name: 'expert requests and candidate answers (questions sent to the experts\' channel)',
    statements: (d) => [
      // post_key: a hash of the experts' channel and the post's ts (how a reply in that thread finds its request);
      // origin: the asker's thread, sealed (see slack/experts-seal.ts): no raw Slack id is kept in the clear.
      `CREATE TABLE expert_requests (
        id TEXT PRIMARY KEY, at BIGINT NOT NULL, post_key TEXT NOT NULL, question_id TEXT, text TEXT NOT NULL, lang TEXT NOT NULL,
        hint_entry TEXT, origin TEXT NOT NULL, user_hash TEXT NOT NULL)`,
      `CREATE UNIQUE INDEX expert_requests_post ON expert_requests (post_key)`,
      `CREATE INDEX expert_requests_at ON expert_requests (at)`,
      `CREATE TABLE expert_answers (id ${TYPES[d].serial}, at BIGINT NOT NULL, request_id TEXT NOT NULL, text TEXT NOT NULL, user_hash TEXT NOT NULL)`,
      `CREATE INDEX expert_answers_at ON expert_answers (at)`,
    ],
  },
  {
    version: 4,
    name: 'outbox (answers owed to Slack, until delivered)',
    statements: () => [
      // One row per answer owed, written before the first try (see src/slack/outbox.ts and docs/delivery.md).
      // payload: where it goes and what it says (JSON), cleared once the row is settled; kind: post | ephemeral |
      // response_url; tries: how many times it was leased (each lease is a compare-and-swap on it); unsure: 1
      // while the last try's outcome is not known (a post is then looked up in Slack before it is sent again).
      `CREATE TABLE outbox (
        id TEXT PRIMARY KEY, created_at BIGINT NOT NULL, kind TEXT NOT NULL, label TEXT NOT NULL, payload TEXT NOT NULL,
        state TEXT NOT NULL, tries INTEGER NOT NULL, failures INTEGER NOT NULL, unsure INTEGER NOT NULL, next_at BIGINT NOT NULL,
        lease_owner TEXT, lease_until BIGINT, last_error TEXT, settled_at BIGINT)`,
      `CREATE INDEX outbox_due ON outbox (state, next_at)`,
      `CREATE INDEX outbox_created ON outbox (created_at)`,
    ],
  },
];

export const LATEST_SCHEMA = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** A database migrated by a newer build than this one: running on it could misread rows, so this replica stops. */
export class SchemaTooNewError extends Error {
  constructor(readonly found: number, readonly known: number) {
    super(
      `the database schema is at version ${found}, newer than this build knows (${known}): another replica was upgraded. ` +
        `Deploy the same ecs-netbot version on every replica (or point this one at its own database).`,
    );
    this.name = 'SchemaTooNewError';
  }
}
