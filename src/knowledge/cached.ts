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

/**
 * kb.byId over entries parsed when first asked for: get and has parse one entry at most (`ask` asks for a
 * dozen); anything else (iterating, size aside) first parses them all, in order, into the Map it then is.
 */
class EntriesById extends Map<string, LoadedEntry> {
  // Private (#): no own properties, so that it equals a plain Map of the same entries (as tests compare them).
  readonly #positions: Map<string, number>;
  readonly #entryAt: (i: number) => LoadedEntry;
  #whole = false;

  constructor(index: ReadonlyArray<{ id: string }>, entryAt: (i: number) => LoadedEntry) {
    super();
    this.#positions = new Map(index.map(({ id }, i) => [id, i]));
    this.#entryAt = entryAt;
  }

  override get(id: string): LoadedEntry | undefined {
    if (this.#whole) return super.get(id);
    const i = this.#positions.get(id);
    return i === undefined ? undefined : this.#entryAt(i);
  }

  override has(id: string): boolean {
    return this.#whole ? super.has(id) : this.#positions.has(id);
  }

  override get size(): number {
    return this.#whole ? super.size : this.#positions.size;
  }

  #all(): this {
    if (!this.#whole) {
      this.#whole = true;
      for (const [id, i] of this.#positions) super.set(id, this.#entryAt(i));
    }
    return this;
  }

  override entries() {
    return this.#all() && super.entries();
  }
  override keys() {
    return this.#all() && super.keys();
  }
  override values() {
    return this.#all() && super.values();
  }
  override [Symbol.iterator]() {
    return this.#all() && super[Symbol.iterator]();
  }
  override forEach(fn: (value: LoadedEntry, key: string, map: Map<string, LoadedEntry>) => void, thisArg?: unknown): void {
    this.#all();
    super.forEach(fn, thisArg);
  }
  override set(id: string, entry: LoadedEntry): this {
    this.#all();
    return super.set(id, entry);
  }
  override delete(id: string): boolean {
    this.#all();
    return super.delete(id);
  }
  override clear(): void {
    this.#all();
    super.clear();
  }
}
// A Map in all it does, so a Map by its constructor too (deep equality, as in the tests, compares constructors).
Object.defineProperty(EntriesById.prototype, 'constructor', { value: Map });

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
  // Each entry is parsed when first asked for, once: kb.entries and kb.byId hold the same objects.
  const loaded: LoadedEntry[] = [];
  const entryAt = (i: number): LoadedEntry => (loaded[i] ??= { ...entryFiles().entry(i), file: entryFiles().index[i]!.file });
  const kb = { dir, document: sectionsFile!.document, sections, rules, files: names, filesKey } as KnowledgeBase;
  lazy(kb, 'runbooks', () => runbookFiles.map(({ file, runbook }) => compileRunbook(runbook, file, { sections, instance: rules.get('instance'), rules }, [])));
  lazy(kb, 'entries', () => entryFiles().index.map((_, i) => entryAt(i)));
  lazy(kb, 'byId', () => new EntriesById(entryFiles().index, entryAt));
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
