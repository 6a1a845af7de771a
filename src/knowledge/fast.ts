import { join } from 'node:path';
import type { KnowledgeBase, KnowledgeFiles } from './assemble.js';
import { assembleCached } from './cached.js';
import { cacheAt, knowledgeKey, openKnowledgeCache } from './cache.js';
import { knowledgeDir, packageRoot } from './paths.js';

/** Where `npm run build` keeps the validated files of the package's own knowledge folder (see prebuild.ts). */
export const builtCacheRoot = (): string => join(packageRoot(), 'dist', 'cache');

const warnStderr = (line: string) => void process.stderr.write(`ecs-netbot: ${line}\n`);

/**
 * The knowledge base for a start or a CLI call: from the validated files `npm run build` wrote into dist/,
 * else from the per-user cache, when the folder is unchanged (the YAML parser and the schemas are not even
 * loaded, and each part is read when first used: see cached.ts), else loaded and validated and then cached.
 * A damaged cache file is named in one line on stderr (`warn`) and passed over. NETBOT_CACHE_DIR=off turns
 * off the per-user cache only.
 */
export async function loadKnowledgeFast(dir: string = knowledgeDir(), env = process.env, warn: (line: string) => void = warnStderr): Promise<KnowledgeBase> {
  const key = knowledgeKey(dir);
  const caches = key ? [cacheAt(builtCacheRoot(), key), openKnowledgeCache(dir, env, key)] : [];
  for (const cache of caches) {
    const cached = cache?.read(warn);
    if (!cached) continue;
    try {
      return assembleCached(dir, cached, key!);
    } catch {
      // A cache written by an older version of this code: validate from the files instead.
      break;
    }
  }
  const { loadKnowledge } = await import('./load.js');
  return loadKnowledge(dir, { cache: true });
}

export type { KnowledgeFiles };
