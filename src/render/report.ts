import { fill, type Lang } from '../i18n/lang.js';
import { reportStrings as S } from '../i18n/report.js';
import type { Report } from '../report/build.js';
import type { Candidate } from '../report/candidates.js';
import { REPORT_TEXT_CAP } from '../store/report-tally.js';
import { DOWN_REASONS, type Omitted } from '../store/types.js';
import type { Block, Doc } from './doc.js';
import { neutralize } from '../util/neutralize.js';

/** Each section shows its top ten; the JSON has them all. */
export const SECTION_MAX = 10;
const PER_DAY_MAX = 10;
const QUOTE_MAX = 120;

/** Drafts shown in full in Slack and the terminal; the JSON and the patch have them all. */
const CANDIDATE_YAML_MAX = 5;

/**
 * The `report --json` contract (issue #10). Dates are ISO 8601 (UTC); ratios 0..1 or null. `patchOf` (the
 * CLI) adds each candidate's patch, ready for `kb check --patch`.
 */
export function reportJson(report: Report, lang: Lang = report.lang, patchOf?: (c: Candidate) => string) {
  return {
    since: report.since.toISOString(),
    until: report.until.toISOString(),
    summary: {
      questions: report.summary.questions,
      perDay: report.summary.perDay.map(({ date, questions }) => ({ date, questions })),
      answered: report.summary.answered,
      helpful: report.summary.helpful,
      perLang: {
        zh: { questions: report.summary.perLang.zh.questions, answered: report.summary.perLang.zh.answered },
        en: { questions: report.summary.perLang.en.questions, answered: report.summary.perLang.en.answered },
      },
    },
    declined: report.declined.map((g) => ({ text: g.text, count: g.count, examples: g.examples, lang: g.lang, lastAt: g.lastAt.toISOString() })),
    worstRated: report.worstRated.map((r) => ({
      id: r.id,
      question: r.question[lang],
      up: r.up,
      down: r.down,
      ratio: r.ratio,
      reasons: { wrong: r.reasons.wrong, outdated: r.reasons.outdated, unclear: r.reasons.unclear, not_asked: r.reasons.not_asked },
      notes: r.notes,
    })),
    aliasSuggestions: report.aliasSuggestions.map((s) => ({ question: s.question, entry: s.entry, lang: s.lang, count: s.count, yaml: s.yaml })),
    noneOfThese: report.noneOfThese.map((n) => ({ text: n.text, count: n.count, lang: n.lang })),
    // Added by issue #17: what experts answered in their channel, as an alias or a draft entry.
    candidates: report.candidates.map((c) => ({
      question: c.question,
      lang: c.lang,
      answers: c.answers,
      lastAt: c.lastAt.toISOString(),
      kind: c.kind,
      entry: c.entry,
      file: c.file,
      yaml: c.yaml,
      ...(patchOf ? { patch: patchOf(c) } : {}),
    })),
    // Beyond REPORT_TEXT_CAP distinct texts a section lists the most frequent only: what it left out, per section.
    omitted: {
      declined: { texts: report.omitted.declined.texts, count: report.omitted.declined.count },
      aliasSuggestions: { texts: report.omitted.aliasSuggestions.texts, count: report.omitted.aliasSuggestions.count },
      noneOfThese: { texts: report.omitted.noneOfThese.texts, count: report.omitted.noneOfThese.count },
    },
  };
}

/** A ratio as a percentage ("83.3%"), or a dash when there was nothing to measure. */
export function percent(value: number | null, lang: Lang): string {
  return value === null ? S.none[lang] : `${Math.round(value * 1000) / 10}%`;
}

/** User text quoted inside a line: one line (controls made visible), cut to a readable length. */
export function quote(text: string): string {
  const chars = Array.from(neutralize(text, { flatten: true }));
  return `“${chars.length > QUOTE_MAX ? chars.slice(0, QUOTE_MAX - 1).join('') + '…' : chars.join('')}”`;
}

const minute = (at: Date) => at.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
const day = (at: Date) => at.toISOString().slice(0, 10);
const langName = (item: Lang, lang: Lang) => (item === 'zh' ? S.langZh[lang] : S.langEn[lang]);

/**
 * A section: its header, its first items as a list (only those are formatted: a section can hold thousands),
 * and what was left out (by SECTION_MAX, by the cap on distinct texts) or that there is nothing.
 */
function section<T>(title: string, items: readonly T[], line: (item: T) => string, lang: Lang, omitted: Omitted | undefined, after: Block[] = []): Block[] {
  const capped: Block[] = omitted?.texts ? [{ type: 'context', text: fill(S.omitted[lang], { cap: REPORT_TEXT_CAP, texts: omitted.texts, count: omitted.count }) }] : [];
  if (!items.length) return [{ type: 'header', text: title }, { type: 'text', text: S.nothingYet[lang] }, ...capped];
  const blocks: Block[] = [{ type: 'header', text: title }, { type: 'list', items: items.slice(0, SECTION_MAX).map(line) }, ...after];
  if (items.length > SECTION_MAX) blocks.push({ type: 'context', text: fill(S.more[lang], { count: items.length - SECTION_MAX }) });
  return [...blocks, ...capped];
}

export function reportDoc(report: Report, lang: Lang): Doc {
  const { summary } = report;
  const langLine = (l: Lang) => fill(S.langLine[lang], { questions: summary.perLang[l].questions, answered: percent(summary.perLang[l].answered, lang) });
  const days = summary.perDay.slice(-PER_DAY_MAX);
  const blocks: Block[] = [
    { type: 'header', text: fill(S.title[lang], { since: minute(report.since), until: minute(report.until) }) },
    {
      type: 'fields',
      fields: [
        [S.questions[lang], String(summary.questions)],
        [S.answered[lang], percent(summary.answered, lang)],
        [S.helpful[lang], percent(summary.helpful, lang)],
        [S.langZh[lang], langLine('zh')],
        [S.langEn[lang], langLine('en')],
      ],
    },
  ];
  if (days.length) {
    blocks.push({ type: 'context', text: fill(S.perDay[lang], { days: days.length }) });
    blocks.push({ type: 'list', items: days.map((d) => fill(S.dayLine[lang], { date: d.date, count: d.questions })) });
  }

  const declined = (g: Report['declined'][number]) => {
    const line = fill(S.declinedLine[lang], { text: quote(g.text), count: g.count, lang: langName(g.lang, lang), last: day(g.lastAt) });
    const others = g.examples.slice(1);
    return others.length ? line + fill(S.alsoAsked[lang], { list: others.map(quote).join(', ') }) : line;
  };
  blocks.push(...section(S.declined[lang], report.declined, declined, lang, report.omitted.declined));

  const rated = (r: Report['worstRated'][number]) => {
    const question = r.known ? r.question[lang] : S.removedEntry[lang];
    let line = fill(S.ratedLine[lang], { question, id: r.id, up: r.up, down: r.down, ratio: percent(r.ratio, lang) });
    const reasons = DOWN_REASONS.filter((k) => r.reasons[k] > 0).map((k) => `${S.reasons[k][lang]} ${r.reasons[k]}`);
    line += reasons.length ? fill(S.reasonsLine[lang], { list: reasons.join(', ') }) : S.noReason[lang];
    if (r.notes.length) line += fill(S.notesLine[lang], { list: r.notes.map(quote).join(', ') });
    return line;
  };
  blocks.push(...section(S.worstRated[lang], report.worstRated, rated, lang, undefined));

  const shown = report.aliasSuggestions.slice(0, SECTION_MAX);
  const alias = (s: Report['aliasSuggestions'][number]) =>
    fill(S.aliasLine[lang], { question: quote(s.question), entry: s.entry, title: s.entryQuestion[lang], count: s.count, lang: langName(s.lang, lang) });
  const yaml = shown.map((s) => `# ${s.entry}\n${s.yaml}`).join('\n');
  blocks.push(...section(S.aliasSuggestions[lang], report.aliasSuggestions, alias, lang, report.omitted.aliasSuggestions, [{ type: 'code', text: yaml }, { type: 'context', text: S.aliasHint[lang] }]));

  const none = (n: Report['noneOfThese'][number]) => fill(S.noneLine[lang], { text: quote(n.text), count: n.count, lang: langName(n.lang, lang) });
  blocks.push(...section(S.noneOfThese[lang], report.noneOfThese, none, lang, report.omitted.noneOfThese));

  const candidate = (c: Candidate) =>
    fill(c.kind === 'alias' ? S.candidateAliasLine[lang] : S.candidateEntryLine[lang], { question: quote(c.question), entry: c.entry, file: c.file, answer: quote(c.answers.join(' ')) });
  const drafts = report.candidates.slice(0, CANDIDATE_YAML_MAX).map((c) => (c.kind === 'alias' ? `# ${c.file}: ${c.entry}\n${c.yaml}` : `# ${c.file}\n${c.yaml}`));
  blocks.push(...section(S.candidates[lang], report.candidates, candidate, lang, undefined, [{ type: 'code', text: drafts.join('\n') }, { type: 'context', text: S.candidatesHint[lang] }]));
  return { blocks };
}
