import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, normalize as normalizePath, sep } from 'node:path';
import { applyPatch, parsePatch, type StructuredPatch, type StructuredPatchHunk } from 'diff';
import type { Problem } from './errors.js';

/** The patch's paths are relative to the repository root, where the knowledge folder is "knowledge/". */
export const PATCH_ROOT = 'knowledge';

export interface PatchedCopy {
  /** A temporary copy of the knowledge folder with the patch applied; remove it with cleanup(). */
  dir: string;
  /** The files the patch touches, as the patch names them (knowledge/entries/05-eni.yaml). */
  files: string[];
  /** Why the patch does not apply (empty when it does). */
  problems: Problem[];
  cleanup(): void;
}

/** A patch path as `patch -p1` reads it: the first component (a/, b/) dropped; undefined for /dev/null. */
function stripped(name: string | undefined): string | undefined {
  if (!name || name === '/dev/null') return undefined;
  const path = name.replace(/\t.*$/, '');
  const slash = path.indexOf('/');
  return slash === -1 ? path : path.slice(slash + 1);
}

/** The file inside the knowledge folder a repository path names, or undefined when it is outside it. */
function insideKnowledge(path: string): string | undefined {
  const clean = normalizePath(path).split(sep).join('/');
  if (!clean.startsWith(PATCH_ROOT + '/') || clean.split('/').includes('..')) return undefined;
  return clean.slice(PATCH_ROOT.length + 1);
}

const hunkHeader = (h: StructuredPatchHunk) => `@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`;

/** Which hunk is the first that does not fit the file, by trying each on its own. */
function failingHunk(source: string, patch: StructuredPatch): string {
  const index = patch.hunks.findIndex((hunk) => applyPatch(source, { ...patch, hunks: [hunk] }) === false);
  if (index === -1) return `its ${patch.hunks.length} hunks do not apply together (each fits on its own)`;
  return `hunk ${index + 1} of ${patch.hunks.length} (${hunkHeader(patch.hunks[index]!)}) does not apply: the lines it expects are not in the file`;
}

/**
 * Applies a unified diff to a temporary copy of the knowledge folder, file by file, naming the file and
 * the hunk that does not fit; the real folder is never touched.
 */
export function patchedCopy(patchText: string, kbDir: string): PatchedCopy {
  const dir = mkdtempSync(join(tmpdir(), 'netbot-kb-patch-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  const problems: Problem[] = [];
  const files: string[] = [];
  let patches: StructuredPatch[];
  try {
    patches = parsePatch(patchText);
  } catch (error) {
    return { dir, files, problems: [{ file: '(patch)', message: `not a readable unified diff: ${(error as Error).message}` }], cleanup };
  }
  patches = patches.filter((p) => p.hunks.length > 0);
  if (!patches.length) return { dir, files, problems: [{ file: '(patch)', message: 'the patch has no changes (no @@ hunks)' }], cleanup };

  cpSync(kbDir, dir, { recursive: true });
  for (const patch of patches) {
    const from = stripped(patch.oldFileName);
    const to = stripped(patch.newFileName);
    const named = to ?? from ?? '(patch)';
    files.push(named);
    const target = insideKnowledge(named);
    if (target === undefined || (from !== undefined && insideKnowledge(from) === undefined)) {
      problems.push({ file: named, message: `is outside ${PATCH_ROOT}/: a knowledge patch may change only the knowledge files` });
      continue;
    }
    const sourcePath = from === undefined ? undefined : join(dir, insideKnowledge(from)!);
    if (sourcePath !== undefined && !existsSync(sourcePath)) {
      problems.push({ file: named, message: 'does not exist in the knowledge folder' });
      continue;
    }
    const source = sourcePath === undefined ? '' : readFileSync(sourcePath, 'utf8');
    const result = applyPatch(source, patch);
    if (result === false) {
      problems.push({ file: named, message: failingHunk(source, patch) });
      continue;
    }
    // Deleted (+++ /dev/null) or renamed: the old file goes.
    if (sourcePath !== undefined && (to === undefined || insideKnowledge(from!) !== target)) rmSync(sourcePath, { force: true });
    if (to !== undefined) {
      mkdirSync(dirname(join(dir, target)), { recursive: true });
      writeFileSync(join(dir, target), result);
    }
  }
  return { dir, files, problems, cleanup };
}
