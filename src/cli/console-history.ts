import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { redact } from '../util/redact.js';

/** Lines kept across sessions: the newest, as many as a shell keeps by default. */
export const HISTORY_SIZE = 500;

/**
 * Where the console keeps its history: NETBOT_HISTORY (a file path, or off/0/false/none for no history),
 * else $XDG_STATE_HOME/ecs-netbot/history, else ~/.local/state/ecs-netbot/history (the XDG default).
 * undefined: no history kept.
 */
export function historyPath(env: NodeJS.ProcessEnv): string | undefined {
  const setting = env.NETBOT_HISTORY?.trim();
  if (setting && /^(?:off|0|false|no|none)$/i.test(setting)) return undefined;
  if (setting) return setting;
  const state = env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state');
  return join(state, 'ecs-netbot', 'history');
}

// Alibaba Cloud AccessKey ids and "secret=…"-style assignments, beyond what log redaction already finds.
const MORE_SECRETS = /\bLTAI[0-9A-Za-z]{12,}|\b(?:secret|password|passwd|token|access[_-]?key)\s*[=:]\s*\S/i;

/** A line that must not be written to disk: a Slack token, a credential in a URL, an access key. */
export const looksSecret = (line: string): boolean => redact(line) !== line || MORE_SECRETS.test(line);

/** The history in readline's order (newest first); empty when the file is missing or unreadable. */
export function loadHistory(path: string): string[] {
  try {
    const lines = readFileSync(path, 'utf8').split('\n').filter((line) => line.trim() && !looksSecret(line));
    return lines.slice(-HISTORY_SIZE).reverse();
  } catch {
    return [];
  }
}

/**
 * Writes readline's history (newest first) to the file, oldest line first as shells do: only the owner can read
 * it (0600, in a 0700 folder), secrets left out, at most HISTORY_SIZE lines, replaced atomically. false when it
 * could not be written (the console goes on without).
 */
export function saveHistory(path: string, history: readonly string[]): boolean {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const lines = history.filter((line) => !looksSecret(line)).slice(0, HISTORY_SIZE).reverse();
    writeFileSync(tmp, lines.map((line) => line + '\n').join(''), { mode: 0o600 });
    renameSync(tmp, path);
    return true;
  } catch {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // Nothing was written there either.
    }
    return false;
  }
}
