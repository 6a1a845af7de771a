import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

// node:util only when there is a .env to parse: a CLI call without one does not load it (issue #18).
const parseEnv = (text: string): object => (createRequire(import.meta.url)('node:util') as typeof import('node:util')).parseEnv(text);

/**
 * Reads KEY=value lines from a .env file into `env`, for `npm start` after `cp .env.example .env`.
 * A variable already set in the environment wins (a deployment's real settings beat a forgotten file);
 * a missing file is not an error. Returns the names it set, never the values (they are secrets).
 */
export function loadEnvFile(path: string, env: NodeJS.ProcessEnv): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const set: string[] = [];
  for (const [name, value] of Object.entries(parseEnv(text))) {
    if (env[name] !== undefined) continue;
    env[name] = value;
    set.push(name);
  }
  return set;
}

/**
 * `.env` in the working directory into process.env, as `npm start` and the CLI both read it (the same file,
 * the same precedence); returns a one-line problem when the file exists but cannot be read.
 */
export function loadDotEnv(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string | undefined {
  try {
    loadEnvFile(join(cwd, '.env'), env);
    return undefined;
  } catch (error) {
    return `could not read .env: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`;
  }
}
