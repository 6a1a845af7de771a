import { join } from 'node:path';
import { makeServices } from '../../src/app/make-services.js';
import type { Services } from '../../src/commands/types.js';
import { assemble, type KnowledgeBase } from '../../src/knowledge/assemble.js';
import { cacheAt, knowledgeKey } from '../../src/knowledge/cache.js';
import { assembleCached } from '../../src/knowledge/cached.js';
import { readKnowledgeFiles } from '../../src/knowledge/load.js';
import { knowledgeDir, packageRoot } from '../../src/knowledge/paths.js';
import type { SearchEngine } from '../../src/search/engine.js';
import { indexKey, loadSearchEngine } from '../../src/search/index-file.js';

/**
 * Where test processes keep the validated knowledge files and the search index between test files: the
 * first file of a run validates and builds (several seconds of CPU each), the others read them, as `npm
 * start` reads what `npm run build` wrote. Keyed by the knowledge folder and the code (the tests run the
 * TypeScript sources, so their keys differ from dist's own files). Tests of loading and building the
 * search themselves (test/knowledge, test/search) still do both from scratch.
 */
const TEST_CACHE = join(packageRoot(), 'dist', 'test-cache');

let kb: KnowledgeBase | undefined;
let engine: SearchEngine | undefined;

/** The real knowledge base, validated (once per run, then read from the test cache). */
export function testKnowledge(): KnowledgeBase {
  if (kb) return kb;
  const dir = knowledgeDir();
  const key = knowledgeKey(dir);
  const cache = key ? cacheAt(TEST_CACHE, key) : undefined;
  const cached = cache?.read();
  if (cached) return (kb = assembleCached(dir, cached, key!));
  const problems: Parameters<typeof readKnowledgeFiles>[1] = [];
  const files = readKnowledgeFiles(dir, problems);
  kb = assemble(dir, files, problems);
  cache?.write(files);
  return kb;
}

/** The real search engine over it (restored from the test cache's index, or built and saved there). */
function testEngine(base: KnowledgeBase): SearchEngine {
  if (engine) return engine;
  const key = indexKey(base.dir, base.filesKey ?? knowledgeKey(base.dir));
  return (engine = loadSearchEngine(base, key ? { path: join(TEST_CACHE, `index-${key.slice(0, 32)}.v8`) } : { write: false }).engine);
}

/** Services over the real knowledge base and search, as the bot makes them; `env` as the bot would read it. */
export function testServices(env: Services['env'] = {}): Services {
  return makeServices(testKnowledge(), env, testEngine);
}

let shared: Services | undefined;

/** The real knowledge base and engines, made once per test file. */
export function services(overrides: Partial<Services> = {}): Services {
  shared ??= testServices({});
  return { ...shared, ...overrides };
}
