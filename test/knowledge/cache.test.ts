import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openKnowledgeCache } from '../../src/knowledge/cache.js';
import { loadKnowledgeFast } from '../../src/knowledge/fast.js';
import { KnowledgeError, loadKnowledge } from '../../src/knowledge/load.js';
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

describe('the validated knowledge cache', () => {
  it('is written on the first load, read on the next, and gives the same knowledge base', async () => {
    const { kbDir, cacheDir } = sandbox();
    const first = await loadKnowledgeFast(kbDir);
    const files = readdirSync(cacheDir);
    expect(files).toHaveLength(1);
    expect(statSync(cacheDir).mode & 0o777).toBe(0o700);
    expect(openKnowledgeCache(kbDir)!.read()).toBeDefined();
    const second = await loadKnowledgeFast(kbDir);
    expect(second.entries).toEqual(first.entries);
    expect(second.entries).toEqual(loadKnowledge(kbDir).entries);
    expect(second.synonyms).toEqual(first.synonyms);
    expect([...second.rules.keys()]).toEqual([...first.rules.keys()]);
    expect(second.rules.get('bandwidth')?.evaluate({ outboundMbps: 5 })).toEqual(first.rules.get('bandwidth')?.evaluate({ outboundMbps: 5 }));
    expect(second.rules.get('bandwidth')?.evaluate({ outboundMbps: 5 }).checks.length).toBeGreaterThan(0);
  });

  it('a second load is served from the cache, not from the YAML files', async () => {
    const { kbDir, cacheDir } = sandbox();
    await loadKnowledgeFast(kbDir);
    // Change the cached copy only (its key still matches the folder): what the next load returns comes from it.
    const [name] = readdirSync(cacheDir);
    const path = join(cacheDir, name!);
    const cached = readFileSync(path, 'utf8');
    expect(cached).toContain('ECS的入网带宽和出网带宽分别指什么？');
    writeFileSync(path, cached.replace('ECS的入网带宽和出网带宽分别指什么？', '从缓存读到的问题'));
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
});
