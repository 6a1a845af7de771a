import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoHash, shortHash } from '../../src/knowledge/hash-memo.js';
import { scratchDir } from '../support/scratch.js';

/**
 * The hash memo behind the CLI's knowledge and index keys (issue #18): a hash is read back while every file and
 * folder it depends on is as stat'ed when it was made, and computed again after any change.
 */
function tree() {
  const dir = scratchDir();
  mkdirSync(join(dir, 'data', 'sub'), { recursive: true });
  writeFileSync(join(dir, 'data', 'a.yaml'), 'a: 1\n');
  writeFileSync(join(dir, 'data', 'sub', 'b.yaml'), 'b: 2\n');
  const memos = join(dir, 'memos');
  let computed = 0;
  const compute = () => {
    computed++;
    const files = [join(dir, 'data', 'a.yaml'), join(dir, 'data', 'sub', 'b.yaml'), ...readdirSync(join(dir, 'data', 'sub')).filter((f) => f.startsWith('new')).map((f) => join(dir, 'data', 'sub', f))];
    const hash = createHash('sha256');
    for (const file of files) hash.update(readFileSync(file));
    return { hash: hash.digest('hex'), paths: [...files, join(dir, 'data'), join(dir, 'data', 'sub')] };
  };
  // Every file counts as settled at once (the default waits until they are 3 s old).
  const key = () => memoHash('tree', memos, compute, 'tree', -1000);
  return { dir, memos, key, computed: () => computed };
}

describe('memoHash', () => {
  it('reads the hash back while nothing changed, and hashes again after an edit of the same size, a new file or a rename', () => {
    const t = tree();
    const first = t.key();
    expect(t.key()).toBe(first);
    expect(t.computed()).toBe(1);

    writeFileSync(join(t.dir, 'data', 'a.yaml'), 'a: 9\n');
    const edited = t.key();
    expect(edited).not.toBe(first);
    expect(t.computed()).toBe(2);
    expect(t.key()).toBe(edited);
    expect(t.computed()).toBe(2);

    writeFileSync(join(t.dir, 'data', 'sub', 'new.yaml'), 'c: 3\n');
    const added = t.key();
    expect(added).not.toBe(edited);
    expect(t.computed()).toBe(3);

    renameSync(join(t.dir, 'data', 'sub', 'new.yaml'), join(t.dir, 'data', 'sub', 'new2.yaml'));
    t.key();
    expect(t.computed()).toBe(4);
  });

  it('remembers nothing while a file is younger than a few seconds, nor without a folder', () => {
    const t = tree();
    let computed = 0;
    const compute = () => (computed++, { hash: 'h', paths: [join(t.dir, 'data', 'a.yaml')] });
    memoHash('young', t.memos, compute);
    memoHash('young', t.memos, compute);
    expect(computed).toBe(2);
    memoHash('nowhere', undefined, compute);
    memoHash('nowhere', undefined, compute);
    expect(computed).toBe(4);
  });

  it('keeps one memo per slot: another id in the slot is a miss, then replaces it', () => {
    const t = tree();
    let computed = 0;
    const compute = (hash: string) => () => (computed++, { hash, paths: [join(t.dir, 'data', 'a.yaml')] });
    expect(memoHash('one', t.memos, compute('1'), 'slot', -1000)).toBe('1');
    expect(memoHash('two', t.memos, compute('2'), 'slot', -1000)).toBe('2');
    expect(memoHash('two', t.memos, compute('x'), 'slot', -1000)).toBe('2');
    expect(computed).toBe(2);
    expect(readdirSync(t.memos)).toHaveLength(1);
  });

  it('names things with 16 hex digits, the same for the same text', () => {
    expect(shortHash('/work/knowledge')).toMatch(/^[0-9a-f]{16}$/);
    expect(shortHash('/work/knowledge')).toBe(shortHash('/work/knowledge'));
    expect(shortHash('/work/knowledge')).not.toBe(shortHash('/work/knowledge2'));
  });
});
