import { cacheAt, knowledgeKey } from '../knowledge/cache.js';
import { builtCacheRoot } from '../knowledge/fast.js';
import { assemble } from '../knowledge/assemble.js';
import { KnowledgeError, readKnowledgeFiles, type Problem } from '../knowledge/load.js';
import { knowledgeDir } from '../knowledge/paths.js';
import { indexFilePath, indexKey, loadSearchEngine, pruneIndexFiles, readIndexFile } from '../search/index-file.js';
import { bundleCli } from './cli-bundle.js';

/**
 * The last step of `npm run build` (after tsc): validates knowledge/ and writes what a start would otherwise
 * compute, into dist/: the validated files (knowledge/fast.ts reads them) and the search index file
 * (search/index-file.ts), skipped when both are current; and the CLI's one-file bundle (cli-bundle.ts), made
 * each time. Never fails the build: with knowledge/ invalid it says so and writes nothing, and `npm start` then
 * names the problem as always; a bundle that cannot be made leaves the CLI to run unbundled.
 */
function prebuild(): string {
  const dir = knowledgeDir();
  const key = knowledgeKey(dir);
  const search = indexKey(dir);
  if (!key || !search) return `knowledge/ could not be read; the index is built at start instead`;
  const cache = cacheAt(builtCacheRoot(), key, 'shared');
  const path = indexFilePath(dir, search);
  pruneIndexFiles(path);
  if (cache.whole() && readIndexFile(path, search)) return 'knowledge and search index up to date';
  const problems: Problem[] = [];
  const files = readKnowledgeFiles(dir, problems);
  let kb;
  try {
    kb = assemble(dir, files, problems);
  } catch (error) {
    if (error instanceof KnowledgeError) return `knowledge/ is not valid, nothing written (npm start will say why): ${error.message.split('\n')[0]}`;
    throw error;
  }
  cache.write(files);
  const started = performance.now();
  const written = loadSearchEngine(kb).wrote;
  return written ? `search index built in ${((performance.now() - started) / 1000).toFixed(1)} s: ${path}` : `could not write ${path}; the index is built at start instead`;
}

async function bundle(): Promise<string> {
  try {
    return await bundleCli();
  } catch (error) {
    return `the CLI could not be bundled, it runs from dist/src: ${(error as Error).message.split('\n')[0]}`;
  }
}

process.stdout.write(`ecs-netbot build: ${prebuild()}\necs-netbot build: ${await bundle()}\n`);
