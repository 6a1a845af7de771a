import { createRequire } from 'node:module';
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
 * A damaged cache file is named in one line on stderr (`warn`) and passed over: knowledge/ is validated
 * instead, at once, or when the part is first used if it is found damaged only then (cache.ts).
 * NETBOT_CACHE_DIR=off turns off the per-user cache only.
 */
export async function loadKnowledgeFast(dir: string = knowledgeDir(), env = process.env, warn: (line: string) => void = warnStderr): Promise<KnowledgeBase> {
  const key = knowledgeKey(dir, env);
  const caches = key ? [cacheAt(builtCacheRoot(), key, 'shared'), openKnowledgeCache(dir, env, key)] : [];
  // A part found damaged when first used is read from knowledge/, validated then and there (synchronously:
  // a require of the ES module, Node >= 20.19), which also rewrites the per-user cache.
  let validated: KnowledgeFiles | undefined;
  const revalidate = () => (validated ??= (createRequire(import.meta.url)('./load.js') as typeof import('./load.js')).validateKnowledge(dir, { cache: true }).files);
  for (const cache of caches) {
    const cached = cache?.read(warn, revalidate);
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
