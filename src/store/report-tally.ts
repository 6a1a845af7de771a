import { detectLang, isLang, type Lang } from '../i18n/lang.js';
import { runSync, type Steps } from './pace.js';
import { DOWN_REASONS, type DownReason, type Omitted, type ReportData, type ReportWindow, type Rows, type TopTexts } from './types.js';

/**
 * The gaps report's aggregation, written once: the store feeds it partial sums read in SQL (report-sql.ts),
 * aggregateRows feeds it single rows; both end with the same ReportData. Memory stays bounded by the
 * number of distinct texts, and only the most frequent REPORT_TEXT_CAP of each section go on to the report.
 */

/** The most distinct texts a section of the report groups: beyond it the grouping would cost more than it tells. */
export const REPORT_TEXT_CAP = 5000;
export const MAX_NOTES = 5;
const DAY_MS = 86_400_000;
/** Items handled between two checkpoints of a Steps generator. */
export const CHECKPOINT = 64;

const utcDate = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
/** Anything but 'zh' reads as English, as the store reads a row's language. */
export const langOf = (value: unknown): Lang => (isLang(value) ? value : 'en');

interface Tally {
  count: number;
  first: number;
  last: number;
}

interface Note {
  note: string;
  at: number;
  userHash: string;
  questionId: string;
}

/** Most recent first; ties in a fixed order (user, question), so every store picks the same notes. */
const byRecency = (a: Note, b: Note) => b.at - a.at || (a.userHash < b.userHash ? -1 : a.userHash > b.userHash ? 1 : a.questionId < b.questionId ? -1 : a.questionId > b.questionId ? 1 : 0);

/** Most frequent first, then the earliest asked, then by text: the same order in every store. */
function byFrequency(a: [string, Tally], b: [string, Tally]): number {
  return b[1].count - a[1].count || a[1].first - b[1].first || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
}

/** Keys of the text maps: the language is always two letters and entry ids have no NUL, so keys cannot collide. */
const textKey = (lang: Lang, text: string) => `${lang}\u0000${text}`;
const pickKey = (lang: Lang, entryId: string, text: string) => `${lang}\u0000${entryId}\u0000${text}`;

function add(map: Map<string, Tally>, key: string, count: number, first: number, last: number): void {
  const t = map.get(key);
  if (!t) map.set(key, { count, first, last });
  else {
    t.count += count;
    t.first = Math.min(t.first, first);
    t.last = Math.max(t.last, last);
  }
}

/** The CAP most frequent keys (sorted), yielding as it goes: a sort of at most 2 × CAP at a time. */
function* topKeys(map: Map<string, Tally>, cap: number): Steps<{ top: [string, Tally][]; omitted: Omitted }> {
  let kept: [string, Tally][] = [];
  let seen = 0;
  let total = 0;
  for (const item of map) {
    kept.push(item);
    total += item[1].count;
    if (kept.length >= 2 * cap) {
      kept = kept.sort(byFrequency).slice(0, cap);
      yield;
    }
    if (++seen % CHECKPOINT === 0) yield;
  }
  kept = kept.sort(byFrequency).slice(0, cap);
  const keptCount = kept.reduce((sum, [, t]) => sum + t.count, 0);
  return { top: kept, omitted: { texts: map.size - kept.length, count: total - keptCount } };
}

function* topTexts(map: Map<string, Tally>, cap: number): Steps<TopTexts> {
  const { top, omitted } = yield* topKeys(map, cap);
  return {
    top: top.map(([key, t]) => ({ text: key.slice(3), lang: key.slice(0, 2) as Lang, count: t.count, firstAt: new Date(t.first), lastAt: new Date(t.last) })),
    omitted,
  };
}

export class ReportTally {
  private readonly days = new Map<string, { questions: number; faq: number; answered: number }>();
  private readonly rated = new Map<string, { up: number; down: number; reasons: Record<DownReason, number>; notes: Note[] }>();
  private readonly declined = new Map<string, Tally>();
  private readonly picks = new Map<string, Tally>();
  private readonly none = new Map<string, Tally>();
  /** Clicks already counted: (question, user, entry). */
  private readonly clicked = new Set<string>();

  constructor(private readonly cap = REPORT_TEXT_CAP) {}

  /** Questions of one UTC day (days since the epoch) and language. */
  addDay(day: number, lang: Lang, questions: number, faq: number, answered: number): void {
    const key = textKey(lang, utcDate(day));
    const d = this.days.get(key) ?? { questions: 0, faq: 0, answered: 0 };
    d.questions += questions;
    d.faq += faq;
    d.answered += answered;
    this.days.set(key, d);
  }

  addDeclined(text: string, lang: Lang, count: number, first: number, last: number): void {
    add(this.declined, textKey(lang, text), count, first, last);
  }

  private entry(entryId: string) {
    let e = this.rated.get(entryId);
    if (!e) {
      e = { up: 0, down: 0, reasons: Object.fromEntries(DOWN_REASONS.map((r) => [r, 0])) as Record<DownReason, number>, notes: [] };
      this.rated.set(entryId, e);
    }
    return e;
  }

  /** Votes on an entry: how many, how many 👎, and the 👎 per reason. */
  addVotes(entryId: string, votes: number, down: number, reasons: Partial<Record<DownReason, number>>): void {
    const e = this.entry(entryId);
    e.up += votes - down;
    e.down += down;
    for (const r of DOWN_REASONS) e.reasons[r] += reasons[r] ?? 0;
  }

  /** A note left with a 👎 (stored notes are trimmed and never empty; a blank one is skipped here anyway). */
  addNote(entryId: string, note: string, at: number, userHash: string, questionId: string): void {
    if (!note.trim()) return;
    const notes = this.entry(entryId).notes;
    notes.push({ note: note.trim(), at, userHash, questionId });
    if (notes.length >= 4 * MAX_NOTES) notes.splice(0, notes.length, ...notes.sort(byRecency).slice(0, MAX_NOTES));
  }

  /**
   * A "did you mean" pick (entryId) or "none of these" (no entryId) on a stored question, in time order: a
   * click repeated on the same question by the same user for the same entry counts once.
   */
  addChoice(at: number, questionId: string, userHash: string, entryId: string | undefined, text: string, lang: Lang): void {
    const key = `${questionId}\u0000${userHash}\u0000${entryId ?? ''}`;
    if (this.clicked.has(key)) return;
    this.clicked.add(key);
    if (entryId) add(this.picks, pickKey(lang, entryId, text), 1, at, at);
    else add(this.none, textKey(lang, text), 1, at, at);
  }

  *finish(): Steps<Omit<ReportData, 'candidates'>> {
    const days = [...this.days]
      .map(([key, d]) => ({ date: key.slice(3), lang: key.slice(0, 2) as Lang, ...d }))
      .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.lang < b.lang ? -1 : a.lang > b.lang ? 1 : 0));
    const rated = [...this.rated]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([entryId, e]) => ({ entryId, up: e.up, down: e.down, reasons: e.reasons, notes: e.notes.sort(byRecency).slice(0, MAX_NOTES).map((n) => n.note) }));
    yield;
    const declined = yield* topTexts(this.declined, this.cap);
    const none = yield* topTexts(this.none, this.cap);
    const picked = yield* topKeys(this.picks, this.cap);
    const picks = {
      top: picked.top.map(([key, t]) => {
        const rest = key.slice(3);
        const cut = rest.indexOf('\u0000');
        return { text: rest.slice(cut + 1), lang: key.slice(0, 2) as Lang, entryId: rest.slice(0, cut), count: t.count, firstAt: new Date(t.first), lastAt: new Date(t.last) };
      }),
      omitted: picked.omitted,
    };
    return { days, rated, declined, picks, none };
  }
}

/** The day (since the epoch, UTC) a time falls on: what `at / 86400000` gives in SQL. */
export const dayOf = (at: number) => Math.floor(at / DAY_MS);

/** The report's aggregates computed from rows in memory: the reference the store's SQL must match. */
export function aggregateRows(rows: Rows, window: ReportWindow, cap = REPORT_TEXT_CAP): ReportData {
  const from = window.since.getTime();
  const to = window.until.getTime();
  const within = (at: Date) => at.getTime() >= from && at.getTime() <= to;
  const tally = new ReportTally(cap);
  for (const q of rows.questions) {
    if (!within(q.at)) continue;
    const faq = q.route === 'ask' ? 1 : 0;
    tally.addDay(dayOf(q.at.getTime()), q.lang, 1, faq, faq && q.band === 'answer' ? 1 : 0);
    if (q.band === 'decline') tally.addDeclined(q.text, q.lang, 1, q.at.getTime(), q.at.getTime());
  }
  for (const v of rows.votes) {
    if (!within(v.at)) continue;
    const down = v.vote === 'down';
    tally.addVotes(v.entryId, 1, down ? 1 : 0, down && v.reason ? { [v.reason]: 1 } : {});
    if (down && v.note) tally.addNote(v.entryId, v.note, v.at.getTime(), v.userHash, v.questionId ?? '');
  }
  // A click counts once: the first of its repeats, in time order.
  const choices = rows.choices.filter((c) => within(c.at)).sort((a, b) => a.at.getTime() - b.at.getTime());
  for (const c of choices) {
    if (c.questionId && c.questionText) tally.addChoice(c.at.getTime(), c.questionId, c.userHash, c.entryId, c.questionText, c.questionLang ?? detectLang(c.questionText));
  }
  return { ...runSync(tally.finish()), candidates: rows.candidates.filter((c) => within(c.at)) };
}
