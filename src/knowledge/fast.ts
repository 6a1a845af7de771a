import { assemble, type KnowledgeBase, type KnowledgeFiles } from './assemble.js';
import { openKnowledgeCache } from './cache.js';
import { knowledgeDir } from './paths.js';

/**
 * The knowledge base for a short-lived CLI call: from the per-user cache of validated files when the folder
 * is unchanged (one JSON read; the YAML parser and the schemas are not even loaded), else loaded and
 * validated as at start and then cached. The cross-checks and the rules' compilation run either way.
 */
export async function loadKnowledgeFast(dir: string = knowledgeDir()): Promise<KnowledgeBase> {
  const cached = openKnowledgeCache(dir)?.read();
  if (cached) {
    try {
      return assemble(dir, cached);
    } catch {
      // A cache written by an older version of this code: validate from the files instead.
    }
  }
  const { loadKnowledge } = await import('./load.js');
  return loadKnowledge(dir, { cache: true });
}

export type { KnowledgeFiles };
