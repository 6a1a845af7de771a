import { noPause, runPaced, type Pause } from './pace.js';
import { langOf, ReportTally } from './report-tally.js';
import { DOWN_REASONS, type CandidateRow, type DownReason, type ReportData, type ReportReadOptions, type ReportWindow } from './types.js';

/**
 * The gaps report's aggregates in SQL, the same statements for SQLite and PostgreSQL. The window is read in
 * slices of about SLICE_ROWS rows (found on the `at` index), so that no one statement holds a synchronous
 * SQLite connection (or a PostgreSQL query) for long whatever the traffic, and the caller's pause runs
 * between slices. Counts are summed in SQL per slice; ReportTally adds the slices up.
 */
export const SLICE_ROWS = 1000;

/** Runs one SELECT with `?` placeholders (the store's Run). */
type Run = (sql: string, params: readonly unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));
const str = (v: unknown): string => (v == null ? '' : String(v));

/** The language as the store reads it: 'zh', or 'en' for anything else. */
const LANG = `CASE WHEN lang = 'zh' THEN 'zh' ELSE 'en' END`;
const TABLES = ['questions', 'votes', 'choices'] as const;

/** Consecutive [from, to] ranges (both included) covering the window, each holding about `rows` rows of `table`. */
async function* slices(run: Run, table: (typeof TABLES)[number], since: number, until: number, rows: number): AsyncGenerator<[number, number]> {
  let from = since;
  while (from <= until) {
    const next = (await run(`SELECT at FROM ${table} WHERE at >= ? AND at <= ? ORDER BY at LIMIT 1 OFFSET ?`, [from, until, rows])).rows[0];
    const boundary = next ? num(next.at) : undefined;
    // More than `rows` rows in one millisecond: that millisecond is a slice of its own.
    const to = boundary === undefined ? until : boundary === from ? from : boundary - 1;
    yield [from, to];
    from = to + 1;
  }
}

const REASON_SUMS = DOWN_REASONS.map((r) => `SUM(CASE WHEN vote = 'down' AND reason = '${r}' THEN 1 ELSE 0 END) AS reason_${r}`).join(', ');

async function readQuestions(run: Run, tally: ReportTally, from: number, to: number): Promise<void> {
  const days = await run(
    `SELECT at / ${86_400_000} AS day, ${LANG} AS lang, COUNT(*) AS n,
       SUM(CASE WHEN route = 'ask' THEN 1 ELSE 0 END) AS faq, SUM(CASE WHEN route = 'ask' AND band = 'answer' THEN 1 ELSE 0 END) AS answered
     FROM questions WHERE at >= ? AND at <= ? GROUP BY at / ${86_400_000}, ${LANG}`,
    [from, to],
  );
  for (const r of days.rows) tally.addDay(num(r.day), langOf(r.lang), num(r.n), num(r.faq), num(r.answered));
  const declined = await run(
    `SELECT text, ${LANG} AS lang, COUNT(*) AS n, MIN(at) AS first_at, MAX(at) AS last_at
     FROM questions WHERE at >= ? AND at <= ? AND band = 'decline' GROUP BY text, ${LANG}`,
    [from, to],
  );
  for (const r of declined.rows) tally.addDeclined(str(r.text), langOf(r.lang), num(r.n), num(r.first_at), num(r.last_at));
}

async function readVotes(run: Run, tally: ReportTally, from: number, to: number): Promise<void> {
  const votes = await run(
    `SELECT entry_id, COUNT(*) AS n, SUM(CASE WHEN vote = 'down' THEN 1 ELSE 0 END) AS down, ${REASON_SUMS}
     FROM votes WHERE at >= ? AND at <= ? GROUP BY entry_id`,
    [from, to],
  );
  for (const r of votes.rows) {
    const reasons = Object.fromEntries(DOWN_REASONS.map((k) => [k, num(r[`reason_${k}`])])) as Record<DownReason, number>;
    tally.addVotes(str(r.entry_id), num(r.n), num(r.down), reasons);
  }
  // The latest notes of each entry in this slice (ties at the cut included: the tally orders them the same everywhere).
  const notes = await run(
    `SELECT entry_id, note, at, user_hash, question_id FROM (
       SELECT entry_id, note, at, user_hash, question_id, RANK() OVER (PARTITION BY entry_id ORDER BY at DESC) AS place
       FROM votes WHERE at >= ? AND at <= ? AND vote = 'down' AND note IS NOT NULL AND TRIM(note) <> '') ranked
     WHERE place <= 5`,
    [from, to],
  );
  for (const r of notes.rows) tally.addNote(str(r.entry_id), str(r.note), num(r.at), str(r.user_hash), str(r.question_id));
}

async function readChoices(run: Run, tally: ReportTally, from: number, to: number): Promise<void> {
  // Only clicks on a question still stored count (the others have no text to show), in time order for ReportTally.
  const choices = await run(
    `SELECT c.at, c.question_id, c.user_hash, c.entry_id, q.text, q.lang FROM choices c JOIN questions q ON q.id = c.question_id
     WHERE c.at >= ? AND c.at <= ? AND q.text <> '' ORDER BY c.at, c.id`,
    [from, to],
  );
  for (const r of choices.rows) tally.addChoice(num(r.at), str(r.question_id), str(r.user_hash), str(r.entry_id) || undefined, str(r.text), langOf(r.lang));
}

const READERS = { questions: readQuestions, votes: readVotes, choices: readChoices };

export async function readReportData(run: Run, window: ReportWindow, opts: ReportReadOptions = {}): Promise<ReportData> {
  const pause: Pause = opts.pause ?? noPause;
  const tally = new ReportTally();
  for (const table of TABLES) {
    for await (const [from, to] of slices(run, table, window.since.getTime(), window.until.getTime(), opts.sliceRows ?? SLICE_ROWS)) {
      await READERS[table](run, tally, from, to);
      await pause();
    }
  }
  const data = await runPaced(tally.finish(), pause);
  return { ...data, candidates: await readCandidates(run, window.since.getTime(), window.until.getTime()) };
}

/**
 * Experts' replies in the window with the questions they answer, oldest first (issue #17). Few rows (one per
 * expert's reply), so read at once.
 */
export async function readCandidates(run: Run, since: number, until: number): Promise<CandidateRow[]> {
  const { rows } = await run(
    'SELECT a.at, a.request_id, a.text AS answer, a.user_hash, r.text AS question, r.lang, r.question_id, r.hint_entry FROM expert_answers a JOIN expert_requests r ON r.id = a.request_id WHERE a.at >= ? AND a.at <= ? ORDER BY a.at, a.id',
    [since, until],
  );
  return rows.map((r) => ({
    at: new Date(num(r.at)),
    requestId: str(r.request_id),
    answer: str(r.answer),
    expertHash: str(r.user_hash),
    question: str(r.question),
    lang: langOf(r.lang),
    ...(str(r.question_id) ? { questionId: str(r.question_id) } : {}),
    ...(str(r.hint_entry) ? { hintEntry: str(r.hint_entry) } : {}),
  }));
}
