import type { Services } from '../commands/types.js';
import { loadKnowledgeFast } from '../knowledge/fast.js';
import { createRequire } from 'node:module';
import { makeServices } from './make-services.js';
import type { IndexFileProblem } from '../search/index-file.js';

// The search modules are loaded with the search itself, on first use (require of an ES module, Node >= 20.19):
// in Slack mode that is the warm-up right after ready, so a start does not load them first (issue #18).
const require = createRequire(import.meta.url);
const searchLoader = () => (require('../search/index-file.js') as typeof import('../search/index-file.js')).loadSearchEngine;

const INDEX_FILE: Record<IndexFileProblem, string> = {
  missing: 'there is no search index file for this knowledge/ and search code',
  stale: 'the search index file was made for another knowledge/ or search code',
  damaged: 'the search index file could not be read',
};

/** The line said before the search index is built in memory (`npm start` and the CLI), with why. */
export const buildingIndex = (problem: IndexFileProblem) =>
  `${INDEX_FILE[problem]}: building the search index (a few seconds; \`npm run build\` writes the file)…`;

/**
 * Services for `npm start`: the knowledge base as `npm run build` validated it when knowledge/ is unchanged
 * (else validated now: the YAML parser and the schemas are loaded only then), the search index from the index
 * file (else built in memory, `onBuild` told first, and the file rewritten). The search is made on first use.
 */
export async function loadServices(env: Services['env'], opts: { onBuild?: (problem: IndexFileProblem) => void } = {}): Promise<Services> {
  const kb = await loadKnowledgeFast();
  return makeServices(kb, env, (loaded) => searchLoader()(loaded, opts).engine);
}
