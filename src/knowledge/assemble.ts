import { Ruleset } from '../rules/engine.js';
import type { RulesetSpec } from '../rules/schema.js';
import { KnowledgeError, type Problem } from './errors.js';
import { compileRunbook, type LoadedRunbook } from './runbooks.js';
import type { AspectDef, ChatVocabulary, Entry, FeatureDef, QualifierWords, Runbook, SectionsFile, SynonymGroup } from './schema.js';

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
  /** Runbooks from knowledge/runbooks (triage), their fact checks compiled against rules/instance.yaml. */
  runbooks: LoadedRunbook[];
  /** The features entries are about (features.yaml), with the words people use for each. */
  features: FeatureDef[];
  /** Cue words per aspect (aspects.yaml). */
  aspects: AspectDef[];
  /** The words that set a question's qualifiers (qualifiers.yaml). */
  qualifierWords?: QualifierWords;
  /** Training questions per entry id (training/*.yaml): what the ranker learns from, never an evaluation set. */
  training: Map<string, string[]>;
  files: string[];
  /** The key of the validated files it was assembled from (knowledge/cache.ts), when they came from a cache. */
  filesKey?: string;
}

/**
 * The knowledge files once read and schema-checked, one by one: what the cache keeps (plain JSON), and what
 * assemble() cross-checks and builds the knowledge base from.
 */
export interface KnowledgeFiles {
  sections?: SectionsFile;
  synonyms?: { groups: SynonymGroup[] } & ChatVocabulary;
  outOfScope?: { foreignClouds: string[]; otherTopics: string[] };
  entryFiles: Array<{ file: string; entries: Entry[] }>;
  ruleFiles: Array<{ file: string; spec: RulesetSpec }>;
  /** Optional: caches written before runbooks existed have none (their key differs anyway). */
  runbookFiles?: Array<{ file: string; runbook: Runbook }>;
  features?: { features: FeatureDef[] };
  aspects?: { aspects: AspectDef[] };
  qualifiers?: QualifierWords;
  trainingFiles?: Array<{ file: string; entries: Record<string, string[]> }>;
}

/** The files' names, as the knowledge base lists them (kb.files). */
export function fileNames(files: KnowledgeFiles): string[] {
  return [
    'sections.yaml',
    'synonyms.yaml',
    'out-of-scope.yaml',
    ...files.entryFiles.map((f) => f.file),
    ...files.ruleFiles.map((f) => f.file),
    ...(files.runbookFiles ?? []).map((f) => f.file),
    ...(files.features ? ['features.yaml'] : []),
    ...(files.aspects ? ['aspects.yaml'] : []),
    ...(files.qualifiers ? ['qualifiers.yaml'] : []),
    ...(files.trainingFiles ?? []).map((f) => f.file),
  ];
}

/** A number as a whole token: "3" is stated in "最多 3 次" but not in "30" or "3.5". */
function states(text: string, value: unknown): boolean {
  const token = String(value).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\d.])${token}(?![\\d]|\\.\\d)`).test(text);
}

/**
 * Cross-checks the files against each other (duplicate ids, sections and their titles, related ids, the
 * entries rules cite and the numbers they must state) and compiles the rules; throws KnowledgeError with
 * every problem, those found while reading included.
 */
export function assemble(dir: string, files: KnowledgeFiles, problems: Problem[] = []): KnowledgeBase {
  const { sections: sectionsFile, synonyms: synonymsFile, outOfScope: outOfScopeFile } = files;
  const sections = new Map((sectionsFile?.sections ?? []).map((s) => [s.number, s.title]));
  const entries: LoadedEntry[] = [];
  const byId = new Map<string, LoadedEntry>();
  for (const { file, entries: list } of files.entryFiles) {
    for (const raw of list) {
      const entry: LoadedEntry = { ...raw, file };
      const previous = byId.get(entry.id);
      if (previous) {
        problems.push({ file, entry: entry.id, message: `duplicate id (first defined in ${previous.file})` });
        continue;
      }
      byId.set(entry.id, entry);
      entries.push(entry);
    }
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

  // Features and aspects: every entry names a feature features.yaml defines.
  const featureIds = new Set<string>();
  for (const f of files.features?.features ?? []) {
    if (featureIds.has(f.id)) problems.push({ file: 'features.yaml', entry: f.id, message: 'duplicate feature id' });
    featureIds.add(f.id);
  }
  for (const entry of entries) {
    if (entry.feature && !featureIds.has(entry.feature)) {
      problems.push({ file: entry.file, entry: entry.id, message: `feature "${entry.feature}" is not in features.yaml` });
    }
  }
  const training = new Map<string, string[]>();
  for (const { file, entries: byEntry } of files.trainingFiles ?? []) {
    for (const [id, questions] of Object.entries(byEntry)) {
      if (!byId.has(id)) problems.push({ file, entry: id, message: `training questions for an entry that does not exist` });
      else training.set(id, [...(training.get(id) ?? []), ...questions]);
    }
  }

  const rules = new Map<string, Ruleset>();
  for (const { file, spec } of files.ruleFiles) {
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

  const runbooks: LoadedRunbook[] = [];
  const runbookFiles = files.runbookFiles ?? [];
  for (const { file, runbook } of runbookFiles) {
    const previous = runbooks.find((r) => r.id === runbook.id);
    if (previous) {
      problems.push({ file, entry: runbook.id, message: `duplicate runbook id (first defined in ${previous.file})` });
      continue;
    }
    runbooks.push(compileRunbook(runbook, file, { sections, instance: rules.get('instance'), rules }, problems));
  }

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
    runbooks,
    features: files.features?.features ?? [],
    aspects: files.aspects?.aspects ?? [],
    ...(files.qualifiers ? { qualifierWords: files.qualifiers } : {}),
    training,
    files: fileNames(files),
  };
}
