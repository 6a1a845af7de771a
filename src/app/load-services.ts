import type { Services } from '../commands/types.js';
import { loadKnowledgeFast } from '../knowledge/fast.js';
import { createRequire } from 'node:module';
import { makeServices } from './make-services.js';

// The search modules are loaded with the search itself, on first use (require of an ES module, Node >= 20.19):
// in Slack mode that is the warm-up right after ready, so a start does not load them first (issue #18).
const require = createRequire(import.meta.url);
const searchLoader = () => (require('../search/index-file.js') as typeof import('../search/index-file.js')).loadSearchEngine;

export const BUILDING_INDEX = 'building the search index (knowledge/ or the search code changed since `npm run build`; a few seconds)…';

/**
 * Services for `npm start`: the knowledge base as `npm run build` validated it when knowledge/ is unchanged
 * (else validated now: the YAML parser and the schemas are loaded only then), the search index from the index
 * file (else built in memory, `onBuild` told first, and the file rewritten). The search is made on first use.
 */
export async function loadServices(env: Services['env'], opts: { onBuild?: () => void } = {}): Promise<Services> {
  const kb = await loadKnowledgeFast();
  return makeServices(kb, env, (loaded) => searchLoader()(loaded, opts).engine);
}
