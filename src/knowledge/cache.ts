import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileNames, type KnowledgeFiles } from './assemble.js';

/**
 * The validated knowledge files, cached between CLI calls: a call that finds the knowledge folder unchanged
 * reads JSON instead of parsing and schema-checking every YAML file (about 0.3 s of each call).
 * The key hashes every file of the folder and the code that validated them, so any edit, to the data
 * or to the rules for it, is a miss. Kept per user (~/.cache/ecs-netbot, mode 0700), never in a shared
 * temporary folder another user could write to. Any failure just means no cache.
 *
 * Split in three files (issue #18), so that a call reads only what its command uses: the rules file
 * (`knowledge-<key>.json`: sections, rules, runbooks, and the SHA-256 of the two others), the entries
 * (`.entries.json`: entries, synonyms, features, aspects, qualifiers, out-of-scope) and the training
 * questions (`.training.json`, used only to build the search index). Every file is read and hash-checked at
 * once (a few milliseconds); the entries and the training questions are parsed only when first used.
 */
export interface KnowledgeCache {
  /** The cached files when current and whole; `warn` hears one line when a file is damaged (then undefined). */
  read(warn?: (line: string) => void): CachedKnowledge | undefined;
  write(files: KnowledgeFiles): void;
}

/** What the rules file holds: read by every call. */
export type RulesPart = Pick<KnowledgeFiles, 'sections' | 'ruleFiles' | 'runbookFiles'> & {
  /** kb.files: the files the knowledge base came from. */
  names: string[];
};
export type EntriesPart = Pick<KnowledgeFiles, 'synonyms' | 'outOfScope' | 'entryFiles' | 'features' | 'aspects' | 'qualifiers'>;
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
const schemaSource = (base: string) => {
  try {
    return readFileSync(`${base}.js`);
  } catch {
    return readFileSync(`${base}.ts`);
  }
};

export function cacheRoot(env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  if (env.NETBOT_CACHE_DIR === 'off') return undefined;
  if (env.NETBOT_CACHE_DIR) return env.NETBOT_CACHE_DIR;
  const base = env.XDG_CACHE_HOME || (env.HOME || homedir() ? join(env.HOME || homedir(), '.cache') : undefined);
  return base ? join(base, 'ecs-netbot') : undefined;
}

function yamlFiles(dir: string, root = dir): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() ? yamlFiles(join(dir, d.name), root) : /\.ya?ml$/.test(d.name) ? [relative(root, join(dir, d.name))] : []))
    .sort();
}

/**
 * The key of a knowledge folder's validated files: every YAML file of the folder and the schema code that
 * validates them (undefined when a file cannot be read). The search index file reuses it (index-file.ts).
 */
export function knowledgeKey(dir: string): string | undefined {
  try {
    const hash = createHash('sha256');
    for (const file of SCHEMA_FILES) hash.update(schemaSource(file));
    for (const file of yamlFiles(dir)) hash.update(`\0${file}\0`).update(readFileSync(join(dir, file)));
    return hash.digest('hex');
  } catch {
    return undefined;
  }
}

/** The per-user cache for a knowledge folder (undefined when turned off or the folder cannot be read). */
export function openKnowledgeCache(dir: string, env = process.env, key = knowledgeKey(dir)): KnowledgeCache | undefined {
  const root = cacheRoot(env);
  return root && key ? cacheAt(root, key) : undefined;
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

const PART_NAMES = ['entries', 'training'] as const;
type PartName = (typeof PART_NAMES)[number];

/**
 * The validated files under `root` for one key: the per-user cache (private), or the copy `npm run build`
 * writes into dist/ (readable by the service's user: it holds only the public knowledge base).
 */
export function cacheAt(root: string, key: string, access: 'private' | 'shared' = 'private'): KnowledgeCache {
  const [dirMode, fileMode] = access === 'private' ? [0o700, 0o600] : [0o755, 0o644];
  const base = join(root, `knowledge-${key.slice(0, 32)}`);
  const paths = { rules: `${base}.json`, entries: `${base}.entries.json`, training: `${base}.training.json` };
  return {
    read(warn) {
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
      let data: { key?: string; hashes?: Record<PartName, string>; rules?: RulesPart };
      try {
        data = JSON.parse(text) as typeof data;
      } catch {
        return damaged(paths.rules, 'not valid JSON');
      }
      // Another key (an older cache, or one whose name collides): a miss, not damage.
      if (data.key !== key) return undefined;
      if (!data.rules || !data.hashes) return damaged(paths.rules, 'incomplete');
      const bytes = {} as Record<PartName, Buffer>;
      for (const part of PART_NAMES) {
        try {
          bytes[part] = readFileSync(paths[part]);
        } catch {
          return damaged(paths[part], 'missing');
        }
        if (sha256(bytes[part]) !== data.hashes[part]) return damaged(paths[part], 'damaged (its SHA-256 does not match)');
      }
      // Hash-checked above: parsing these can only fail on a bug, never on a damaged file.
      const parse = <T>(part: PartName) => () => JSON.parse(bytes[part].toString('utf8')) as T;
      return { rules: data.rules, entries: parse<EntriesPart>('entries'), training: parse<TrainingPart>('training') };
    },
    write(files) {
      try {
        mkdirSync(root, { recursive: true, mode: dirMode });
        const ours = new Set(Object.values(paths));
        for (const old of readdirSync(root)) {
          if (/^knowledge-[0-9a-f]{32}(\.[a-z]+)?\.json$/.test(old) && !ours.has(join(root, old))) rmSync(join(root, old), { force: true });
        }
        const { sections, ruleFiles, runbookFiles, trainingFiles, ...entries } = files;
        const texts: Record<PartName, string> = { entries: JSON.stringify(entries), training: JSON.stringify({ trainingFiles }) };
        const rules: RulesPart = { sections, ruleFiles, runbookFiles, names: fileNames(files) };
        const hashes = Object.fromEntries(PART_NAMES.map((part) => [part, sha256(texts[part])]));
        // The parts first, the rules file (which names their hashes) last; each atomically (temp file + rename).
        const put = (path: string, text: string) => {
          const tmp = `${path}.${process.pid}.tmp`;
          writeFileSync(tmp, text, { mode: fileMode });
          renameSync(tmp, path);
        };
        for (const part of PART_NAMES) put(paths[part], texts[part]);
        put(paths.rules, JSON.stringify({ key, hashes, rules }));
      } catch {
        // A read-only home or a full disk: the next call parses the files again, nothing else changes.
      }
    },
  };
}
