import type { Services } from '../commands/types.js';
import { loadKnowledge } from '../knowledge/load.js';
import { SearchEngine } from '../search/engine.js';
import { makeServices } from './make-services.js';

/** Loads and validates the knowledge base and makes the engines in memory: once per process (tests, tools). */
export function createServices(env: Services['env'] = process.env): Services {
  return makeServices(loadKnowledge(), env, (kb) => new SearchEngine(kb));
}
