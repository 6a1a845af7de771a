import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { knowledgeDir, packageRoot } from '../../src/knowledge/paths.js';
import { SearchEngine, type SearchOutcome } from '../../src/search/engine.js';
import { loadEvalSet } from '../../src/search/evaluate.js';
import { indexKey, loadSearchEngine, pruneIndexFiles, readIndexFile, writeIndexFile, type IndexFileProblem } from '../../src/search/index-file.js';

/**
 * The search index file (issue #18): an engine restored from it searches exactly as one built from the
 * knowledge base, and the file is rebuilt when knowledge/ changes, never failing a load.
 */
const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'netbot-index-'));
  temps.push(dir);
  return dir;
};

/** Tests that build an engine (seconds each on a busy machine): bounded by vitest, not a performance budget. */
const BUILDS = 300_000;

/** What a search decides, in full: entries and scores in order, band, confidence, frame, declines. */
const decided = (o: SearchOutcome) => ({ ...o, hits: o.hits.map((h) => ({ id: h.entry.id, score: h.score })) });

const kb = loadKnowledge();
const built = new SearchEngine(kb);
const path = join(temp(), 'index.v8');
const first = loadSearchEngine(kb, { path });
const restored = loadSearchEngine(kb, { path });

// Every fourth question of the tuning and held-out sets (in and out of scope, both languages, pinyin, slips).
const sample = [...loadEvalSet(join(packageRoot(), 'test/eval')), ...loadEvalSet(join(packageRoot(), 'test/holdout'))]
  .filter((_, i) => i % 4 === 0)
  .map((q) => q.q);

describe('an engine restored from the index file', () => {
  it('is written by the first load (built) and read by the next (restored)', () => {
    expect(first).toMatchObject({ from: 'built', wrote: true });
    expect(restored).toMatchObject({ from: 'file', wrote: false });
  });

  it('decides every sampled question exactly as a built engine: ids, scores, bands, confidences, frames', () => {
    expect(sample.length).toBeGreaterThan(100);
    expect(sample.some((q) => /\p{Script=Han}/u.test(q))).toBe(true);
    const engine = restored.engine;
    for (const q of sample) expect(decided(engine.search(q, 5)), q).toEqual(decided(built.search(q, 5)));
    // The signals behind the bands too, to the last bit.
    for (const q of sample.slice(0, 40)) expect(engine.explain(q).signals, q).toEqual(built.explain(q).signals);
  }, BUILDS);

  it('decides alike when read lazily, the n-gram rows read from the file as questions need them (the CLI)', () => {
    const lazy = loadSearchEngine(kb, { path, lazy: true });
    expect(lazy.from).toBe('file');
    for (const q of sample) expect(decided(lazy.engine.search(q, 5)), q).toEqual(decided(built.search(q, 5)));
    for (const q of sample.slice(0, 40)) expect(lazy.engine.explain(q).signals, q).toEqual(built.explain(q).signals);
  }, BUILDS);

  it('reads a thread follow-up, pinyin, slips and typos alike', () => {
    const engine = restored.engine;
    for (const q of ['tanxing wangka zuiduo jige', '解帮 eip', 'how to atach an eni', 'gongwang ip zenme shifang']) {
      expect(engine.readText(q), q).toBe(built.readText(q));
      expect(engine.readFrame(q), q).toEqual(built.readFrame(q));
    }
    const frame = built.readFrame('vpc 的 eip');
    expect(decided(engine.search('windows 上呢', 3, { frame }))).toEqual(decided(built.search('windows 上呢', 3, { frame })));
    expect(engine.trainingRows('怎么申请反向解析')).toEqual(built.trainingRows('怎么申请反向解析'));
  });

  it('searches alike with options that need the whole term index (fuzzy matching decodes every term)', () => {
    const snapshot = readIndexFile(path, indexKey(kb.dir)!)!;
    const fuzzyBuilt = new SearchEngine(kb, { fuzzy: 0.3 });
    const fuzzyRestored = new SearchEngine(kb, { fuzzy: 0.3 }, snapshot);
    for (const q of ['how do I atttach an eni', 'reverse resolutoin of an ip', 'elastik ip pricing']) {
      expect(decided(fuzzyRestored.search(q, 5)), q).toEqual(decided(fuzzyBuilt.search(q, 5)));
    }
    expect(() => new SearchEngine(kb, { hanUnigrams: true }, snapshot)).toThrow(/tokenizer options/);
  }, BUILDS);
});

describe('the index file', () => {
  it('is rebuilt when knowledge/ changes, and the rebuilt index knows the change', () => {
    const dir = join(temp(), 'knowledge');
    cpSync(knowledgeDir(), dir, { recursive: true });
    const file = join(temp(), 'index.v8');
    const copy = loadKnowledge(dir);
    expect(loadSearchEngine(copy, { path: file }).from).toBe('built');
    expect(loadSearchEngine(copy, { path: file }).from).toBe('file');
    const before = readFileSync(file);

    // A new alias, in words no entry had: found only by an index that was rebuilt.
    const faq = join(dir, 'entries', '09-faq.yaml');
    const text = readFileSync(faq, 'utf8');
    const edited = text.replace('zh: [入网带宽是什么,', 'zh: [蓝色长颈鹿协议怎么配, 入网带宽是什么,');
    expect(edited).not.toBe(text);
    writeFileSync(faq, edited);
    const changed = loadKnowledge(dir);
    const target = changed.entries.find((e) => e.aliases.zh.includes('蓝色长颈鹿协议怎么配'))!;
    expect(target).toBeDefined();

    const reloaded = loadSearchEngine(changed, { path: file });
    expect(reloaded).toMatchObject({ from: 'built', wrote: true });
    expect(readFileSync(file).equals(before)).toBe(false);
    expect(reloaded.engine.search('蓝色长颈鹿协议怎么配').hits[0]?.entry.id).toBe(target.id);
    const again = loadSearchEngine(changed, { path: file });
    expect(again.from).toBe('file');
    expect(again.engine.search('蓝色长颈鹿协议怎么配').hits[0]?.entry.id).toBe(target.id);
  }, BUILDS);

  // A few entries of the real knowledge base (quick to build): what is tested here is the file, not the search.
  const small = { ...kb, entries: kb.entries.slice(0, 12), training: new Map<string, string[]>() };

  it('never fails a load: a corrupt, truncated or unwritable file means building in memory', () => {
    const file = join(temp(), 'index.v8');
    writeFileSync(file, 'not an index');
    expect(loadSearchEngine(small, { path: file })).toMatchObject({ from: 'built', wrote: true });
    expect(loadSearchEngine(small, { path: file }).from).toBe('file');
    writeFileSync(file, readFileSync(file).subarray(0, 1000));
    expect(loadSearchEngine(small, { path: file }).from).toBe('built');
    // A path under a regular file cannot be written: built, not written, still answering.
    const blocked = join(file, 'index.v8');
    const loaded = loadSearchEngine(small, { path: blocked });
    expect(loaded).toMatchObject({ from: 'built', wrote: false });
    expect(existsSync(blocked)).toBe(false);
    const q = small.entries[0]!.question.en;
    expect(loaded.engine.search(q).hits[0]?.entry.id).toBe(small.entries[0]!.id);
  }, BUILDS);

  it('says why it builds: no file, a file of another key or snapshot version (stale), or one it cannot read', () => {
    const file = join(temp(), 'index.v8');
    const heard: IndexFileProblem[] = [];
    const load = () => loadSearchEngine(small, { path: file, onBuild: (problem) => heard.push(problem) });
    expect(load().from).toBe('built');
    expect(load().from).toBe('file');
    writeIndexFile(file, 'another key', load().engine);
    expect(load().from).toBe('built');
    writeFileSync(file, readFileSync(file).subarray(0, 20));
    expect(load().from).toBe('built');
    expect(heard).toEqual(['missing', 'stale', 'damaged']);
  }, BUILDS);

  it('the build prunes index files of another snapshot version or unreadable, and keeps the current ones', () => {
    const dir = temp();
    const current = join(dir, 'current.v8');
    const otherFolder = join(dir, 'other-folder.v8');
    const old = join(dir, 'old.v8');
    const engine = loadSearchEngine(small, { path: current }).engine;
    writeIndexFile(otherFolder, 'its own key', engine);
    writeFileSync(old, 'an index file of a format before this one');
    writeFileSync(join(dir, 'notes.txt'), 'not an index file');
    expect(pruneIndexFiles(current, dir)).toEqual(['old.v8']);
    expect(['current.v8', 'other-folder.v8', 'notes.txt'].every((name) => existsSync(join(dir, name)))).toBe(true);
  }, BUILDS);

  it('is left as it is with write: false', () => {
    const file = join(temp(), 'index.v8');
    expect(loadSearchEngine(small, { path: file, write: false })).toMatchObject({ from: 'built', wrote: false });
    expect(existsSync(file)).toBe(false);
  }, BUILDS);
});
