import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileNames, type KnowledgeFiles } from './assemble.js';
import { decodeEntriesPart, encodeEntriesPart, entriesPartOf, type EntriesPart } from './entries-part.js';
import { memoHash, type Hashed } from './hash-memo.js';
import { sha256Hash, sha256Hex as sha256 } from '../util/sha256.js';

/**
 * The validated knowledge files, cached between CLI calls: a call that finds the knowledge folder unchanged
 * reads JSON instead of parsing and schema-checking every YAML file (about 0.3 s of each call).
 * The key hashes every file of the folder and the code that validated them, so any edit, to the data
 * or to the rules for it, is a miss. Kept per user (~/.cache/ecs-netbot, mode 0700), never in a shared
 * temporary folder another user could write to. Any failure just means no cache.
 *
 * Split in three files (issue #18), so that a call reads only what its command uses: the rules file
 * (`knowledge-<key>.json`: sections, rules, runbooks, and the SHA-256 of the two others), the entries
 * (`.entries.json`: entries, one per line, see entries-part.ts; synonyms, features, aspects, qualifiers,
 * out-of-scope) and the training
 * questions (`.training.json`, used only to build the search index). A load reads the rules file; a part
 * with the size and modification time it was written with is read, hash-checked and parsed when first used
 * (issue #18: `bw` reads neither part, `ask` never the training questions), any other part is read and
 * hash-checked at once (a damaged one is named and passed over, as before).
 */
export interface KnowledgeCache {
  /**
   * The cached files when current; `warn` hears one line when a file is damaged (then undefined). A part left
   * as it was written is read, hash-checked and parsed when first used: if it is found damaged only then, it
   * is named to `warn` and taken from `revalidate` (knowledge/ validated again), or throws without it.
   */
  read(warn?: (line: string) => void, revalidate?: () => KnowledgeFiles): CachedKnowledge | undefined;
  /** Whether the cache is current, whole (every part read and hash-checked) and in this code's format: the build's check. */
  whole(): boolean;
  write(files: KnowledgeFiles): void;
}

/** What the rules file holds: read by every call. */
export type RulesPart = Pick<KnowledgeFiles, 'sections' | 'ruleFiles' | 'runbookFiles'> & {
  /** kb.files: the files the knowledge base came from. */
  names: string[];
};
export type { EntriesPart };
export type TrainingPart = Pick<KnowledgeFiles, 'trainingFiles'>;

/** Cached knowledge: the rules part parsed, the others checked and parsed on first use. */
export interface CachedKnowledge {
  rules: RulesPart;
  entries(): EntriesPart;
  training(): TrainingPart;
}

// The schema code is part of the key (compiled .js, or .ts when the tests run from source), and the rules
// engine's: rules from a cache are compiled when first used, never checked again at start.
const SCHEMA_FILES = ['./schema', './names', '../rules/schema', '../rules/engine'].map((p) => fileURLToPath(new URL(p, import.meta.url)));
const schemaFile = (base: string) => (existsSync(`${base}.js`) ? `${base}.js` : `${base}.ts`);

export function cacheRoot(env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  if (env.NETBOT_CACHE_DIR === 'off') return undefined;
  if (env.NETBOT_CACHE_DIR) return env.NETBOT_CACHE_DIR;
  const base = env.XDG_CACHE_HOME || (env.HOME || homedir() ? join(env.HOME || homedir(), '.cache') : undefined);
  return base ? join(base, 'ecs-netbot') : undefined;
}

/** The YAML files under `dir` (relative, sorted); `folders` gets every folder listed. */
function yamlFiles(dir: string, folders: string[], root = dir): string[] {
  folders.push(dir);
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() ? yamlFiles(join(dir, d.name), folders, root) : /\.ya?ml$/.test(d.name) ? [relative(root, join(dir, d.name))] : []))
    .sort();
}

function hashKnowledge(dir: string): Hashed | undefined {
  try {
    const hash = sha256Hash();
    const schema = SCHEMA_FILES.map(schemaFile);
    for (const file of schema) hash.update(readFileSync(file));
    const folders: string[] = [];
    const files = yamlFiles(dir, folders);
    for (const file of files) hash.update(`\0${file}\0`).update(readFileSync(join(dir, file)));
    return { hash: hash.digest('hex'), paths: [...schema, ...folders, ...files.map((f) => join(dir, f))] };
  } catch {
    return undefined;
  }
}

/**
 * The key of a knowledge folder's validated files: every YAML file of the folder and the schema code that
 * validates them (undefined when a file cannot be read). The search index file reuses it (index-file.ts).
 * Remembered in the per-user cache folder beside the files' stat (hash-memo.ts): unchanged files are not read.
 */
export function knowledgeKey(dir: string, env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  return memoHash(`knowledge files\0${resolve(dir)}`, cacheRoot(env), () => hashKnowledge(dir));
}

/** The per-user cache for a knowledge folder (undefined when turned off or the folder cannot be read). */
export function openKnowledgeCache(dir: string, env = process.env, key = knowledgeKey(dir)): KnowledgeCache | undefined {
  const root = cacheRoot(env);
  return root && key ? cacheAt(root, key) : undefined;
}

/** What this code writes: the parts' stamps in the rules file, the entries one a line (2, issue #18). */
const CACHE_FORMAT = 2;

const PART_NAMES = ['entries', 'training'] as const;
type PartName = (typeof PART_NAMES)[number];

/** A file's size and modification time (undefined when it is not there). */
type FileStamp = [size: number, mtimeMs: number];
function stampOf(path: string): FileStamp | undefined {
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat && [stat.size, stat.mtimeMs];
}

const trainingPart = ({ trainingFiles }: KnowledgeFiles): TrainingPart => ({ trainingFiles });

/**
 * The validated files under `root` for one key: the per-user cache (private), or the copy `npm run build`
 * writes into dist/ (shared: readable by the service's user, it holds only the public knowledge base).
 */
export function cacheAt(root: string, key: string, access: 'private' | 'shared' = 'private'): KnowledgeCache {
  const [dirMode, fileMode] = access === 'private' ? [0o700, 0o600] : [0o755, 0o644];
  const base = join(root, `knowledge-${key.slice(0, 32)}`);
  const paths = { rules: `${base}.json`, entries: `${base}.entries.json`, training: `${base}.training.json` };
  return {
    read(warn, revalidate) {
      let text: string;
      try {
        text = readFileSync(paths.rules, 'utf8');
      } catch {
        return undefined; // not written yet: a plain miss
      }
      const damaged = (path: string, why: string) => {
        warn?.(`the knowledge cache ${path} is ${why}; passed over (the next validation of knowledge/, or npm run build, rewrites it)`);
        return undefined;
      };
      let data: { key?: string; hashes?: Record<PartName, string>; written?: Record<PartName, FileStamp>; rules?: RulesPart };
      try {
        data = JSON.parse(text) as typeof data;
      } catch {
        return damaged(paths.rules, 'not valid JSON');
      }
      // Another key (an older cache, or one whose name collides): a miss, not damage.
      if (data.key !== key) return undefined;
      const { rules, hashes, written } = data;
      if (!rules || !hashes) return damaged(paths.rules, 'incomplete');
      const checked: Partial<Record<PartName, Buffer>> = {};
      for (const part of PART_NAMES) {
        const now = stampOf(paths[part]);
        if (!now) return damaged(paths[part], 'missing');
        // Touched since it was written (or written before the stamps were kept): read and hash-checked now.
        if (now.some((v, i) => v !== written?.[part]?.[i])) {
          const bytes = readFileSync(paths[part]);
          if (sha256(bytes) !== hashes[part]) return damaged(paths[part], 'damaged (its SHA-256 does not match)');
          checked[part] = bytes;
        }
      }
      const part = <T>(name: PartName, decode: (bytes: Buffer) => T, fromFiles: (files: KnowledgeFiles) => T) => (): T => {
        let bytes = checked[name];
        if (!bytes) {
          try {
            bytes = readFileSync(paths[name]);
          } catch {
            damaged(paths[name], 'missing');
          }
          // The build's copy, as the build wrote it, is trusted as the rest of dist/ is (the code, the search
          // index file): checking it would load node:crypto into every call. The per-user cache is checked.
          if (bytes && access === 'private' && sha256(bytes) !== hashes[name]) bytes = damaged(paths[name], 'damaged (its SHA-256 does not match)');
        }
        // Hash-checked: parsing can only fail on a bug, never on a damaged file.
        if (bytes) return decode(bytes);
        if (!revalidate) throw new Error(`the knowledge cache ${paths[name]} is damaged`);
        return fromFiles(revalidate());
      };
      const parseTraining = (bytes: Buffer) => JSON.parse(bytes.toString('utf8')) as TrainingPart;
      return { rules, entries: part('entries', decodeEntriesPart, entriesPartOf), training: part('training', parseTraining, trainingPart) };
    },
    whole() {
      try {
        // Written by this code (an older cache reads as well, but each load hash-checks it, or parses every
        // entry), and every part as its hash says, whether or not a load would check it.
        const data = JSON.parse(readFileSync(paths.rules, 'utf8')) as { key?: string; format?: number; hashes?: Record<PartName, string> };
        return data.key === key && data.format === CACHE_FORMAT && this.read() !== undefined && PART_NAMES.every((part) => sha256(readFileSync(paths[part])) === data.hashes?.[part]);
      } catch {
        return false;
      }
    },
    write(files) {
      try {
        mkdirSync(root, { recursive: true, mode: dirMode });
        const ours = new Set(Object.values(paths));
        for (const old of readdirSync(root)) {
          if (/^knowledge-[0-9a-f]{32}(\.[a-z]+)?\.json$/.test(old) && !ours.has(join(root, old))) rmSync(join(root, old), { force: true });
        }
        const { sections, ruleFiles, runbookFiles } = files;
        const texts: Record<PartName, string> = { entries: encodeEntriesPart(files), training: JSON.stringify(trainingPart(files)) };
        const rules: RulesPart = { sections, ruleFiles, runbookFiles, names: fileNames(files) };
        const hashes = Object.fromEntries(PART_NAMES.map((part) => [part, sha256(texts[part])]));
        // The parts first, the rules file (which names their hashes) last; each atomically (temp file + rename).
        const put = (path: string, text: string) => {
          const tmp = `${path}.${process.pid}.tmp`;
          writeFileSync(tmp, text, { mode: fileMode });
          renameSync(tmp, path);
        };
        for (const part of PART_NAMES) put(paths[part], texts[part]);
        // Each part's size and time as written: a load that finds them so hash-checks the part when it is first used.
        const written = Object.fromEntries(PART_NAMES.map((part) => [part, stampOf(paths[part])]));
        put(paths.rules, JSON.stringify({ key, format: CACHE_FORMAT, hashes, written, rules }));
      } catch {
        // A read-only home or a full disk: the next call parses the files again, nothing else changes.
      }
    },
  };
}
