import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KnowledgeFiles } from './assemble.js';

/**
 * The validated knowledge files, cached between CLI calls: a call that finds the knowledge folder unchanged
 * reads one JSON file instead of parsing and schema-checking every YAML file (about 0.3 s of each call).
 * The key hashes every file of the folder and the schema code that validated them, so any edit, to the data
 * or to the rules for it, is a miss. Kept per user (~/.cache/ecs-netbot, mode 0700), never in a shared
 * temporary folder another user could write to. Any failure just means no cache.
 */
export interface KnowledgeCache {
  read(): KnowledgeFiles | undefined;
  write(files: KnowledgeFiles): void;
}

// The schema code is part of the key (compiled .js, or .ts when the tests run from source).
const SCHEMA_FILES = ['./schema', './names', '../rules/schema'].map((p) => fileURLToPath(new URL(p, import.meta.url)));
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

/**
 * The validated files under `root` for one key: the per-user cache (private), or the copy `npm run build`
 * writes into dist/ (readable by the service's user: it holds only the public knowledge base).
 */
export function cacheAt(root: string, key: string, access: 'private' | 'shared' = 'private'): KnowledgeCache {
  const [dirMode, fileMode] = access === 'private' ? [0o700, 0o600] : [0o755, 0o644];
  const path = join(root, `knowledge-${key.slice(0, 32)}.json`);
  return {
    read() {
      try {
        const data = JSON.parse(readFileSync(path, 'utf8')) as { key?: string; files?: KnowledgeFiles };
        return data.key === key && data.files ? data.files : undefined;
      } catch {
        return undefined;
      }
    },
    write(files) {
      try {
        mkdirSync(root, { recursive: true, mode: dirMode });
        for (const old of readdirSync(root)) if (/^knowledge-[0-9a-f]{32}\.json$/.test(old) && join(root, old) !== path) rmSync(join(root, old), { force: true });
        const tmp = `${path}.${process.pid}.tmp`;
        writeFileSync(tmp, JSON.stringify({ key, files }), { mode: fileMode });
        renameSync(tmp, path);
      } catch {
        // A read-only home or a full disk: the next call parses the files again, nothing else changes.
      }
    },
  };
}
