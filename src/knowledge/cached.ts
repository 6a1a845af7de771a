import { Ruleset } from '../rules/engine.js';
import type { KnowledgeBase, LoadedEntry } from './assemble.js';
import type { CachedKnowledge } from './cache.js';
import { compileRunbook } from './runbooks.js';

/** Defines `name` on `target` as a value made on first read (then kept): a part of the cache nobody reads is never parsed. */
function lazy<T extends object, K extends keyof T>(target: T, name: K, make: () => T[K]): void {
  Object.defineProperty(target, name, {
    enumerable: true,
    configurable: true,
    get() {
      const value = make();
      Object.defineProperty(target, name, { value, enumerable: true, configurable: true, writable: true });
      return value;
    },
  });
}

function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

/**
 * The knowledge base from the validated cache (cache.ts), which the build or an earlier call checked in
 * full (assemble.ts): nothing is checked again, and each part is made when first read. `bw` reads the rules
 * and compiles its own ruleset only; `ask` reads the entries but not the training questions (the search
 * index file holds what was learnt from them). Same values as assemble() makes from the same files.
 */
export function assembleCached(dir: string, cached: CachedKnowledge, filesKey: string): KnowledgeBase {
  const { sections: sectionsFile, ruleFiles, runbookFiles = [], names } = cached.rules;
  const sections = new Map((sectionsFile?.sections ?? []).map((s) => [s.number, s.title]));
  // Compiled when first run (Ruleset.run): a calculation compiles its ruleset, not all of them.
  const rules = new Map(ruleFiles.map(({ spec }) => [spec.ruleset, new Ruleset(spec, sections)]));
  const entryFiles = once(cached.entries);
  const entries = once(() => entryFiles().entryFiles.flatMap(({ file, entries: list }) => list.map((raw): LoadedEntry => ({ ...raw, file }))));
  const kb = { dir, document: sectionsFile!.document, sections, rules, files: names, filesKey } as KnowledgeBase;
  lazy(kb, 'runbooks', () => runbookFiles.map(({ file, runbook }) => compileRunbook(runbook, file, { sections, instance: rules.get('instance'), rules }, [])));
  lazy(kb, 'entries', entries);
  lazy(kb, 'byId', () => new Map(entries().map((e) => [e.id, e])));
  lazy(kb, 'synonyms', () => entryFiles().synonyms!.groups);
  lazy(kb, 'chat', () => ({ fillers: entryFiles().synonyms!.fillers, rewrites: entryFiles().synonyms!.rewrites }));
  lazy(kb, 'foreignClouds', () => entryFiles().outOfScope!.foreignClouds);
  lazy(kb, 'otherTopics', () => entryFiles().outOfScope!.otherTopics);
  lazy(kb, 'features', () => entryFiles().features?.features ?? []);
  lazy(kb, 'aspects', () => entryFiles().aspects?.aspects ?? []);
  lazy(kb, 'qualifierWords', () => entryFiles().qualifiers);
  lazy(kb, 'training', () => {
    const training = new Map<string, string[]>();
    for (const { entries: byEntry } of cached.training().trainingFiles ?? []) {
      for (const [id, questions] of Object.entries(byEntry)) training.set(id, [...(training.get(id) ?? []), ...questions]);
    }
    return training;
  });
  return kb;
}
