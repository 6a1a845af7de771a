import type { Bilingual, Lang } from '../i18n/lang.js';
import type { KnowledgeBase } from '../knowledge/load.js';
import { noPause, runPaced, runSync, type Pause, type Steps } from '../store/pace.js';
import { aggregateRows, CHECKPOINT } from '../store/report-tally.js';
import type { DownReason, Omitted, ReportData, ReportReadOptions, ReportWindow, Rows, TextCount } from '../store/types.js';
import { aliasItem, cleanAlias } from './alias-text.js';
import { buildCandidates, type Candidate } from './candidates.js';
import { groupSimilarSteps, questionNormalizer, type Normalizer } from './group.js';

/**
 * The gaps report (issue #10): what people asked that the knowledge base could not answer, which answers
 * they rated down and why, and which "did you mean" picks should become aliases. Built from the window's
 * aggregates (ReportData: the store's SQL, or aggregateRows over rows), as Steps so the bot can run it paced.
 */
export interface Summary {
  questions: number;
  perDay: Array<{ date: string; questions: number }>;
  /** Answered in the 'answer' band, over the questions that went to the FAQ (route 'ask'). */
  answered: number | null;
  /** 👍 over 👍 + 👎. */
  helpful: number | null;
  perLang: Record<Lang, { questions: number; answered: number | null }>;
}

export interface TextGroup {
  /** The group's most frequent text (ties: the most recent). */
  text: string;
  count: number;
  /** Up to three distinct texts of the group, the representative first. */
  examples: string[];
  lang: Lang;
  lastAt: Date;
}

export interface RatedEntry {
  id: string;
  /** The entry's question in both languages; its id when the entry is no longer in the knowledge base. */
  question: Bilingual;
  known: boolean;
  up: number;
  down: number;
  /** 👍 / (👍 + 👎). */
  ratio: number;
  reasons: Record<DownReason, number>;
  /** Notes left with a 👎, most recent first (at most five). */
  notes: string[];
}

export interface AliasSuggestion {
  /** The question as it will be added (trimmed, one line). */
  question: string;
  entry: string;
  /** The chosen entry's question, for the reader. */
  entryQuestion: Bilingual;
  lang: Lang;
  count: number;
  /** The alias as YAML ready to paste into the entry: `aliases:\n  zh: [<text>]`. */
  yaml: string;
}

export interface NoneGroup {
  text: string;
  count: number;
  lang: Lang;
}

export interface Report {
  since: Date;
  until: Date;
  /** The language entry questions are given in by reportJson. */
  lang: Lang;
  summary: Summary;
  declined: TextGroup[];
  worstRated: RatedEntry[];
  aliasSuggestions: AliasSuggestion[];
  noneOfThese: NoneGroup[];
  /** What experts answered in their channel (issue #17), each as an alias or a draft entry; newest first. */
  candidates: Candidate[];
  /** What each section's cap on distinct texts left out (REPORT_TEXT_CAP): zeros below the cap. */
  omitted: { declined: Omitted; aliasSuggestions: Omitted; noneOfThese: Omitted };
}

export interface ReportOptions {
  since: Date;
  now: Date;
  kb: KnowledgeBase;
  lang?: Lang;
}

const MAX_EXAMPLES = 3;

/** A ratio 0..1 rounded to three decimals; null when there is nothing to divide by. */
export const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part / whole) * 1000) / 1000);

const utcDate = (at: Date) => at.toISOString().slice(0, 10);
const DAY_MS = 86_400_000;

function perDay(days: ReportData['days'], since: Date, now: Date): Summary['perDay'] {
  const counts = new Map<string, number>();
  // Every day of the window, the quiet ones too: a day without questions is worth seeing.
  for (let day = Date.UTC(since.getUTCFullYear(), since.getUTCMonth(), since.getUTCDate()); day <= now.getTime(); day += DAY_MS) {
    counts.set(utcDate(new Date(day)), 0);
  }
  for (const d of days) counts.set(d.date, (counts.get(d.date) ?? 0) + d.questions);
  return [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([date, n]) => ({ date, questions: n }));
}

function summarize(data: ReportData, since: Date, now: Date): Summary {
  const sum = (list: ReportData['days'], field: 'questions' | 'faq' | 'answered') => list.reduce((n, d) => n + d[field], 0);
  const langOf = (lang: Lang) => {
    const list = data.days.filter((d) => d.lang === lang);
    return { questions: sum(list, 'questions'), answered: ratio(sum(list, 'answered'), sum(list, 'faq')) };
  };
  const up = data.rated.reduce((n, r) => n + r.up, 0);
  const votes = data.rated.reduce((n, r) => n + r.up + r.down, 0);
  return {
    questions: sum(data.days, 'questions'),
    perDay: perDay(data.days, since, now),
    answered: ratio(sum(data.days, 'answered'), sum(data.days, 'faq')),
    helpful: ratio(up, votes),
    perLang: { zh: langOf('zh'), en: langOf('en') },
  };
}

/** Earliest asked first (ties in a fixed order): the order the questions came in, which grouping keeps. */
const byFirstAsked = (a: TextCount, b: TextCount) =>
  a.firstAt.getTime() - b.firstAt.getTime() || (a.text < b.text ? -1 : a.text > b.text ? 1 : a.lang < b.lang ? -1 : a.lang > b.lang ? 1 : 0);

/** Groups of similar texts, each with its representative, count, examples, language and last time. */
function* textGroups(items: readonly TextCount[], norm: Normalizer): Steps<TextGroup[]> {
  const groups = yield* groupSimilarSteps([...items].sort(byFirstAsked), (item) => norm(item.text), (item) => item.count);
  const out: TextGroup[] = [];
  for (const members of groups) {
    const byText = new Map<string, { n: number; last: number }>();
    for (const m of members) {
      const seen = byText.get(m.text) ?? { n: 0, last: 0 };
      byText.set(m.text, { n: seen.n + m.count, last: Math.max(seen.last, m.lastAt.getTime()) });
    }
    const texts = [...byText].sort((a, b) => b[1].n - a[1].n || b[1].last - a[1].last).map(([text]) => text);
    const count = members.reduce((n, m) => n + m.count, 0);
    const zh = members.reduce((n, m) => n + (m.lang === 'zh' ? m.count : 0), 0);
    const representative = members.find((m) => m.text === texts[0])!;
    const lang: Lang = zh * 2 === count ? representative.lang : zh * 2 > count ? 'zh' : 'en';
    out.push({
      text: texts[0]!,
      count,
      examples: texts.slice(0, MAX_EXAMPLES),
      lang,
      lastAt: new Date(members.reduce((last, m) => Math.max(last, m.lastAt.getTime()), 0)),
    });
    if (out.length % CHECKPOINT === 0) yield;
  }
  return out;
}

function worstRated(rated: ReportData['rated'], kb: KnowledgeBase): RatedEntry[] {
  const out: RatedEntry[] = [];
  for (const { entryId: id, up, down, reasons, notes } of rated) {
    if (down === 0) continue;
    const entry = kb.byId.get(id);
    out.push({ id, question: entry ? { ...entry.question } : { zh: id, en: id }, known: !!entry, up, down, ratio: ratio(up, up + down)!, reasons: { ...reasons }, notes: [...notes] });
  }
  return out.sort((a, b) => a.ratio - b.ratio || b.down - a.down || (a.id < b.id ? -1 : 1));
}

function* aliasSuggestions(picks: ReportData['picks']['top'], kb: KnowledgeBase, norm: Normalizer): Steps<AliasSuggestion[]> {
  const groups = new Map<string, { question: string; entry: string; lang: Lang; count: number; last: number }>();
  for (const [i, p] of [...picks].sort(byFirstAsked).entries()) {
    if (i % CHECKPOINT === CHECKPOINT - 1) yield;
    const entry = kb.byId.get(p.entryId);
    const question = cleanAlias(p.text);
    if (!entry || !question) continue; // an entry since removed cannot take an alias
    const key = JSON.stringify([norm(question), entry.id]);
    const group = groups.get(key);
    if (group) {
      group.count += p.count;
      // The most recent wording stands for the group.
      if (p.lastAt.getTime() >= group.last) Object.assign(group, { question, last: p.lastAt.getTime() });
    } else groups.set(key, { question, entry: entry.id, lang: p.lang, count: p.count, last: p.lastAt.getTime() });
  }
  const known = new Map<string, Set<string>>();
  const out: AliasSuggestion[] = [];
  for (const [i, g] of [...groups.values()].entries()) {
    if (i % CHECKPOINT === CHECKPOINT - 1) yield;
    const entry = kb.byId.get(g.entry)!;
    if (!known.has(entry.id)) known.set(entry.id, new Set([entry.question.zh, entry.question.en, ...entry.aliases.zh, ...entry.aliases.en].map(norm)));
    if (known.get(entry.id)!.has(norm(g.question))) continue;
    out.push({ question: g.question, entry: g.entry, entryQuestion: { ...entry.question }, lang: g.lang, count: g.count, yaml: `aliases:\n  ${g.lang}: [${aliasItem(g.question)}]` });
  }
  return out.sort((a, b) => b.count - a.count || (a.entry < b.entry ? -1 : a.entry > b.entry ? 1 : 0));
}

/** The report from the window's aggregates, as Steps (runSync for at once, runPaced to share the event loop). */
export function* reportSteps(data: ReportData, opts: ReportOptions): Steps<Report> {
  const { since, now, kb } = opts;
  const norm = questionNormalizer(kb.chat.fillers);
  const declined = yield* textGroups(data.declined.top, norm);
  const none = yield* textGroups(data.none.top, norm);
  return {
    since,
    until: now,
    lang: opts.lang ?? 'en',
    summary: summarize(data, since, now),
    declined,
    worstRated: worstRated(data.rated, kb),
    aliasSuggestions: yield* aliasSuggestions(data.picks.top, kb, norm),
    noneOfThese: none.map(({ text, count, lang }) => ({ text, count, lang })),
    omitted: { declined: { ...data.declined.omitted }, aliasSuggestions: { ...data.picks.omitted }, noneOfThese: { ...data.none.omitted } },
    candidates: buildCandidates(data.candidates, kb),
  };
}

/** The report from the window's aggregates, at once (the CLI). */
export function reportFromData(data: ReportData, opts: ReportOptions): Report {
  return runSync(reportSteps(data, opts));
}

/** The report over rows in memory (tests, small sets): the rows in the window aggregated as the store would. */
export function buildReport(rows: Rows, opts: ReportOptions): Report {
  return reportFromData(aggregateRows(rows, { since: opts.since, until: opts.now }), opts);
}

/** Where the aggregates come from: a Store, or the bot's Recorder in front of it. */
export interface ReportSource {
  reportData(window: ReportWindow, opts?: ReportReadOptions): Promise<ReportData>;
}

/** The report over the store's aggregates; with a pause (pauseEvery), every step shares the event loop. */
export async function computeReport(source: ReportSource, opts: ReportOptions, pause: Pause = noPause): Promise<Report> {
  const data = await source.reportData({ since: opts.since, until: opts.now }, { pause });
  return runPaced(reportSteps(data, opts), pause);
}
