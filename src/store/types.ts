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

/**
 * A question the asker sent to the experts' channel (issue #17): what an expert's reply in the post's thread
 * is matched with, and where it goes back to.
 */
export interface ExpertRequestRecord {
  /** Derived from the asker, their thread and the text: the same question sent twice has the same id. */
  id: string;
  at: Date;
  /** A hash of the experts' channel and the post's ts (never the ids in the clear). */
  postKey: string;
  questionId?: string;
  /** The question as the questions table keeps it. */
  text: string;
  lang: Lang;
  /** The entry the bot came closest with, when known: a draft entry starts from its section. */
  hintEntry?: string;
  /** The asker's thread (channel and ts), sealed by the front end: opaque to the store and the report. */
  origin: string;
  userHash: string;
}

/** One reply in an experts' thread: a candidate answer to the request's question. `userHash` is the expert's. */
export interface ExpertAnswerRecord {
  at: Date;
  requestId: string;
  text: string;
  userHash: string;
}

/** A candidate answer with the question it answers (the report's view of the two tables). */
export interface CandidateRow {
  at: Date;
  requestId: string;
  answer: string;
  expertHash: string;
  question: string;
  lang: Lang;
  questionId?: string;
  hintEntry?: string;
}

/** Every row since a time (tests, operators' own lookups): the report reads ReportData instead. */
export interface Rows {
  questions: QuestionRecord[];
  votes: VoteRecord[];
  /** Each choice with its question's text when the question is still stored. */
  choices: (ChoiceRecord & { questionText?: string; questionLang?: Lang })[];
  /** Experts' replies (candidate answers), oldest first, each with its question. */
  candidates: CandidateRow[];
}

/** What a button needs to know of a question it was not given the text of (a 👎, "none of these"). */
export type QuestionBrief = Pick<QuestionRecord, 'text' | 'lang' | 'top'>;

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
  /** Experts' replies in the window (candidate answers), oldest first, each with its question. */
  candidates: CandidateRow[];
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
  /** The gaps report's aggregates over the window, read in bounded slices (see store/report-data.ts). */
  reportData(window: ReportWindow, opts?: ReportReadOptions): Promise<ReportData>;
  /** The topic a conversation left (JSON), if written within the last day; keyed by a hash of the conversation. */
  getThread(key: string, now: Date): Promise<string | undefined>;
  putThread(key: string, state: string, at: Date): Promise<void>;
  /** A stored question's text, language and top entries, by its id. */
  getQuestion(id: string): Promise<QuestionBrief | undefined>;
  /** Keeps a request once: false when one with the same id was already kept. */
  recordExpertRequest(r: ExpertRequestRecord): Promise<boolean>;
  getExpertRequest(by: { id: string } | { postKey: string }): Promise<ExpertRequestRecord | undefined>;
  recordExpertAnswer(a: ExpertAnswerRecord): Promise<void>;
  /**
   * The outbox (answers owed to Slack): writes a row, or replaces the row with this id while it is still leased
   * by `owner` with `held` tries (this process's own earlier write or lease, when the store failed to answer in
   * time). False when the row has moved on (another replica leased it, or it was written back already).
   */
  putDelivery(row: DeliveryRow, owner: string, held: number): Promise<boolean>;
  /**
   * Leases up to `limit` pending rows due at `now` whose lease is free or expired, for `owner` until
   * `until`: each lease is a compare-and-swap on `tries`, so two replicas never lease the same row. The rows
   * come back as they were before the lease (`unsure` from the previous try), with `tries` already counted.
   */
  leaseDeliveries(owner: string, now: number, until: number, limit: number): Promise<DeliveryRow[]>;
  /** Records a try's outcome and frees the lease; false (nothing written) when `owner` lost the lease meanwhile. */
  settleDelivery(id: string, owner: string, tries: number, change: DeliveryChange): Promise<boolean>;
  /** Deletes records older than `before` (retention), delivery keys and threads older than a day, outbox rows older than two. */
  prune(before: Date, now: Date): Promise<{ deleted: number }>;
  close(): Promise<void>;
}

/** How an answer reaches Slack: a visible post (chat.postMessage), an ephemeral one, or a response_url POST. */
export type DeliveryKind = 'post' | 'ephemeral' | 'response_url';
/**
 * pending: to be tried (again); delivered; failed: Slack refused it for good; unsure: a try whose outcome is not
 * known and that cannot be checked (ephemeral, response_url), so it is not sent again; lost: the window ran out.
 */
export type DeliveryState = 'pending' | 'delivered' | 'failed' | 'unsure' | 'lost';

/** One answer owed (a row of the outbox). Times are milliseconds since the epoch. */
export interface DeliveryRow {
  /** Random; also the id the post carries in its Slack message metadata, to be found again. */
  id: string;
  createdAt: number;
  kind: DeliveryKind;
  /** What it answers, for logs ("/ecs-bw", "mention"): never the message text. */
  label: string;
  /** Where it goes and what it says (JSON); emptied once the row is settled. */
  payload: string;
  state: DeliveryState;
  tries: number;
  /** Tries that failed in a way that allows another (counted for the response_url → ephemeral fallback). */
  failures: number;
  unsure: boolean;
  nextAt: number;
  leaseOwner?: string;
  leaseUntil?: number;
  lastError?: string;
}

/** What a try changes: its state (and kind, when a response_url reply falls back to ephemeral). */
export type DeliveryChange = Pick<DeliveryRow, 'state' | 'kind' | 'failures' | 'unsure' | 'nextAt' | 'payload'> & { lastError?: string; at: number };
