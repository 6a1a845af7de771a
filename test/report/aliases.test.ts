import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { parse, parseDocument } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { knowledgeDir, packageRoot } from '../../src/knowledge/paths.js';
import { YAML_OPTIONS } from '../../src/report/alias-text.js';
import type { Lang } from '../../src/i18n/lang.js';
import { addAliases, aliasPatch, type Wanted } from '../../src/report/aliases.js';

const root = packageRoot();
const bin = join(root, 'bin/ecs-netbot.js');
const temps: string[] = [];
afterEach(() => temps.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'netbot-aliases-'));
  temps.push(dir);
  return dir;
};
/** A repository-like folder holding a copy of the knowledge base, as `git apply` sees the repository. */
function repoCopy(): string {
  const dir = temp();
  cpSync(knowledgeDir(), join(dir, 'knowledge'), { recursive: true });
  return dir;
}
const kbCheck = (patch: string, json = true) =>
  spawnSync(process.execPath, [bin, 'kb', 'check', '--patch', patch, ...(json ? ['--json'] : [])], { cwd: root, encoding: 'utf8', env: { ...process.env, NETBOT_LANG: '' } });

const SUGGESTIONS = [
  { entry: 'eni-what-is-eni', lang: 'zh' as const, question: '弹性网卡, 到底是个啥' },
  { entry: 'eni-use-cases', lang: 'en' as const, question: 'can an eni do failover' },
  { entry: 'eni-use-cases', lang: 'en' as const, question: 'why use eni' }, // already an alias: not added again
  { entry: 'faq-reverse-dns-one-domain-per-ip', lang: 'en' as const, question: 'how many ptr names can one ip have' },
];

describe('the knowledge files and the yaml options', () => {
  it('round-trip byte for byte through parseDocument → toString, so an edit touches only its own lines', () => {
    const dir = join(knowledgeDir(), 'entries');
    for (const name of readdirSync(dir)) {
      const source = readFileSync(join(dir, name), 'utf8');
      expect(parseDocument(source).toString(YAML_OPTIONS) === source, name).toBe(true);
    }
  });
});

describe('aliasPatch', () => {
  it('adds each alias to its entry and language, changing only those lines, with repository-relative paths', () => {
    const patch = aliasPatch(SUGGESTIONS, knowledgeDir());
    expect(patch).toContain('--- a/knowledge/entries/05-eni.yaml\n+++ b/knowledge/entries/05-eni.yaml\n');
    expect(patch).toContain('--- a/knowledge/entries/09-faq.yaml\n+++ b/knowledge/entries/09-faq.yaml\n');
    const changed = patch.split('\n').filter((l) => /^[+-](?![+-]{2} )/.test(l));
    expect(changed.filter((l) => l.startsWith('-'))).toHaveLength(3);
    expect(changed.filter((l) => l.startsWith('+'))).toHaveLength(3);
    const added = changed.filter((l) => l.startsWith('+'));
    expect(added[0]).toMatch(/^\+ {6}zh: \[弹性网卡是什么, .*, "弹性网卡, 到底是个啥"\]$/);
    expect(added[1]).toMatch(/^\+ {6}en: \[why use eni, .*, can an eni do failover\]$/);
    expect(added[1]!.match(/why use eni/g)).toHaveLength(1);
  });

  it('gives an empty patch when every alias is already there', () => {
    expect(aliasPatch([{ entry: 'eni-use-cases', lang: 'en', question: 'Why use ENI' }], knowledgeDir())).toBe('');
    expect(aliasPatch([], knowledgeDir())).toBe('');
  });

  it('applies with git apply (checked first) and the knowledge base then has the new aliases', () => {
    const repo = repoCopy();
    const file = join(repo, 'aliases.patch');
    writeFileSync(file, aliasPatch(SUGGESTIONS, join(repo, 'knowledge')));
    execFileSync('git', ['apply', '--check', file], { cwd: repo, stdio: 'pipe' });
    execFileSync('git', ['apply', file], { cwd: repo, stdio: 'pipe' });
    const kb = loadKnowledge(join(repo, 'knowledge'));
    expect(kb.byId.get('eni-what-is-eni')!.aliases.zh).toContain('弹性网卡, 到底是个啥');
    expect(kb.byId.get('eni-use-cases')!.aliases.en.at(-1)).toBe('can an eni do failover');
    expect(kb.byId.get('faq-reverse-dns-one-domain-per-ip')!.aliases.en.at(-1)).toBe('how many ptr names can one ip have');
  });

  it('edits the text directly when the yaml package would not write the file back as it was', () => {
    const source = 'entries:\n  - id: x   # kept\n    aliases:\n      zh: [ a,  b ]   # spacing kept\n      en:\n        - one\n        - two # two\n    keywords: [k]\n';
    expect(parseDocument(source).toString(YAML_OPTIONS)).not.toBe(source);
    const want: Wanted = new Map([['x', new Map<Lang, string[]>([['zh', ['新的, 别名']], ['en', ['three: 3']]])]]);
    const out = addAliases(source, want);
    expect(out).toBe('entries:\n  - id: x   # kept\n    aliases:\n      zh: [ a,  b, "新的, 别名" ]   # spacing kept\n      en:\n        - one\n        - two # two\n        - "three: 3"\n    keywords: [k]\n');
    expect(parse(out).entries[0].aliases).toEqual({ zh: ['a', 'b', '新的, 别名'], en: ['one', 'two', 'three: 3'] });
  });
});

// dist/ is built before the tests run (test/support/build.ts).
describe('kb check --patch (built CLI)', () => {
  const before = () => Object.fromEntries(readdirSync(join(knowledgeDir(), 'entries')).map((n) => [n, readFileSync(join(knowledgeDir(), 'entries', n), 'utf8')]));

  it('validates a good patch on a copy: exit 0, the JSON contract, the real folder untouched', () => {
    const dir = temp();
    const file = join(dir, 'good.patch');
    writeFileSync(file, aliasPatch(SUGGESTIONS, knowledgeDir()));
    const original = before();
    const run = kbCheck(file);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(Object.keys(out)).toEqual(['ok', 'patch', 'files', 'problems']);
    expect(out).toEqual({ ok: true, patch: file, files: ['knowledge/entries/05-eni.yaml', 'knowledge/entries/09-faq.yaml'], problems: [] });
    expect(before()).toEqual(original);
    const text = kbCheck(file, false);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('applies cleanly');
    expect(text.stdout).toContain(`git apply ${file}`);
  });

  it('rejects a corrupted patch naming the file and the hunk: exit 1', () => {
    const dir = temp();
    const file = join(dir, 'corrupt.patch');
    const patch = aliasPatch(SUGGESTIONS, knowledgeDir());
    // The second hunk of 05-eni.yaml expects a line the file does not have.
    const hunks = patch.split(/(?=^@@ )/m);
    hunks[2] = hunks[2]!.replace(/^ ( +aliases:)$/m, ' $1-not-there');
    writeFileSync(file, hunks.join(''));
    const run = kbCheck(file);
    expect(run.status).toBe(1);
    const out = JSON.parse(run.stdout);
    expect(out.ok).toBe(false);
    expect(out.problems).toEqual([{ file: 'knowledge/entries/05-eni.yaml', message: expect.stringMatching(/^hunk 2 of 2 \(@@ -\d+,\d+ \+\d+,\d+ @@\) does not apply/) }]);
    const text = kbCheck(file, false);
    expect(text.status).toBe(1);
    expect(text.stderr).toContain('does not apply cleanly');
    expect(text.stderr).toContain('knowledge/entries/05-eni.yaml: hunk 2 of 2');
  });

  it('rejects a patch that applies but makes an entry invalid: exit 1, the entry named', () => {
    const dir = temp();
    const path = join(knowledgeDir(), 'entries/05-eni.yaml');
    const source = readFileSync(path, 'utf8');
    const broken = source.replace('  - id: eni-use-cases\n    section: "5.1"', '  - id: eni-use-cases\n    section: "99.9"').replace(/(- id: eni-what-is-eni[\s\S]*?aliases:\n\s+zh: )\[[^\n]*\]/, '$1[]');
    expect(broken).not.toBe(source);
    const file = join(dir, 'invalid.patch');
    writeFileSync(file, createTwoFilesPatch('a/knowledge/entries/05-eni.yaml', 'b/knowledge/entries/05-eni.yaml', source, broken, undefined, undefined, { headerOptions: FILE_HEADERS_ONLY }));
    const run = kbCheck(file);
    expect(run.status).toBe(1);
    const out = JSON.parse(run.stdout);
    expect(out.ok).toBe(false);
    expect(out.files).toEqual(['knowledge/entries/05-eni.yaml']);
    expect(out.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'entries/05-eni.yaml', entry: 'eni-use-cases', message: expect.stringContaining('99.9') }),
        expect.objectContaining({ file: 'entries/05-eni.yaml', entry: 'eni-what-is-eni', message: expect.stringContaining('aliases.zh') }),
      ]),
    );
  });

  it('rejects a file that is not a patch, and a patch outside knowledge/', () => {
    const dir = temp();
    const junk = join(dir, 'junk.patch');
    writeFileSync(junk, 'hello, this is not a diff\n');
    const run = kbCheck(junk);
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout).problems[0].message).toMatch(/no changes|not a readable/);
    const outside = join(dir, 'outside.patch');
    writeFileSync(outside, createTwoFilesPatch('a/package.json', 'b/package.json', 'a\n', 'b\n', undefined, undefined, { headerOptions: FILE_HEADERS_ONLY }));
    const run2 = kbCheck(outside);
    expect(run2.status).toBe(1);
    expect(JSON.parse(run2.stdout).problems).toEqual([{ file: 'package.json', message: expect.stringContaining('outside knowledge/') }]);
  });

  it('is a usage error (exit 2) without a patch file or with one that cannot be read', () => {
    const missing = spawnSync(process.execPath, [bin, 'kb', 'check', '--patch', '--json'], { cwd: root, encoding: 'utf8' });
    expect(missing.status).toBe(2);
    expect(JSON.parse(missing.stdout).error.code).toBe('patch_missing');
    const unreadable = kbCheck(join(temp(), 'nope.patch'));
    expect(unreadable.status).toBe(2);
    expect(JSON.parse(unreadable.stdout).error).toEqual({ code: 'patch_unreadable', message: expect.stringContaining('ENOENT') });
  });
});
