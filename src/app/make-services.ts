import type { Services } from '../commands/types.js';
import type { KnowledgeBase } from '../knowledge/assemble.js';
import type { SearchEngine } from '../search/engine.js';

/** Services over a loaded knowledge base; the search index is built on first use only (a calculation never needs it). */
export function makeServices(kb: KnowledgeBase, env: Services['env'], makeSearch: (kb: KnowledgeBase) => SearchEngine): Services {
  let search: SearchEngine | undefined;
  return {
    kb,
    get search() {
      search ??= makeSearch(kb);
      return search;
    },
    env,
    now: () => new Date(),
  };
}
