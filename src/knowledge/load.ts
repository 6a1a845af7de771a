import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { rulesetSchema } from '../rules/schema.js';
import { assemble, type KnowledgeBase, type KnowledgeFiles } from './assemble.js';
import { openKnowledgeCache } from './cache.js';
import type { Problem } from './errors.js';
import { knowledgeDir } from './paths.js';
import {
  aspectsFileSchema, entriesFileSchema, entrySchema, featuresFileSchema, outOfScopeFileSchema, qualifiersFileSchema, runbookSchema, sectionsFileSchema, synonymsFileSchema, trainingFileSchema,
  type Entry,
} from './schema.js';

export { KnowledgeError, type Problem } from './errors.js';
export type { KnowledgeBase, LoadedEntry } from './assemble.js';
export type { LoadedRunbook } from './runbooks.js';

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

function yamlNames(dir: string, problems: Problem[], folder: string, required: boolean): string[] {
  try {
    return readdirSync(dir).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort();
  } catch {
    if (required) problems.push({ file: `${folder}/`, message: 'folder missing' });
    return [];
  }
}

/** Every knowledge file read and schema-checked, entry by entry (so one bad entry names itself). */
export function readKnowledgeFiles(dir: string, problems: Problem[]): KnowledgeFiles {
  const files: KnowledgeFiles = {
    sections: readYaml(join(dir, 'sections.yaml'), 'sections.yaml', sectionsFileSchema, problems),
    synonyms: readYaml(join(dir, 'synonyms.yaml'), 'synonyms.yaml', synonymsFileSchema, problems),
    outOfScope: readYaml(join(dir, 'out-of-scope.yaml'), 'out-of-scope.yaml', outOfScopeFileSchema, problems),
    entryFiles: [],
    ruleFiles: [],
    runbookFiles: [],
  };
  const entryNames = yamlNames(join(dir, 'entries'), problems, 'entries', true);
  if (entryNames.length === 0 && problems.length === 0) problems.push({ file: 'entries/', message: 'no entry files' });
  for (const fileName of entryNames) {
    const file = relative(dir, join(dir, 'entries', fileName));
    const parsed = readYaml(join(dir, 'entries', fileName), file, entriesFileSchema, problems);
    const entries: Entry[] = [];
    parsed?.entries.forEach((rawEntry, index) => {
      const label = typeof (rawEntry as { id?: unknown })?.id === 'string' ? (rawEntry as { id: string }).id : `#${index + 1}`;
      const result = entrySchema.safeParse(rawEntry);
      if (result.success) entries.push(result.data);
      else for (const message of describeZodIssues(result.error)) problems.push({ file, entry: label, message });
    });
    files.entryFiles.push({ file, entries });
  }
  for (const fileName of yamlNames(join(dir, 'rules'), problems, 'rules', true).filter((f) => f.endsWith('.yaml'))) {
    const file = `rules/${fileName}`;
    const spec = readYaml(join(dir, 'rules', fileName), file, rulesetSchema, problems);
    if (spec) files.ruleFiles.push({ file, spec });
  }
  // Runbooks (optional folder): one runbook a file, each named in its problems like an entry.
  for (const fileName of yamlNames(join(dir, 'runbooks'), problems, 'runbooks', false)) {
    const file = `runbooks/${fileName}`;
    let raw: unknown;
    try {
      raw = parseYaml(readFileSync(join(dir, 'runbooks', fileName), 'utf8'), { prettyErrors: true });
    } catch (error) {
      problems.push({ file, message: `cannot read or parse: ${(error as Error).message.split('\n')[0]}` });
      continue;
    }
    const label = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : undefined;
    const result = runbookSchema.safeParse(raw);
    if (result.success) files.runbookFiles?.push({ file, runbook: result.data });
    else for (const message of describeZodIssues(result.error)) problems.push({ file, ...(label ? { entry: label } : {}), message });
  }
  // Features and aspects (optional files: a knowledge folder without them reads questions without them).
  if (existsSync(join(dir, 'features.yaml'))) files.features = readYaml(join(dir, 'features.yaml'), 'features.yaml', featuresFileSchema, problems);
  if (existsSync(join(dir, 'qualifiers.yaml'))) files.qualifiers = readYaml(join(dir, 'qualifiers.yaml'), 'qualifiers.yaml', qualifiersFileSchema, problems);
  if (existsSync(join(dir, 'aspects.yaml'))) files.aspects = readYaml(join(dir, 'aspects.yaml'), 'aspects.yaml', aspectsFileSchema, problems);
  files.trainingFiles = [];
  for (const fileName of yamlNames(join(dir, 'training'), problems, 'training', false)) {
    const file = `training/${fileName}`;
    const parsed = readYaml(join(dir, 'training', fileName), file, trainingFileSchema, problems);
    if (parsed) files.trainingFiles.push({ file, entries: parsed.entries });
  }
  return files;
}

/**
 * Loads and validates the whole knowledge folder; throws KnowledgeError listing every problem found. With
 * `cache`, a knowledge base that validated is also written to the per-user cache (see cache.ts), which
 * fast.ts reads back on the next call while the files are unchanged.
 */
export function loadKnowledge(dir: string = knowledgeDir(), opts: { cache?: boolean } = {}): KnowledgeBase {
  return validateKnowledge(dir, opts).kb;
}

/** loadKnowledge's knowledge base with the files it was assembled from. */
export function validateKnowledge(dir: string = knowledgeDir(), opts: { cache?: boolean } = {}): { kb: KnowledgeBase; files: KnowledgeFiles } {
  const problems: Problem[] = [];
  const files = readKnowledgeFiles(dir, problems);
  const kb = assemble(dir, files, problems);
  if (opts.cache) openKnowledgeCache(dir)?.write(files);
  return { kb, files };
}
