import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { Ruleset } from '../rules/engine.js';
import { rulesetSchema } from '../rules/schema.js';
import { knowledgeDir } from './paths.js';
import {
  entriesFileSchema,
  outOfScopeFileSchema,
  entrySchema,
  sectionsFileSchema,
  synonymsFileSchema,
  type Entry,
  type SectionsFile,
  type SynonymGroup,
  type ChatVocabulary,
} from './schema.js';

/** One thing wrong with the knowledge files: where (file, entry) and what. */
export interface Problem {
  file: string;
  entry?: string;
  message: string;
}

export class KnowledgeError extends Error {
  constructor(readonly problems: Problem[]) {
    super(
      `knowledge base is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  ${p.file}${p.entry ? ` [${p.entry}]` : ''}: ${p.message}`).join('\n'),
    );
    this.name = 'KnowledgeError';
  }
}

export interface LoadedEntry extends Entry {
  /** The file the entry came from, relative to the knowledge folder. */
  file: string;
}

export interface KnowledgeBase {
  dir: string;
  document: SectionsFile['document'];
  sections: Map<string, string>;
  entries: LoadedEntry[];
  byId: Map<string, LoadedEntry>;
  synonyms: SynonymGroup[];
  /** Fillers and chat spellings (synonyms.yaml), applied to entries and queries alike. */
  chat: ChatVocabulary;
  /** Other clouds' names: questions naming them are declined. */
  foreignClouds: string[];
  /** Other Alibaba Cloud products and non-network ECS topics (out-of-scope.yaml). */
  otherTopics: string[];
  /** Rulesets from knowledge/rules, compiled and type-checked. */
  rules: Map<string, Ruleset>;
  files: string[];
}

function describeZodIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') + ': ' : ''}${issue.message}`);
}

/** Reads and schema-checks one YAML file; problems are collected, not thrown, so one run reports them all. */
function readYaml<T>(path: string, name: string, schema: z.ZodType<T>, problems: Problem[]): T | undefined {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(path, 'utf8'), { prettyErrors: true });
  } catch (error) {
    problems.push({ file: name, message: `cannot read or parse: ${(error as Error).message.split('\n')[0]}` });
    return undefined;
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    for (const message of describeZodIssues(result.error)) problems.push({ file: name, message });
    return undefined;
  }
  return result.data;
}

/** Loads and validates the whole knowledge folder; throws KnowledgeError listing every problem found. */
export function loadKnowledge(dir: string = knowledgeDir()): KnowledgeBase {
  const problems: Problem[] = [];
  const sectionsFile = readYaml(join(dir, 'sections.yaml'), 'sections.yaml', sectionsFileSchema, problems);
  const synonymsFile = readYaml(join(dir, 'synonyms.yaml'), 'synonyms.yaml', synonymsFileSchema, problems);
  const outOfScopeFile = readYaml(join(dir, 'out-of-scope.yaml'), 'out-of-scope.yaml', outOfScopeFileSchema, problems);
  const sections = new Map((sectionsFile?.sections ?? []).map((s) => [s.number, s.title]));

  let entryFiles: string[] = [];
  try {
    entryFiles = readdirSync(join(dir, 'entries'))
      .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
      .sort();
  } catch {
    problems.push({ file: 'entries/', message: 'folder missing' });
  }
  if (entryFiles.length === 0 && problems.length === 0) problems.push({ file: 'entries/', message: 'no entry files' });

  const entries: LoadedEntry[] = [];
  const byId = new Map<string, LoadedEntry>();
  for (const fileName of entryFiles) {
    const file = relative(dir, join(dir, 'entries', fileName));
    const parsed = readYaml(join(dir, 'entries', fileName), file, entriesFileSchema, problems);
    parsed?.entries.forEach((rawEntry, index) => {
      const label = typeof (rawEntry as { id?: unknown })?.id === 'string' ? (rawEntry as { id: string }).id : `#${index + 1}`;
      const result = entrySchema.safeParse(rawEntry);
      if (!result.success) {
        for (const message of describeZodIssues(result.error)) problems.push({ file, entry: label, message });
        return;
      }
      const entry: LoadedEntry = { ...result.data, file };
      const previous = byId.get(entry.id);
      if (previous) {
        problems.push({ file, entry: entry.id, message: `duplicate id (first defined in ${previous.file})` });
        return;
      }
      byId.set(entry.id, entry);
      entries.push(entry);
    });
  }

  for (const entry of entries) {
    const title = sections.get(entry.section);
    if (sectionsFile && title === undefined) {
      problems.push({ file: entry.file, entry: entry.id, message: `section "${entry.section}" is not in sections.yaml` });
    } else if (title !== undefined && title !== entry.sectionTitle) {
      problems.push({
        file: entry.file,
        entry: entry.id,
        message: `sectionTitle "${entry.sectionTitle}" does not match section ${entry.section} "${title}"`,
      });
    }
    for (const related of entry.related) {
      if (related === entry.id) problems.push({ file: entry.file, entry: entry.id, message: 'related lists the entry itself' });
      else if (!byId.has(related)) problems.push({ file: entry.file, entry: entry.id, message: `related id "${related}" does not exist` });
    }
  }

  const { rules, ruleFiles } = loadRules(dir, sections, byId, problems);

  if (problems.length > 0 || !sectionsFile || !synonymsFile || !outOfScopeFile) throw new KnowledgeError(problems);
  return {
    dir,
    document: sectionsFile.document,
    sections,
    entries,
    byId,
    synonyms: synonymsFile.groups,
    chat: { fillers: synonymsFile.fillers, rewrites: synonymsFile.rewrites },
    foreignClouds: outOfScopeFile.foreignClouds,
    otherTopics: outOfScopeFile.otherTopics,
    rules,
    files: ['sections.yaml', 'synonyms.yaml', 'out-of-scope.yaml', ...entryFiles.map((f) => `entries/${f}`), ...ruleFiles],
  };
}

/** A number as a whole token: "3" is stated in "最多 3 次" but not in "30" or "3.5". */
function states(text: string, value: unknown): boolean {
  const token = String(value).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\d.])${token}(?![\\d]|\\.\\d)`).test(text);
}

/** Loads knowledge/rules/*.yaml, compiles each ruleset and checks it against the entries it cites. */
function loadRules(dir: string, sections: Map<string, string>, byId: Map<string, LoadedEntry>, problems: Problem[]) {
  const rules = new Map<string, Ruleset>();
  let names: string[] = [];
  try {
    names = readdirSync(join(dir, 'rules')).filter((f) => f.endsWith('.yaml')).sort();
  } catch {
    problems.push({ file: 'rules/', message: 'folder missing' });
  }
  for (const fileName of names) {
    const file = `rules/${fileName}`;
    const spec = readYaml(join(dir, 'rules', fileName), file, rulesetSchema, problems);
    if (!spec) continue;
    if (rules.has(spec.ruleset)) {
      problems.push({ file, entry: spec.ruleset, message: 'duplicate ruleset id' });
      continue;
    }
    const ruleset = new Ruleset(spec, sections);
    for (const message of ruleset.compile()) problems.push({ file, entry: spec.ruleset, message });
    const cited = [...spec.checks, ...spec.alternatives, ...spec.notes].flatMap((x) => x.entries.map((id) => ({ id, by: x.id })));
    for (const { id, by } of cited) {
      if (!byId.has(id)) problems.push({ file, entry: by, message: `entry "${id}" does not exist` });
    }
    for (const [name, param] of Object.entries(spec.params)) {
      for (const id of param.statedIn) {
        const entry = byId.get(id);
        if (!entry) problems.push({ file, entry: name, message: `statedIn entry "${id}" does not exist` });
        else if (!states(entry.answer.zh, param.value) || !states(entry.answer.en, param.value)) {
          problems.push({
            file,
            entry: name,
            message: `param ${name} = ${String(param.value)} but entry "${id}" does not state it in both languages: rule and FAQ disagree`,
          });
        }
      }
    }
    rules.set(spec.ruleset, ruleset);
  }
  return { rules, ruleFiles: names.map((n) => `rules/${n}`) };
}
