import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { knowledgeDir, packageRoot } from '../../src/knowledge/paths.js';
import { folderName, INDEX_DIR } from '../../src/search/index-key.js';
import { scratchDir } from '../support/scratch.js';

/**
 * `ecs-netbot ask` without a search index file it can use (issue #18): it says why in one line on stderr, builds
 * the index in memory, answers exactly as with the file, and writes the file, so the next call is silent.
 */
const bin = join(packageRoot(), 'bin/ecs-netbot.js');
const home = scratchDir();
// A knowledge folder of its own (a copy): its index file is its own in dist/search-index, removed afterwards.
const dir = join(home, 'knowledge');
cpSync(knowledgeDir(), dir, { recursive: true });
const ours = () => readdirSync(INDEX_DIR()).filter((name) => name.startsWith(`${folderName(dir)}-`));
afterAll(() => ours().forEach((name) => rmSync(join(INDEX_DIR(), name), { force: true })));

const ask = (knowledge?: string) =>
  spawnSync(process.execPath, [bin, 'ask', 'what is an EIP', '--json'], {
    cwd: home,
    encoding: 'utf8',
    env: { ...process.env, HOME: home, NETBOT_CACHE_DIR: join(home, 'cache'), NETBOT_LANG: '', ...(knowledge ? { NETBOT_KNOWLEDGE_DIR: knowledge } : {}) },
  });

describe('ask without a usable search index file', () => {
  const expected = ask().stdout;

  it('says why in one line (none, stale, unreadable), builds it, answers the same, and is silent once the file is written', () => {
    expect(JSON.parse(expected).hits[0].id).toBe('ip-eip-what-is');
    const expectBuilt = (why: RegExp) => {
      const run = ask(dir);
      expect(run.status).toBe(0);
      expect(run.stdout).toBe(expected);
      expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(why)]);
      expect(run.stderr).toMatch(/building the search index \(a few seconds; `npm run build` writes the file\)…/);
      const again = ask(dir);
      expect(again).toMatchObject({ status: 0, stdout: expected, stderr: '' });
    };
    expectBuilt(/^ecs-netbot: there is no search index file for this knowledge\/ and search code: /);

    const [file] = ours();
    expect(file).toBeDefined();
    writeFileSync(join(INDEX_DIR(), file!), 'not an index file');
    expectBuilt(/^ecs-netbot: the search index file could not be read: /);

    // The folder's file for another key (knowledge/ or the code changed since it was written).
    renameSync(join(INDEX_DIR(), ours()[0]!), join(INDEX_DIR(), `${folderName(dir)}-${'0'.repeat(32)}.v8`));
    expectBuilt(/^ecs-netbot: the search index file was made for another knowledge\/ or search code: /);
    // The stale file is gone once the new one is written.
    expect(ours()).toHaveLength(1);
  }, 120_000);
});
