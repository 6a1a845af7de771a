import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { cacheAt, knowledgeKey, openKnowledgeCache } from '../../src/knowledge/cache.js';
import { assembleCached } from '../../src/knowledge/cached.js';
import { loadKnowledgeFast } from '../../src/knowledge/fast.js';
import { KnowledgeError, loadKnowledge, readKnowledgeFiles } from '../../src/knowledge/load.js';
import { knowledgeDir } from '../../src/knowledge/paths.js';

/** The sandboxes made here, removed at the end (with the environment variable they set). */
const roots: string[] = [];
const cacheDirBefore = process.env.NETBOT_CACHE_DIR;
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
  if (cacheDirBefore === undefined) delete process.env.NETBOT_CACHE_DIR;
  else process.env.NETBOT_CACHE_DIR = cacheDirBefore;
});

/** The validated-knowledge cache behind fast CLI calls (issue #9, item 14). */
function sandbox() {
  const root = mkdtempSync(join(tmpdir(), 'netbot-cache-'));
  roots.push(root);
  const kbDir = join(root, 'knowledge');
  cpSync(knowledgeDir(), kbDir, { recursive: true });
  const cacheDir = join(root, 'cache');
  process.env.NETBOT_CACHE_DIR = cacheDir;
  return { kbDir, cacheDir };
}

/** The cache file of a part: the rules file (`knowledge-<key>.json`) or `.entries.json` / `.training.json`. */
function part(cacheDir: string, name: 'rules' | 'entries' | 'training'): string {
  const file = readdirSync(cacheDir).find((f) => (name === 'rules' ? /^knowledge-[0-9a-f]{32}\.json$/.test(f) : f.endsWith(`.${name}.json`)));
  return join(cacheDir, file!);
}

/** Rewrites a part and the hash the rules file keeps for it, as a cache write would have. */
function rewritePart(cacheDir: string, name: 'entries' | 'training', text: string): void {
  writeFileSync(part(cacheDir, name), text);
  const rules = JSON.parse(readFileSync(part(cacheDir, 'rules'), 'utf8')) as { hashes: Record<string, string> };
  rules.hashes[name] = createHash('sha256').update(text).digest('hex');
  writeFileSync(part(cacheDir, 'rules'), JSON.stringify(rules));
}

/** loadKnowledgeFast with its stderr lines collected. */
async function loadWarned(kbDir: string) {
  const lines: string[] = [];
  const kb = await loadKnowledgeFast(kbDir, process.env, (line) => lines.push(line));
  return { kb, lines };
}

describe('the validated knowledge cache', () => {
  it('is written on the first load, read on the next, and gives the same knowledge base', async () => {
    const { kbDir, cacheDir } = sandbox();
    const first = await loadKnowledgeFast(kbDir);
    const files = readdirSync(cacheDir).sort();
    // The rules file, and the entries and training questions each in its own (issue #18).
    expect(files).toHaveLength(3);
    expect(files.map((f) => f.replace(/[0-9a-f]{32}/, 'KEY'))).toEqual(['knowledge-KEY.entries.json', 'knowledge-KEY.json', 'knowledge-KEY.training.json']);
    expect(statSync(cacheDir).mode & 0o777).toBe(0o700);
    expect(openKnowledgeCache(kbDir)!.read()).toBeDefined();
    const second = await loadKnowledgeFast(kbDir);
    expect(second.entries).toEqual(first.entries);
    expect(second.entries).toEqual(loadKnowledge(kbDir).entries);
    expect(second.synonyms).toEqual(first.synonyms);
    const validated = loadKnowledge(kbDir);
    for (const field of ['byId', 'chat', 'foreignClouds', 'otherTopics', 'features', 'aspects', 'qualifierWords', 'training', 'files', 'sections', 'document'] as const) {
      expect(second[field], field).toEqual(validated[field]);
    }
    expect(second.runbooks.map((r) => ({ ...r, rules: r.rules.spec }))).toEqual(validated.runbooks.map((r) => ({ ...r, rules: r.rules.spec })));
    expect([...second.rules.keys()]).toEqual([...first.rules.keys()]);
    expect(second.rules.get('bandwidth')?.evaluate({ outboundMbps: 5 })).toEqual(first.rules.get('bandwidth')?.evaluate({ outboundMbps: 5 }));
    expect(second.rules.get('bandwidth')?.evaluate({ outboundMbps: 5 }).checks.length).toBeGreaterThan(0);
  });

  it('a second load is served from the cache, not from the YAML files', async () => {
    const { kbDir, cacheDir } = sandbox();
    await loadKnowledgeFast(kbDir);
    // Change the cached copy only (its key still matches the folder, its hash is updated): the next load reads it.
    const cached = readFileSync(part(cacheDir, 'entries'), 'utf8');
    expect(cached).toContain('ECS的入网带宽和出网带宽分别指什么？');
    rewritePart(cacheDir, 'entries', cached.replace('ECS的入网带宽和出网带宽分别指什么？', '从缓存读到的问题'));
    const kb = await loadKnowledgeFast(kbDir);
    expect(kb.byId.get('faq-bandwidth-inbound-vs-outbound')?.question.zh).toBe('从缓存读到的问题');
  });

  it('misses when any file changes, so a broken edit is still reported (never served from the old cache)', async () => {
    const { kbDir } = sandbox();
    await loadKnowledgeFast(kbDir);
    const file = join(kbDir, 'entries', '09-faq.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('section: "9"', 'section: "99"'));
    await expect(loadKnowledgeFast(kbDir)).rejects.toThrow(KnowledgeError);
  });

  it('an edit that stays valid is picked up', async () => {
    const { kbDir } = sandbox();
    await loadKnowledgeFast(kbDir);
    const file = join(kbDir, 'entries', '09-faq.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('ECS的入网带宽和出网带宽分别指什么？', 'ECS的入网带宽和出网带宽各指什么？'));
    const kb = await loadKnowledgeFast(kbDir);
    expect(kb.byId.get('faq-bandwidth-inbound-vs-outbound')?.question.zh).toBe('ECS的入网带宽和出网带宽各指什么？');
  });

  it('a cache folder that cannot be written only means no cache', async () => {
    const { kbDir } = sandbox();
    // Under a regular file: no folder can be made there (ENOTDIR).
    process.env.NETBOT_CACHE_DIR = join(kbDir, 'sections.yaml', 'cache');
    expect((await loadKnowledgeFast(kbDir)).entries.length).toBeGreaterThan(200);
    process.env.NETBOT_CACHE_DIR = 'off';
    expect(openKnowledgeCache(kbDir)).toBeUndefined();
  });

  it('a part whose hash does not match is named in one line and passed over: knowledge/ is read, the cache rewritten', async () => {
    const { kbDir, cacheDir } = sandbox();
    await loadKnowledgeFast(kbDir);
    const entries = part(cacheDir, 'entries');
    const good = readFileSync(entries, 'utf8');
    // Damage without updating the hash: a changed title (still valid JSON) must not be served.
    writeFileSync(entries, good.replace('ECS的入网带宽和出网带宽分别指什么？', '损坏的缓存'));
    const { kb, lines } = await loadWarned(kbDir);
    expect(kb.byId.get('faq-bandwidth-inbound-vs-outbound')?.question.zh).toBe('ECS的入网带宽和出网带宽分别指什么？');
    expect(lines).toEqual([expect.stringMatching(/^the knowledge cache .*\.entries\.json is damaged \(its SHA-256 does not match\); passed over/)]);
    // Rewritten whole: the next load is served from it again, silently.
    expect(readFileSync(entries, 'utf8')).toBe(good);
    expect((await loadWarned(kbDir)).lines).toEqual([]);
  });

  it('a rules file that is not JSON, or a missing part, is named and passed over; a stale key is a silent miss', async () => {
    const { kbDir, cacheDir } = sandbox();
    await loadKnowledgeFast(kbDir);
    writeFileSync(part(cacheDir, 'rules'), '{"key": "trunc');
    let loaded = await loadWarned(kbDir);
    expect(loaded.lines).toEqual([expect.stringMatching(/knowledge-[0-9a-f]{32}\.json is not valid JSON; passed over/)]);
    expect(loaded.kb.entries.length).toBeGreaterThan(200);
    rmSync(part(cacheDir, 'training'));
    loaded = await loadWarned(kbDir);
    expect(loaded.lines).toEqual([expect.stringMatching(/\.training\.json is missing; passed over/)]);
    expect(loaded.kb.training.size).toBeGreaterThan(100);
    // A rules file of another key (as after an edit): no line, just a miss.
    const rules = JSON.parse(readFileSync(part(cacheDir, 'rules'), 'utf8')) as { key: string };
    writeFileSync(part(cacheDir, 'rules'), JSON.stringify({ ...rules, key: 'f'.repeat(64) }));
    expect(openKnowledgeCache(kbDir)!.read(() => expect.unreachable('a stale key is not damage'))).toBeUndefined();
    expect((await loadWarned(kbDir)).lines).toEqual([]);
  });

  it('a part left as written is checked when first used: the per-user copy against its hash (then read from knowledge/), the build\'s copy trusted', async () => {
    const { kbDir, cacheDir } = sandbox();
    await loadKnowledgeFast(kbDir);
    const key = knowledgeKey(kbDir)!;
    const entries = part(cacheDir, 'entries');
    // Damage of the same size, its time stamp recorded as the write's: a load cannot tell before reading the part.
    writeFileSync(entries, readFileSync(entries, 'utf8').replace('ECS的入网带宽和出网带宽分别指什么？', 'ECS的入网带宽和出网带宽各别指什么？'));
    const rules = JSON.parse(readFileSync(part(cacheDir, 'rules'), 'utf8')) as { written: Record<string, [number, number]> };
    rules.written.entries = [statSync(entries).size, statSync(entries).mtimeMs];
    writeFileSync(part(cacheDir, 'rules'), JSON.stringify(rules));

    const lines: string[] = [];
    let revalidated = 0;
    const files = readKnowledgeFiles(kbDir, []);
    const cached = cacheAt(cacheDir, key).read((line) => lines.push(line), () => (revalidated++, files))!;
    expect(lines).toEqual([]);
    const kb = assembleCached(kbDir, cached, key);
    expect(kb.byId.get('faq-bandwidth-inbound-vs-outbound')?.question.zh).toBe('ECS的入网带宽和出网带宽分别指什么？');
    expect(lines).toEqual([expect.stringMatching(/\.entries\.json is damaged \(its SHA-256 does not match\); passed over/)]);
    expect(revalidated).toBe(1);

    // The same files as the build's copy (dist/cache): read as written, not hashed, as the rest of dist/ is;
    // the build's own check (whole) still reads and hashes every part.
    const shared = cacheAt(cacheDir, key, 'shared');
    expect(assembleCached(kbDir, shared.read((line) => lines.push(line))!, key).byId.get('faq-bandwidth-inbound-vs-outbound')?.question.zh).toBe('ECS的入网带宽和出网带宽各别指什么？');
    expect(lines).toHaveLength(1);
    expect(shared.whole()).toBe(false);
  });

  it('a calculation reads the rules part only: the entries and the training questions are parsed when first used', async () => {
    const { kbDir, cacheDir } = sandbox();
    await loadKnowledgeFast(kbDir);
    const cached = cacheAt(cacheDir, knowledgeKey(kbDir)!).read()!;
    const parsed: string[] = [];
    const kb = assembleCached(kbDir, {
      rules: cached.rules,
      entries: () => (parsed.push('entries'), cached.entries()),
      training: () => (parsed.push('training'), cached.training()),
    }, knowledgeKey(kbDir)!);
    expect(kb.rules.get('bandwidth')?.evaluate({ outboundMbps: 5 }).checks.length).toBeGreaterThan(0);
    expect(kb.runbooks.length).toBeGreaterThan(0);
    expect(parsed).toEqual([]);
    expect(kb.byId.size).toBe(kb.entries.length);
    expect(kb.synonyms.length).toBeGreaterThan(0);
    expect(parsed).toEqual(['entries']);
    expect(kb.training.size).toBeGreaterThan(0);
    expect(parsed).toEqual(['entries', 'training']);
  });
});
