import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { yaml } from './yaml-lib.js';
import type { Lang } from '../i18n/lang.js';
import type { KnowledgeBase, LoadedEntry } from '../knowledge/load.js';
import type { CandidateRow } from '../store/types.js';
import { aliasItem, cleanAlias, YAML_OPTIONS } from './alias-text.js';

/**
 * Answers the experts gave in their channel (issue #17), turned into knowledge: an alias when a reply names an
 * existing entry's id ("that is faq-reverse-dns-apply"), else a draft of a new entry with the expert's words in
 * the question's language and TODO markers for what a maintainer must add (the other language, aliases,
 * keywords, the section that backs it). Both validate as they are (`kb check --patch`); a draft is not meant to
 * be merged before its TODOs are done.
 */
export interface Candidate {
  requestId: string;
  question: string;
  lang: Lang;
  /** The experts' replies in the thread, oldest first, as plain text. */
  answers: string[];
  lastAt: Date;
  kind: 'alias' | 'entry';
  /** The entry the alias is added to, or the draft's new id. */
  entry: string;
  /** The entries file the patch changes (entries/09-faq.yaml). */
  file: string;
  /** What to paste: the alias line, or the whole draft entry as it goes into the file. */
  yaml: string;
}

const other = (lang: Lang): Lang => (lang === 'zh' ? 'en' : 'zh');
const ID_LIKE = /\b[a-z0-9]+(?:-[a-z0-9]+)+\b/g;

/** The first existing entry id a reply names, if any. */
function namedEntry(answers: readonly string[], kb: KnowledgeBase): LoadedEntry | undefined {
  for (const answer of answers) for (const [id] of answer.matchAll(ID_LIKE)) if (kb.byId.has(id)) return kb.byId.get(id);
  return undefined;
}

/** A stable, readable id: "expert-" and the English question's first words (if any), and a hash of the request. */
function draftId(c: Pick<Candidate, 'requestId' | 'question' | 'lang'>): string {
  const words = c.lang === 'en' ? (c.question.toLowerCase().match(/[a-z0-9]+/g) ?? []).slice(0, 6) : [];
  const hash = createHash('sha256').update(c.requestId).digest('hex').slice(0, 6);
  return ['expert', ...words, hash].join('-');
}

/** The file a draft goes into: its closest entry's, else the FAQ chapter's (section 9), else the last one. */
function draftHome(kb: KnowledgeBase, hint: LoadedEntry | undefined): { section: string; sectionTitle: string; file: string } {
  const faq = kb.entries.find((e) => e.section === '9') ?? kb.entries[kb.entries.length - 1]!;
  const home = hint ?? faq;
  return { section: home.section, sectionTitle: home.sectionTitle, file: home.file };
}

/** The draft entry, as it is appended to its file (indented as an item of `entries:`). */
function draftYaml(c: Pick<Candidate, 'question' | 'lang' | 'answers' | 'lastAt' | 'entry'>, home: ReturnType<typeof draftHome>, hint: LoadedEntry | undefined): string {
  const { lang } = c;
  const todo = other(lang);
  const question = cleanAlias(c.question);
  const entry = {
    id: c.entry,
    section: home.section,
    sectionTitle: home.sectionTitle,
    ...(hint?.feature ? { feature: hint.feature } : {}),
    question: { [lang]: question, [todo]: `TODO: translate the ${lang === 'zh' ? 'Chinese' : 'English'} question` },
    answer: { [lang]: c.answers.join('\n\n'), [todo]: `TODO: translate the ${lang === 'zh' ? 'Chinese' : 'English'} answer` },
    aliases: { [lang]: [question], [todo]: ['TODO'] },
    keywords: ['TODO'],
    related: hint ? [hint.id] : [],
  };
  const doc = new (yaml().Document)([entry]);
  const item = (doc.contents as YAMLSeq).items[0] as YAMLMap;
  const where = hint ? `the section of the closest entry, ${hint.id}` : 'a placeholder section';
  item.commentBefore = ` TODO: draft from an expert's answer (${c.lastAt.toISOString().slice(0, 10)}): check it against the guide (§${home.section} is ${where}), translate, write aliases and keywords, remove every TODO.`;
  // As the knowledge files write them: lists in flow style, answers as literal blocks.
  const node = <T>(key: string) => item.get(key, true) as unknown as T;
  for (const key of ['keywords', 'related']) node<YAMLSeq>(key).flow = true;
  for (const pair of node<YAMLMap>('aliases').items) (pair.value as YAMLSeq).flow = true;
  for (const pair of node<YAMLMap>('answer').items) (pair.value as Scalar).type = yaml().Scalar.BLOCK_LITERAL;
  return doc
    .toString(YAML_OPTIONS)
    .split('\n')
    .map((line) => (line ? `  ${line}` : line))
    .join('\n');
}

/** One candidate per request: its replies together, an alias or a draft. Newest first. */
export function buildCandidates(rows: readonly CandidateRow[], kb: KnowledgeBase): Candidate[] {
  const byRequest = new Map<string, CandidateRow[]>();
  for (const r of rows) byRequest.set(r.requestId, [...(byRequest.get(r.requestId) ?? []), r]);
  const out: Candidate[] = [];
  for (const [requestId, list] of byRequest) {
    const first = list[0]!;
    const answers = list.map((r) => r.answer);
    const lastAt = new Date(Math.max(...list.map((r) => r.at.getTime())));
    const base = { requestId, question: first.question, lang: first.lang, answers, lastAt };
    const named = namedEntry(answers, kb);
    if (named) {
      out.push({ ...base, kind: 'alias', entry: named.id, file: named.file, yaml: `aliases:\n  ${first.lang}: [${aliasItem(cleanAlias(first.question))}]` });
      continue;
    }
    const hint = first.hintEntry ? kb.byId.get(first.hintEntry) : undefined;
    const home = draftHome(kb, hint);
    const entry = draftId(base);
    out.push({ ...base, kind: 'entry', entry, file: home.file, yaml: draftYaml({ ...base, entry }, home, hint) });
  }
  return out.sort((a, b) => b.lastAt.getTime() - a.lastAt.getTime());
}

/** The entries file a candidate changes, by its name in entries/ (what the patch walks). */
export const candidateFileName = (c: Pick<Candidate, 'file'>): string => basename(c.file);
