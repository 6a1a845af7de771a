import type { Lang } from '../i18n/lang.js';

/** Where a question was asked: Slack surfaces by kind (never a channel id), or the local console. */
export type ChannelKind = 'dm' | 'channel' | 'group' | 'slash' | 'shortcut' | 'console';

/**
 * One question as asked and answered. No raw user id: `userHash` is keyed with the installation's salt, kept
 * outside the database (store/keyring.ts); the text has Slack and resource ids replaced (store/scrub.ts).
 */
export interface QuestionRecord {
  /** Random id, also carried by the reply's buttons so that a click links back to its question. */
  id: string;
  at: Date;
  text: string;
  lang: Lang;
  /** The search band ('answer' | 'suggest' | 'decline'), or 'command' when the route ran a calculator. */
  band: string;
  /** The calibrated probability that the top entry is right (0 when nothing matched). */
  confidence: number;
  /** The top entries, best first (at most 5), each with its ranking score relative to the first (1). */
  top: { id: string; score: number }[];
  /** The command the route ran ('ask', 'bw', …), and the one offered beside it. */
  route: string;
  offer?: string;
  latencyMs: number;
  userHash: string;
  channelKind: ChannelKind;
}

export type Vote = 'up' | 'down';
/** The 👎 menu (issue #10). */
export const DOWN_REASONS = ['wrong', 'outdated', 'unclear', 'not_asked'] as const;
export type DownReason = (typeof DOWN_REASONS)[number];

/** A 👍/👎 on an answer; one per user, entry and question: a second click replaces the first. */
export interface VoteRecord {
  at: Date;
  questionId?: string;
  entryId: string;
  vote: Vote;
  reason?: DownReason;
  note?: string;
  userHash: string;
}

/** A "did you mean" button picked (entryId), or "none of these" (entryId undefined). */
export interface ChoiceRecord {
  at: Date;
  questionId?: string;
  entryId?: string;
  userHash: string;
}

/** What the report reads: every row since a time (bounded by retention, so small). */
export interface Rows {
  questions: QuestionRecord[];
  votes: VoteRecord[];
  /** Each choice with its question's text when the question is still stored. */
  choices: (ChoiceRecord & { questionText?: string; questionLang?: Lang })[];
}

export interface StoreInfo {
  kind: 'sqlite' | 'postgres';
  /** The schema version the database is at (after migrating). */
  schema: number;
}

/**
 * The store: SQLite (embedded, the default) or PostgreSQL (replicas). Same schema, same migrations, same
 * test suite. Methods reject when the database is unreachable; callers on the reply path go through the
 * Recorder, which never lets a store error reach an answer.
 */
export interface Store {
  readonly kind: StoreInfo['kind'];
  /** Connects, migrates (once, under a lock for PostgreSQL) and returns the schema version. */
  open(): Promise<StoreInfo>;
  /** A cheap round trip: rejects when the database cannot be reached. */
  ping(): Promise<void>;
  /** A value of the meta table (the installation's settings: the salt's fingerprint, steps done once). */
  meta(key: string): Promise<string | undefined>;
  /** Sets a meta value unless one is there; returns the value kept (the first writer's, across replicas). */
  metaOnce(key: string, value: string): Promise<string>;
  deleteMeta(key: string): Promise<void>;
  /**
   * Rewrites every stored free text (question texts, 👎 notes) through `rewrite`, and drops the threads'
   * topics (kept a day): the one-time scrub of records written before ids were replaced. Returns rows changed.
   */
  rewriteTexts(rewrite: (text: string) => string): Promise<number>;
  recordQuestion(q: QuestionRecord): Promise<void>;
  recordVote(v: VoteRecord): Promise<void>;
  /** Adds a 👎 reason (and note) to the vote already recorded for this user, entry and question. */
  recordReason(v: Pick<VoteRecord, 'questionId' | 'entryId' | 'userHash' | 'reason' | 'note'>): Promise<void>;
  recordChoice(c: ChoiceRecord): Promise<void>;
  /**
   * Takes a delivery key (an event id, a hash of a slash request) the first time any replica offers it:
   * true for the first, false for every later offer. Keys older than a day are pruned.
   */
  claim(key: string, at: Date): Promise<boolean>;
  rowsSince(since: Date): Promise<Rows>;
  /** The topic a conversation left (JSON), if written within the last day; keyed by a hash of the conversation. */
  getThread(key: string, now: Date): Promise<string | undefined>;
  putThread(key: string, state: string, at: Date): Promise<void>;
  /** Deletes records older than `before` (retention), and delivery keys and threads older than a day. */
  prune(before: Date, now: Date): Promise<{ deleted: number }>;
  close(): Promise<void>;
}
