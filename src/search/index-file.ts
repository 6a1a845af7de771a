import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { KnowledgeBase } from '../knowledge/assemble.js';
import { knowledgeKey } from '../knowledge/cache.js';
import { SearchEngine, SNAPSHOT_VERSION, type EngineSnapshot } from './engine.js';
import { folderName, INDEX_DIR, indexFilePath, indexKey } from './index-key.js';

export { indexFileCurrent, indexFilePath, indexKey } from './index-key.js';

/**
 * The search index and its tables, built once (by `npm run build`, see app/prebuild.ts) into a file that a
 * start or a CLI call loads instead of building them again (about 2.5 s). The file's key is the knowledge
 * folder's (knowledge/cache.ts: every YAML file and the schema code), the code that builds the index (this
 * folder and knowledge/, as it runs: .js from dist/, .ts from source), the snapshot's version and V8's
 * (v8.serialize's format). A missing, unreadable or stale file is never an error: the engine is built in
 * memory as before and the file rewritten where that is allowed.
 */

/**
 * The file's layout (issue #18): a 4-byte length, then v8.serialize({ key, engine, arrays }) where each typed
 * array of the snapshot's objects is left out (`arrays` says where it goes and where its bytes are), then the
 * arrays' bytes, each at a multiple of 8. Reading makes each typed array a view on the bytes read, not a copy
 * (v8.deserialize copied the 8 MB of them, and the garbage collector then moved them again).
 */
type TypedArray = Int32Array | Float64Array | Float32Array | Uint32Array | Uint16Array | Uint8Array | Int16Array | Int8Array;
const TYPED = { Int32Array, Float64Array, Float32Array, Uint32Array, Uint16Array, Uint8Array, Int16Array, Int8Array } as const;
type TypedName = keyof typeof TYPED;
interface ArrayPlace {
  path: string[];
  type: TypedName;
  offset: number;
  length: number;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

/** The snapshot without its typed arrays (copied objects along their paths only), and the arrays with their paths. */
function takeArrays(value: Record<string, unknown>, path: string[], found: Array<{ path: string[]; array: TypedArray }>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, child] of Object.entries(value)) {
    const type = ArrayBuffer.isView(child) ? (child.constructor.name as TypedName) : undefined;
    if (type && type in TYPED) found.push({ path: [...path, name], array: child as TypedArray });
    else out[name] = isPlainObject(child) ? takeArrays(child, [...path, name], found) : child;
  }
  return out;
}

function encodeIndexFile(key: string, engine: EngineSnapshot): Buffer {
  const found: Array<{ path: string[]; array: TypedArray }> = [];
  const stripped = takeArrays(engine as unknown as Record<string, unknown>, [], found);
  const arrays: ArrayPlace[] = [];
  let offset = 0;
  for (const { path, array } of found) {
    arrays.push({ path, type: array.constructor.name as TypedName, offset, length: array.length });
    offset += Math.ceil(array.byteLength / 8) * 8;
  }
  const header = serialize({ key, engine: stripped, arrays });
  const start = Math.ceil((4 + header.length) / 8) * 8;
  const file = Buffer.alloc(start + offset);
  file.writeUInt32LE(header.length, 0);
  header.copy(file, 4);
  for (const [i, { array }] of found.entries()) Buffer.from(array.buffer, array.byteOffset, array.byteLength).copy(file, start + arrays[i]!.offset);
  return file;
}

/** The snapshot in the file when its key is `key`; undefined when missing, unreadable or stale. */
export function readIndexFile(path: string, key: string): EngineSnapshot | undefined {
  try {
    const file = readFileSync(path);
    const length = file.readUInt32LE(0);
    const data = deserialize(file.subarray(4, 4 + length)) as { key?: unknown; engine?: Record<string, unknown>; arrays?: ArrayPlace[] };
    if (data.key !== key || !data.engine || !Array.isArray(data.arrays)) return undefined;
    const start = Math.ceil((4 + length) / 8) * 8;
    for (const { path: where, type, offset, length: count } of data.arrays) {
      const Typed = TYPED[type];
      const at = file.byteOffset + start + offset;
      if (!Typed || start + offset + count * Typed.BYTES_PER_ELEMENT > file.length) return undefined;
      // A view where the bytes are aligned for the type (always, for a file read whole); a copy otherwise.
      const array = at % Typed.BYTES_PER_ELEMENT === 0 ? new Typed(file.buffer, at, count) : new Typed(file.buffer.slice(at, at + count * Typed.BYTES_PER_ELEMENT));
      let target = data.engine;
      for (const name of where.slice(0, -1)) target = target[name] as Record<string, unknown>;
      target[where[where.length - 1]!] = array;
    }
    const engine = data.engine as unknown as EngineSnapshot;
    return engine.version === SNAPSHOT_VERSION ? engine : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the file (atomically: a reader sees the old file or the new one); false when it could not. */
export function writeIndexFile(path: string, key: string, engine: SearchEngine): boolean {
  try {
    mkdirSync(dirname(path), { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, encodeIndexFile(key, engine.snapshot()));
    renameSync(tmp, path);
    return true;
  } catch {
    try {
      rmSync(`${path}.${process.pid}.tmp`, { force: true });
    } catch {
      // Nothing was written there either.
    }
    return false;
  }
}

export interface LoadedEngine {
  engine: SearchEngine;
  /** file: restored from the index file; built: built in memory (the file was missing, stale or unreadable). */
  from: 'file' | 'built';
  /** Whether a built engine was written back to the file. */
  wrote: boolean;
}

/** Removes the folder's index files for other keys (stale once a new one is written); best effort. */
function removeStale(dir: string, keep: string): void {
  try {
    for (const name of readdirSync(INDEX_DIR())) {
      if (name.startsWith(`${folderName(dir)}-`) && name.endsWith('.v8') && join(INDEX_DIR(), name) !== keep) rmSync(join(INDEX_DIR(), name), { force: true });
    }
  } catch {
    // Nothing to tidy.
  }
}

export interface LoadOptions {
  /** The index file (default: indexFilePath(kb.dir, key)). */
  path?: string;
  /** Rewrite a missing or stale file after building (default true; a read-only install just builds each time). */
  write?: boolean;
  /** Called before building in memory (the caller may say that this takes a few seconds). */
  onBuild?: () => void;
}

/** The search engine over `kb` with the default options: from the index file when it matches, else built. */
export function loadSearchEngine(kb: KnowledgeBase, opts: LoadOptions = {}): LoadedEngine {
  // The files' key is known when the knowledge base came from a cache: the folder is not hashed twice.
  const key = indexKey(kb.dir, kb.filesKey ?? knowledgeKey(kb.dir));
  const path = opts.path ?? (key ? indexFilePath(kb.dir, key) : undefined);
  const snapshot = key && path ? readIndexFile(path, key) : undefined;
  if (snapshot) {
    try {
      return { engine: new SearchEngine(kb, {}, snapshot), from: 'file', wrote: false };
    } catch {
      // A snapshot this code cannot read after all: build instead.
    }
  }
  opts.onBuild?.();
  const engine = new SearchEngine(kb);
  const wrote = key !== undefined && path !== undefined && opts.write !== false && writeIndexFile(path, key, engine);
  if (wrote && !opts.path) removeStale(kb.dir, path!);
  return { engine, from: 'built', wrote };
}

