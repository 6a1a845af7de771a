import type { Services } from '../commands/types.js';
import { loadKnowledgeFast } from '../knowledge/fast.js';
import { loadSearchEngine } from '../search/index-file.js';
import { makeServices } from './make-services.js';

export const BUILDING_INDEX = 'building the search index (knowledge/ or the search code changed since `npm run build`; a few seconds)…';

/**
 * Services for `npm start`: the knowledge base as `npm run build` validated it when knowledge/ is unchanged
 * (else validated now: the YAML parser and the schemas are loaded only then), the search index from the index
 * file (else built in memory, `onBuild` told first, and the file rewritten). The search is made on first use.
 */
export async function loadServices(env: Services['env'], opts: { onBuild?: () => void } = {}): Promise<Services> {
  const kb = await loadKnowledgeFast();
  return makeServices(kb, env, (loaded) => loadSearchEngine(loaded, opts).engine);
}
