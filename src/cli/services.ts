import { makeServices } from '../app/make-services.js';
import type { Services } from '../commands/types.js';
import { loadKnowledgeFast } from '../knowledge/fast.js';

/**
 * Services for one CLI call, loading only what the command needs: the knowledge base from the validated
 * cache when it is unchanged, and the search modules only for `ask` (issue #9: a call starts in well under
 * 0.3 s; loading everything took 1.2 s).
 */
export async function cliServices(env: Services['env'], needsSearch: boolean): Promise<Services> {
  const kb = await loadKnowledgeFast();
  const engine = needsSearch ? (await import('../search/engine.js')).SearchEngine : undefined;
  return makeServices(kb, env, (loaded) => {
    if (!engine) throw new Error('the search index is not loaded for this command');
    return new engine(loaded);
  });
}
