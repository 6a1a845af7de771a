import type { Lang } from '../i18n/lang.js';

/** Where a question was asked: Slack surfaces by kind (never a channel id), or the local console. */
export type ChannelKind = 'dm' | 'channel' | 'group' | 'slash' | 'shortcut' | 'console';

/** One question as asked and answered. No raw user id: `userHash` is a salted SHA-256 (see salt()). */
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

/** Every row since a time (tests, operators' own lookups): the report reads ReportData instead. */
export interface Rows {
  questions: QuestionRecord[];
  votes: VoteRecord[];
  /** Each choice with its question's text when the question is still stored. */
  choices: (ChoiceRecord & { questionText?: string; questionLang?: Lang })[];
}

/** The report's time window, both ends included. */
export interface ReportWindow {
  since: Date;
  until: Date;
}

/** One distinct text (per language) and how often it was asked in the window. */
export interface TextCount {
  text: string;
  lang: Lang;
  count: number;
  firstAt: Date;
  lastAt: Date;
}

/** What a section's cap left out: distinct texts, and the questions (or clicks) they stand for. */
export interface Omitted {
  texts: number;
  count: number;
}

/** The most frequent distinct texts of a section (at most REPORT_TEXT_CAP), and what the cap left out. */
export interface TopTexts<T extends TextCount = TextCount> {
  top: T[];
  omitted: Omitted;
}

/**
 * What the gaps report is built from: the window's rows aggregated (in SQL by the store, or from Rows by
 * report/aggregate.ts, with the same result). Bounded whatever the traffic: texts are capped per section.
 */
export interface ReportData {
  /** Questions per UTC day (yyyy-mm-dd) and language: all of them, those that went to the FAQ, those answered there. */
  days: Array<{ date: string; lang: Lang; questions: number; faq: number; answered: number }>;
  /** 👍 and 👎 per entry, the 👎 reasons counted and the latest notes (at most five, most recent first). */
  rated: Array<{ entryId: string; up: number; down: number; reasons: Record<DownReason, number>; notes: string[] }>;
  /** Declined questions per distinct text. */
  declined: TopTexts;
  /** "Did you mean" picks per distinct question text and entry (a repeated click counted once). */
  picks: TopTexts<TextCount & { entryId: string }>;
  /** "None of these" per distinct question text (a repeated click counted once). */
  none: TopTexts;
}

/** How reportData reads: `pause` is awaited between slices of rows, so a caller can keep its event loop free. */
export interface ReportReadOptions {
  pause?: () => Promise<void>;
  /** About how many rows one slice reads (default SLICE_ROWS); tests make it small to cross many slices. */
  sliceRows?: number;
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
  /** The installation's salt for user-id hashes: made once, shared by every replica. */
  salt(): Promise<string>;
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
  /** The gaps report's aggregates over the window, read in bounded slices (see store/report-data.ts). */
  reportData(window: ReportWindow, opts?: ReportReadOptions): Promise<ReportData>;
  /** The topic a conversation left (JSON), if written within the last day; keyed by a hash of the conversation. */
  getThread(key: string, now: Date): Promise<string | undefined>;
  putThread(key: string, state: string, at: Date): Promise<void>;
  /** Deletes records older than `before` (retention), and delivery keys and threads older than a day. */
  prune(before: Date, now: Date): Promise<{ deleted: number }>;
  close(): Promise<void>;
}
