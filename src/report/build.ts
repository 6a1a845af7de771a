import { detectLang, type Bilingual, type Lang } from '../i18n/lang.js';
import type { KnowledgeBase } from '../knowledge/load.js';
import { DOWN_REASONS, type DownReason, type QuestionRecord, type Rows } from '../store/types.js';
import { aliasItem, cleanAlias } from './alias-text.js';
import { buildCandidates, type Candidate } from './candidates.js';
import { groupSimilar, questionNormalizer, type Normalizer } from './group.js';

/**
 * The gaps report (issue #10): what people asked that the knowledge base could not answer, which answers
 * they rated down and why, and which "did you mean" picks should become aliases. Pure: rows in, report out.
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
}

export interface ReportOptions {
  since: Date;
  now: Date;
  kb: KnowledgeBase;
  lang?: Lang;
}

const MAX_EXAMPLES = 3;
const MAX_NOTES = 5;

/** A ratio 0..1 rounded to three decimals; null when there is nothing to divide by. */
export const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part / whole) * 1000) / 1000);

const utcDate = (at: Date) => at.toISOString().slice(0, 10);
const DAY_MS = 86_400_000;

function perDay(questions: readonly QuestionRecord[], since: Date, now: Date): Summary['perDay'] {
  const counts = new Map<string, number>();
  // Every day of the window, the quiet ones too: a day without questions is worth seeing.
  for (let day = Date.UTC(since.getUTCFullYear(), since.getUTCMonth(), since.getUTCDate()); day <= now.getTime(); day += DAY_MS) {
    counts.set(utcDate(new Date(day)), 0);
  }
  for (const q of questions) counts.set(utcDate(q.at), (counts.get(utcDate(q.at)) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([date, n]) => ({ date, questions: n }));
}

function summarize(questions: readonly QuestionRecord[], votes: Rows['votes'], since: Date, now: Date): Summary {
  const answeredOf = (list: readonly QuestionRecord[]) => {
    const faq = list.filter((q) => q.route === 'ask');
    return ratio(faq.filter((q) => q.band === 'answer').length, faq.length);
  };
  const langOf = (lang: Lang) => {
    const list = questions.filter((q) => q.lang === lang);
    return { questions: list.length, answered: answeredOf(list) };
  };
  const up = votes.filter((v) => v.vote === 'up').length;
  return {
    questions: questions.length,
    perDay: perDay(questions, since, now),
    answered: answeredOf(questions),
    helpful: ratio(up, votes.length),
    perLang: { zh: langOf('zh'), en: langOf('en') },
  };
}

interface Asked {
  text: string;
  lang: Lang;
  at: Date;
}

/** Groups of similar texts, each with its representative, count, examples, language and last time. */
function textGroups(items: readonly Asked[], norm: Normalizer): TextGroup[] {
  return groupSimilar(items, (item) => norm(item.text)).map((members) => {
    const byText = new Map<string, { n: number; last: number }>();
    for (const m of members) {
      const seen = byText.get(m.text) ?? { n: 0, last: 0 };
      byText.set(m.text, { n: seen.n + 1, last: Math.max(seen.last, m.at.getTime()) });
    }
    const texts = [...byText].sort((a, b) => b[1].n - a[1].n || b[1].last - a[1].last).map(([text]) => text);
    const zh = members.filter((m) => m.lang === 'zh').length;
    const representative = members.find((m) => m.text === texts[0])!;
    const lang: Lang = zh * 2 === members.length ? representative.lang : zh * 2 > members.length ? 'zh' : 'en';
    return {
      text: texts[0]!,
      count: members.length,
      examples: texts.slice(0, MAX_EXAMPLES),
      lang,
      lastAt: new Date(members.reduce((last, m) => Math.max(last, m.at.getTime()), 0)),
    };
  });
}

function worstRated(votes: Rows['votes'], kb: KnowledgeBase): RatedEntry[] {
  const byEntry = new Map<string, Rows['votes'][number][]>();
  for (const v of votes) {
    const list = byEntry.get(v.entryId);
    if (list) list.push(v);
    else byEntry.set(v.entryId, [v]);
  }
  const out: RatedEntry[] = [];
  for (const [id, list] of byEntry) {
    const down = list.filter((v) => v.vote === 'down');
    if (down.length === 0) continue;
    const up = list.length - down.length;
    const reasons = Object.fromEntries(DOWN_REASONS.map((r) => [r, down.filter((v) => v.reason === r).length])) as Record<DownReason, number>;
    const notes = down
      .filter((v) => v.note?.trim())
      .sort((a, b) => b.at.getTime() - a.at.getTime())
      .slice(0, MAX_NOTES)
      .map((v) => v.note!.trim());
    const entry = kb.byId.get(id);
    out.push({ id, question: entry ? { ...entry.question } : { zh: id, en: id }, known: !!entry, up, down: down.length, ratio: ratio(up, list.length)!, reasons, notes });
  }
  return out.sort((a, b) => a.ratio - b.ratio || b.down - a.down || (a.id < b.id ? -1 : 1));
}

/** A click counts once per question and user, however often it was repeated. */
function distinctChoices(choices: Rows['choices']): Rows['choices'] {
  const seen = new Set<string>();
  return choices.filter((c) => {
    if (!c.questionId) return true;
    const key = JSON.stringify([c.questionId, c.userHash, c.entryId ?? null]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function aliasSuggestions(choices: Rows['choices'], kb: KnowledgeBase, norm: Normalizer): AliasSuggestion[] {
  const groups = new Map<string, { question: string; entry: string; lang: Lang; count: number; last: number }>();
  for (const c of choices) {
    if (!c.entryId || !c.questionText) continue;
    const entry = kb.byId.get(c.entryId);
    const question = cleanAlias(c.questionText);
    if (!entry || !question) continue; // an entry since removed cannot take an alias
    const key = JSON.stringify([norm(question), entry.id]);
    const group = groups.get(key);
    if (group) {
      group.count++;
      // The most recent wording stands for the group.
      if (c.at.getTime() >= group.last) Object.assign(group, { question, last: c.at.getTime() });
    } else groups.set(key, { question, entry: entry.id, lang: c.questionLang ?? detectLang(question), count: 1, last: c.at.getTime() });
  }
  const out: AliasSuggestion[] = [];
  for (const g of groups.values()) {
    const entry = kb.byId.get(g.entry)!;
    const known = new Set([entry.question.zh, entry.question.en, ...entry.aliases.zh, ...entry.aliases.en].map(norm));
    if (known.has(norm(g.question))) continue;
    out.push({ question: g.question, entry: g.entry, entryQuestion: { ...entry.question }, lang: g.lang, count: g.count, yaml: `aliases:\n  ${g.lang}: [${aliasItem(g.question)}]` });
  }
  return out.sort((a, b) => b.count - a.count || (a.entry < b.entry ? -1 : a.entry > b.entry ? 1 : 0));
}

export function buildReport(rows: Rows, opts: ReportOptions): Report {
  const { since, now, kb } = opts;
  const within = (at: Date) => at.getTime() >= since.getTime() && at.getTime() <= now.getTime();
  const questions = rows.questions.filter((q) => within(q.at));
  const votes = rows.votes.filter((v) => within(v.at));
  const choices = distinctChoices(rows.choices.filter((c) => within(c.at)));
  const norm = questionNormalizer(kb.chat.fillers);

  const declined = textGroups(
    questions.filter((q) => q.band === 'decline').map((q) => ({ text: q.text, lang: q.lang, at: q.at })),
    norm,
  );
  const none = textGroups(
    choices
      .filter((c) => !c.entryId && c.questionText)
      .map((c) => ({ text: c.questionText!, lang: c.questionLang ?? detectLang(c.questionText!), at: c.at })),
    norm,
  ).map(({ text, count, lang }) => ({ text, count, lang }));

  return {
    since,
    until: now,
    lang: opts.lang ?? 'en',
    summary: summarize(questions, votes, since, now),
    declined,
    worstRated: worstRated(votes, kb),
    aliasSuggestions: aliasSuggestions(choices, kb, norm),
    noneOfThese: none,
    candidates: buildCandidates(rows.candidates.filter((c) => within(c.at)), kb),
  };
}
