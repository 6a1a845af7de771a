import { join } from 'node:path';
import { assemble, type KnowledgeBase, type KnowledgeFiles } from './assemble.js';
import { cacheAt, knowledgeKey, openKnowledgeCache } from './cache.js';
import { knowledgeDir, packageRoot } from './paths.js';

/** Where `npm run build` keeps the validated files of the package's own knowledge folder (see prebuild.ts). */
export const builtCacheRoot = (): string => join(packageRoot(), 'dist', 'cache');

/**
 * The knowledge base for a start or a CLI call: from the validated files `npm run build` wrote into dist/,
 * else from the per-user cache, when the folder is unchanged (one JSON read; the YAML parser and the schemas
 * are not even loaded), else loaded and validated and then cached. The cross-checks and the rules'
 * compilation run either way. NETBOT_CACHE_DIR=off turns off the per-user cache only.
 */
export async function loadKnowledgeFast(dir: string = knowledgeDir(), env = process.env): Promise<KnowledgeBase> {
  const key = knowledgeKey(dir);
  const caches = key ? [cacheAt(builtCacheRoot(), key), openKnowledgeCache(dir, env, key)] : [];
  for (const cache of caches) {
    const cached = cache?.read();
    if (!cached) continue;
    try {
      return { ...assemble(dir, cached), filesKey: key };
    } catch {
      // A cache written by an older version of this code: validate from the files instead.
      break;
    }
  }
  const { loadKnowledge } = await import('./load.js');
  return loadKnowledge(dir, { cache: true });
}

export type { KnowledgeFiles };
