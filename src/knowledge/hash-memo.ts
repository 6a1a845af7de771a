import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A hash of many files, remembered beside each file's stat (size, inode, modification and change times to
 * the nanosecond), as git's index does: a call that finds every file and folder exactly as stat'ed reads the
 * hash instead of reading and hashing the files again (issue #18: the knowledge folder's 39 files and the
 * search code cost each CLI call ~15 ms; stat'ing them, under 1 ms). Any change to a file changes its change
 * time (which no user can set), and adding, removing or renaming a file changes its folder's. A memo is not
 * written while a file is younger than a few seconds (its change could share its time stamp: git's "racy"
 * files); a missing, unreadable or stale memo only means hashing as before.
 */
export interface Hashed {
  hash: string;
  /** Every file read and every folder listed to make the hash. */
  paths: string[];
}

type Stamp = [path: string, size: string, ino: string, mtimeNs: string, ctimeNs: string];

/** Younger than this, a file may still change within its time stamp's granularity (2 s on some file systems). */
const RACY_MS = 3000;

function stampOf(path: string): Stamp | undefined {
  const s = statSync(path, { bigint: true, throwIfNoEntry: false });
  return s && [path, String(s.size), String(s.ino), String(s.mtimeNs), String(s.ctimeNs)];
}

const sameStamp = (a: Stamp | undefined, b: Stamp) => a !== undefined && a.every((v, i) => v === b[i]);

/**
 * 16 hex digits from two FNV-1a hashes of a text, for names (a memo's, an index file's): not SHA-256, so that
 * a call loads no node:crypto for them. Not a security measure: whatever the name, what is in the file decides.
 */
export function shortHash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    a = Math.imul(a ^ text.charCodeAt(i), 0x01000193);
    b = Math.imul(b ^ text.charCodeAt(i), 0x01000193);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/**
 * The hash `compute` makes, from the memo in `folder` when it was made for `id` and every path it depends on
 * is unchanged; computed and remembered otherwise. One memo per `slot` (default: the id), the last one made.
 * No folder: always computed. (`settledMs`: how old every file must be to be remembered; tests shorten it.)
 */
export function memoHash(id: string, folder: string | undefined, compute: () => Hashed | undefined, slot = id, settledMs = RACY_MS): string | undefined {
  const file = folder && join(folder, `hash-${shortHash(slot)}.json`);
  if (file) {
    try {
      const memo = JSON.parse(readFileSync(file, 'utf8')) as { id?: unknown; hash?: unknown; stamps?: Stamp[] };
      if (memo.id === id && typeof memo.hash === 'string' && Array.isArray(memo.stamps) && memo.stamps.every((s) => sameStamp(stampOf(s[0]), s))) return memo.hash;
    } catch {
      // No memo yet, or not one this code wrote: hash.
    }
  }
  const hashed = compute();
  if (!hashed || !file) return hashed?.hash;
  try {
    // Stat'ed after reading: a file changed meanwhile is either racy now (not remembered) or differs next time.
    const stamps = hashed.paths.map(stampOf);
    const settled = BigInt(Math.floor(Date.now() - settledMs)) * 1_000_000n;
    if (stamps.every((s) => s !== undefined && BigInt(s[3]) < settled && BigInt(s[4]) < settled)) {
      mkdirSync(folder, { recursive: true, mode: 0o700 });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify({ id, hash: hashed.hash, stamps }), { mode: 0o600 });
      renameSync(tmp, file);
    }
  } catch {
    try {
      rmSync(`${file}.${process.pid}.tmp`, { force: true });
    } catch {
      // Nothing was written there.
    }
  }
  return hashed.hash;
}
