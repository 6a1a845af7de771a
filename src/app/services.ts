import type { Services } from '../commands/types.js';
import { loadKnowledge } from '../knowledge/load.js';
import { SearchEngine } from '../search/engine.js';

/** Loads and validates the knowledge base and builds the engines: once per process. */
export function createServices(env: Services['env'] = process.env): Services {
  const kb = loadKnowledge();
  return { kb, search: new SearchEngine(kb), env, now: () => new Date() };
}
