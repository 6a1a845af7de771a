import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { KnowledgeBase } from '../knowledge/assemble.js';
import { knowledgeKey } from '../knowledge/cache.js';
import { DEFERRED, SearchEngine, SNAPSHOT_VERSION, type EngineSnapshot } from './engine.js';
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
 * The file's layout (issue #18): a 4-byte length, then v8.serialize({ key, engine, arrays, eager }) where each
 * typed array of the snapshot's objects is left out (`arrays` says where it goes and where its bytes are),
 * then the arrays' bytes, each at a multiple of 8: first those read with the file, then (from byte `eager` on)
 * the rows of the n-gram postings (DEFERRED in engine.ts), which a one-question load (`lazy`, the CLI) reads a
 * row at a time as a question needs them, instead of all 3.5 MB. Reading makes each typed array a view on the
 * bytes read, not a copy (v8.deserialize copied them, and the garbage collector then moved them again).
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

const deferred = (path: string[]) => DEFERRED.includes(path.join('.'));

function encodeIndexFile(key: string, engine: EngineSnapshot): Buffer {
  const found: Array<{ path: string[]; array: TypedArray }> = [];
  const stripped = takeArrays(engine as unknown as Record<string, unknown>, [], found);
  // The arrays read with the file first, the deferred ones after.
  found.sort((a, b) => Number(deferred(a.path)) - Number(deferred(b.path)));
  const arrays: ArrayPlace[] = [];
  let offset = 0;
  let eager = 0;
  for (const { path, array } of found) {
    arrays.push({ path, type: array.constructor.name as TypedName, offset, length: array.length });
    offset += Math.ceil(array.byteLength / 8) * 8;
    if (!deferred(path)) eager = offset;
  }
  const header = serialize({ key, engine: stripped, arrays, eager });
  const start = Math.ceil((4 + header.length) / 8) * 8;
  const file = Buffer.alloc(start + offset);
  file.writeUInt32LE(header.length, 0);
  header.copy(file, 4);
  for (const [i, { array }] of found.entries()) Buffer.from(array.buffer, array.byteOffset, array.byteLength).copy(file, start + arrays[i]!.offset);
  return file;
}

/** Fills `into` with the bytes at `position`, all of them or throws. */
function readAt(fd: number, into: NodeJS.ArrayBufferView, position: number): void {
  if (readSync(fd, into, 0, into.byteLength, position) !== into.byteLength) throw new Error('the index file ended early');
}

/** A deferred array of a lazily read file: each slice asked for is read then (and kept). */
class FileRows {
  private readonly read = new Map<number, TypedArray>();

  constructor(
    private readonly fd: number,
    private readonly Typed: (typeof TYPED)[TypedName],
    private readonly position: number,
    readonly length: number,
  ) {}

  subarray(start: number, end: number): TypedArray {
    let rows = this.read.get(start);
    if (!rows || rows.length !== end - start) {
      rows = new this.Typed(Math.max(0, end - start));
      readAt(this.fd, rows, this.position + start * rows.BYTES_PER_ELEMENT);
      this.read.set(start, rows);
    }
    return rows;
  }
}

export interface ReadOptions {
  /**
   * Read the deferred arrays (the n-gram postings) a row at a time, when a search asks for them, keeping the
   * file open: for one question (the CLI). Default: the whole file at once (the bot).
   */
  lazy?: boolean;
}

/** Why an index file could not be used: none there, made for another key or version, or unreadable. */
export type IndexFileProblem = 'missing' | 'stale' | 'damaged';

/** The snapshot in the file when its key is `key`; undefined when missing, unreadable or stale. */
export function readIndexFile(path: string, key: string, opts: ReadOptions = {}): EngineSnapshot | undefined {
  const read = inspectIndexFile(path, key, opts);
  return typeof read === 'string' ? undefined : read;
}

/** The snapshot in the file when its key is `key`, else why not. */
function inspectIndexFile(path: string, key: string, { lazy = false }: ReadOptions): EngineSnapshot | IndexFileProblem {
  let fd: number | undefined;
  try {
    try {
      fd = openSync(path, 'r');
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'damaged';
    }
    const size = fstatSync(fd).size;
    const lengthBytes = Buffer.alloc(4);
    readAt(fd, lengthBytes, 0);
    const length = lengthBytes.readUInt32LE(0);
    if (4 + length > size) return 'damaged';
    const start = Math.ceil((4 + length) / 8) * 8;
    const headerBytes = Buffer.alloc(length);
    readAt(fd, headerBytes, 4);
    const data = deserialize(headerBytes) as { key?: unknown; engine?: Record<string, unknown>; arrays?: ArrayPlace[]; eager?: number };
    if (data.key !== key || (data.engine as { version?: unknown } | undefined)?.version !== SNAPSHOT_VERSION) return 'stale';
    if (!data.engine || !Array.isArray(data.arrays) || typeof data.eager !== 'number') return 'damaged';
    // The arrays read now: all of them, or those before the deferred ones. One read, into memory aligned for any type.
    const now = new Float64Array(Math.ceil((lazy ? data.eager : size - start) / 8));
    readAt(fd, now, start);
    for (const { path: where, type, offset, length: count } of data.arrays) {
      const Typed = TYPED[type];
      if (!Typed || start + offset + count * Typed.BYTES_PER_ELEMENT > size) return 'damaged';
      const array = lazy && offset >= data.eager ? new FileRows(fd, Typed, start + offset, count) : new Typed(now.buffer, offset, count);
      let target = data.engine;
      for (const name of where.slice(0, -1)) target = target[name] as Record<string, unknown>;
      target[where[where.length - 1]!] = array;
    }
    // Kept open for the deferred rows of a lazy read (until the process ends).
    if (lazy) fd = undefined;
    return data.engine as unknown as EngineSnapshot;
  } catch {
    return 'damaged';
  } finally {
    if (fd !== undefined) closeSync(fd);
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

/** The snapshot version an index file was written with (undefined when it cannot be read). */
function versionOf(path: string): unknown {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const lengthBytes = Buffer.alloc(4);
    readAt(fd, lengthBytes, 0);
    const header = Buffer.alloc(lengthBytes.readUInt32LE(0));
    readAt(fd, header, 4);
    return (deserialize(header) as { engine?: { version?: unknown } }).engine?.version;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Removes the index files no code of this version reads (another snapshot version, or unreadable), whatever
 * their knowledge folder, but `keep`: the build's tidying, as the files' names once changed (issue #18).
 */
export function pruneIndexFiles(keep: string, dir = INDEX_DIR()): string[] {
  const removed: string[] = [];
  try {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (path === keep || !name.endsWith('.v8') || versionOf(path) === SNAPSHOT_VERSION) continue;
      rmSync(path, { force: true });
      removed.push(name);
    }
  } catch {
    // Nothing to tidy.
  }
  return removed;
}

/** Whether the folder has an index file for some key. */
function hasFolderFile(dir: string): boolean {
  try {
    return readdirSync(INDEX_DIR()).some((name) => name.startsWith(`${folderName(dir)}-`) && name.endsWith('.v8'));
  } catch {
    return false;
  }
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

export interface LoadOptions extends ReadOptions {
  /** The index file (default: indexFilePath(kb.dir, key)). */
  path?: string;
  /** Rewrite a missing or stale file after building (default true; a read-only install just builds each time). */
  write?: boolean;
  /** Called before building in memory, with why the file could not be used (the caller may say that this takes a few seconds). */
  onBuild?: (problem: IndexFileProblem) => void;
}

/** The search engine over `kb` with the default options: from the index file when it matches, else built. */
export function loadSearchEngine(kb: KnowledgeBase, opts: LoadOptions = {}): LoadedEngine {
  // The files' key is known when the knowledge base came from a cache: the folder is not hashed twice.
  const key = indexKey(kb.dir, kb.filesKey ?? knowledgeKey(kb.dir));
  const path = opts.path ?? (key ? indexFilePath(kb.dir, key) : undefined);
  let read: EngineSnapshot | IndexFileProblem = key && path ? inspectIndexFile(path, key, { lazy: opts.lazy ?? false }) : 'missing';
  if (typeof read !== 'string') {
    try {
      return { engine: new SearchEngine(kb, {}, read), from: 'file', wrote: false };
    } catch {
      // A snapshot this code cannot read after all: build instead.
      read = 'damaged';
    }
  }
  // No file for this key, but one of the folder's for another: stale (knowledge/ or the code changed since).
  if (read === 'missing' && !opts.path && hasFolderFile(kb.dir)) read = 'stale';
  opts.onBuild?.(read);
  const engine = new SearchEngine(kb);
  const wrote = key !== undefined && path !== undefined && opts.write !== false && writeIndexFile(path, key, engine);
  if (wrote && !opts.path) removeStale(kb.dir, path!);
  return { engine, from: 'built', wrote };
}

