import type { Services } from '../commands/types.js';
import type { KnowledgeBase } from '../knowledge/assemble.js';
import type { SearchEngine } from '../search/engine.js';

// Services whose search is not made yet, with what to do just before it is (see beforeSearchWait).
const waiting = new WeakMap<Services, Array<() => void>>();

/** Services over a loaded knowledge base; the search index is built on first use only (a calculation never needs it). */
export function makeServices(kb: KnowledgeBase, env: Services['env'], makeSearch: (kb: KnowledgeBase) => SearchEngine): Services {
  let search: SearchEngine | undefined;
  const services: Services = {
    kb,
    get search() {
      if (!search) {
        const hooks = waiting.get(services) ?? [];
        waiting.delete(services);
        for (const hook of hooks) hook();
        search = makeSearch(kb);
      }
      return search;
    },
    env,
    now: () => new Date(),
  };
  waiting.set(services, []);
  return services;
}

/**
 * Runs `hook` right before the search index is loaded or built, when something first needs it: the console
 * says "loading…" then, once. Nothing happens when the index is already there (or the services were not made
 * here, e.g. a test's own). Returns what takes the hook back (a console that ended says nothing more).
 */
export function beforeSearchWait(services: Services, hook: () => void): () => void {
  waiting.get(services)?.push(hook);
  return () => {
    const hooks = waiting.get(services);
    if (hooks?.includes(hook)) hooks.splice(hooks.indexOf(hook), 1);
  };
}

/**
 * `base` with `more` added, its search still made on first use: a spread ({ ...base }) would read the search
 * getter, loading the index before the bot is ready (issue #18).
 */
export function extendServices(base: Services, more: Partial<Services>): Services {
  return Object.defineProperties({} as Services, { ...Object.getOwnPropertyDescriptors(base), ...Object.getOwnPropertyDescriptors(more) });
}
