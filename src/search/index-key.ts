import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KnowledgeBase } from '../knowledge/assemble.js';
import { cacheRoot, knowledgeKey } from '../knowledge/cache.js';
import { memoHash, shortHash, type Hashed } from '../knowledge/hash-memo.js';
import { sha256Hash } from '../util/sha256.js';
import { packageRoot } from '../knowledge/paths.js';
import { SNAPSHOT_VERSION } from './snapshot-version.js';

/**
 * The search index file's key and place (index-file.ts reads and writes it): apart from the engine, so that a
 * start can tell whether the file is current without loading the search modules (issue #18).
 */

// The code behind the index: the search folder and the knowledge loader, in the form that runs.
const CODE_DIRS = ['.', '../knowledge'].map((p) => fileURLToPath(new URL(p, import.meta.url)));
const RUNNING_EXT = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

/** The code behind the index, hashed: the search folder and the knowledge loader, as they run. */
function hashCode(knowledge: string): Hashed {
  const hash = sha256Hash().update(`${knowledge}\0`);
  const paths = [...CODE_DIRS];
  for (const dir of CODE_DIRS) {
    for (const name of readdirSync(dir).filter((n) => n.endsWith(RUNNING_EXT)).sort()) {
      hash.update(`\0${name}\0`).update(readFileSync(join(dir, name)));
      paths.push(join(dir, name));
    }
  }
  return { hash: hash.update(`\0${SNAPSHOT_VERSION}\0${process.versions.v8}`).digest('hex'), paths };
}

/**
 * The key an index file must carry to be used for this knowledge folder; undefined when it cannot be computed.
 * Remembered beside the code files' stat, as the knowledge folder's key is (knowledge/hash-memo.ts).
 */
export function indexKey(dir: string, knowledge = knowledgeKey(dir)): string | undefined {
  if (!knowledge) return undefined;
  const code = `${CODE_DIRS.join('\0')}\0${RUNNING_EXT}`;
  try {
    return memoHash(`search index\0${code}\0${knowledge}\0${SNAPSHOT_VERSION}\0${process.versions.v8}`, cacheRoot(), () => hashCode(knowledge), `search index\0${code}`);
  } catch {
    return undefined;
  }
}

export const INDEX_DIR = () => join(packageRoot(), 'dist', 'search-index');
export const folderName = (dir: string) => shortHash(resolve(dir));

/**
 * Where the index of a knowledge folder with this key is kept: dist/search-index/<folder>-<key>.v8. The key
 * in the name lets a start see whether the file is current without reading it (see indexFileCurrent); the
 * whole key inside the file is still what decides.
 */
export function indexFilePath(dir: string, key: string): string {
  return join(INDEX_DIR(), `${folderName(dir)}-${key.slice(0, 32)}.v8`);
}

/**
 * Whether the build's index file for this knowledge base is there for its current key (a name check, the
 * file not read): then loading the search takes a fraction of a second, and a start may defer it.
 */
export function indexFileCurrent(kb: Pick<KnowledgeBase, 'dir' | 'filesKey'>): boolean {
  const key = indexKey(kb.dir, kb.filesKey ?? knowledgeKey(kb.dir));
  return key !== undefined && existsSync(indexFilePath(kb.dir, key));
}
