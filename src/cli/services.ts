import { buildingIndex } from '../app/load-services.js';
import { makeServices } from '../app/make-services.js';
import type { Services } from '../commands/types.js';
import { loadKnowledgeFast } from '../knowledge/fast.js';

/**
 * Services for one CLI call, loading only what the command needs: the knowledge base from the validated
 * files (see knowledge/fast.ts) when unchanged, and the search modules only for `ask`, its index from the
 * file `npm run build` wrote (see search/index-file.ts: a call no longer builds it, about 2 s).
 */
export async function cliServices(env: Services['env'], needsSearch: boolean): Promise<Services> {
  const kb = await loadKnowledgeFast();
  const load = needsSearch ? (await import('../search/index-file.js')).loadSearchEngine : undefined;
  return makeServices(kb, env, (loaded) => {
    if (!load) throw new Error('the search index is not loaded for this command');
    // One question (or a batch of them): the index file's n-gram rows are read as the questions need them.
    // Without a usable file the index is built in memory, said first on stderr (issue #18).
    return load(loaded, { lazy: true, onBuild: (problem) => void process.stderr.write(`ecs-netbot: ${buildingIndex(problem)}\n`) }).engine;
  });
}
