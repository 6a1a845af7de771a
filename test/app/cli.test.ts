import { execFileSync, spawnSync } from 'node:child_process';
import { scratchDir } from '../support/scratch.js';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kbStrings } from '../../src/i18n/kb.js';
import { packageRoot } from '../../src/knowledge/paths.js';
import { services } from '../support/services.js';

const root = packageRoot();
const bin = join(root, 'bin/ecs-netbot.js');
const cli = (args: string[], input?: string) => spawnSync(process.execPath, [bin, ...args], { cwd: root, input, encoding: 'utf8', env: { ...process.env, NETBOT_LANG: '' } });

describe('kb strings', () => {
  it('only name entries that exist in their examples', () => {
    const ids = [...Object.values(kbStrings).flatMap((s) => [s.zh, s.en]).join(' ').matchAll(/kb show ([a-z0-9-]+)/g)].map((m) => m[1]!);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(services().kb.byId.has(id), id).toBe(true);
  });
});

// dist/ is built before the tests run (test/support/build.ts).
describe('the ecs-netbot CLI (built)', () => {
  it('answers a question with the JSON contract and exit 0', () => {
    const run = cli(['ask', '一个IP可以设置几个反向解析域名', '--json']);
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(Object.keys(out)).toEqual(['query', 'lang', 'answered', 'band', 'confidence', 'hits', 'route']);
    expect(out.lang).toBe('zh');
    expect(out.answered).toBe(true);
    expect(Object.keys(out.hits[0])).toEqual(['id', 'score', 'question', 'answer', 'section', 'sectionTitle']);
    expect(out.hits[0].id).toBe('faq-reverse-dns-one-domain-per-ip');
  });

  it('declines a question about another cloud and names that cloud; the JSON keeps its contract', () => {
    const en = cli(['ask', 'AWS elastic ip pricing']);
    expect(en.status).toBe(0);
    expect(en.stdout).toContain('That looks like a question about AWS.');
    const zh = cli(['ask', '腾讯云 cvm 怎么绑定弹性公网ip']);
    expect(zh.stdout).toContain('这个问题看起来是关于 腾讯云 的');
    const json = JSON.parse(cli(['ask', 'AWS elastic ip pricing', '--json']).stdout);
    expect(Object.keys(json)).toEqual(['query', 'lang', 'answered', 'band', 'confidence', 'hits', 'route']);
    expect(json).toMatchObject({ band: 'none', answered: false, confidence: 0 });
  });

  it('reads --batch JSON lines of one thread together; plain lines and other threads stay standalone (issue #15)', () => {
    const input = [
      '{"thread": "t1", "q": "vpc实例的私网ip能改吗"}',
      '{"thread": "t1", "q": "要停机吗"}',
      '要停机吗',
      '{"thread": "t2", "q": "要停机吗"}',
      '{"thread": "t1", "q": 5}',
    ].join('\n');
    const run = cli(['ask', '--json', '--batch'], input + '\n');
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(5);
    expect(lines[0].readAs).toBeUndefined();
    expect(lines[1].readAs).toMatch(/私网ip.*要停机吗/i);
    expect(lines[1].hits[0].id).toBe('ipv4-private-ip-stop-required');
    expect(lines[1].route.command).toBe('ask');
    expect(lines[2].readAs).toBeUndefined();
    expect(lines[3].readAs).toBeUndefined();
    expect(lines[4].error.code).toBe('bad_batch_line');
    expect(run.status).toBe(2);
  });

  it('a bare word in a --batch thread inherits nothing: "constructor" after an instance question is declined, not a canswap', () => {
    const input = ['{"thread": "t1", "q": "i-bp67acfmxazb4ph3xxxx 能换公网ip吗"}', '{"thread": "t1", "q": "constructor"}'].join('\n');
    const lines = cli(['ask', '--json', '--batch'], input + '\n').stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0].route).toMatchObject({ command: 'canswap', tokens: ['i-bp67acfmxazb4ph3xxxx'] });
    expect(lines[1]).toMatchObject({ band: 'none', answered: false, route: { command: 'ask' } });
    expect(lines[1].readAs).toBeUndefined();
  });

  it('answers --batch line by line, in order, one JSON object per line', () => {
    const run = cli(['ask', '--json', '--batch'], 'what is an ENI\n红烧肉怎么做\n\nhow do I apply for reverse DNS\n');
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.query)).toEqual(['what is an ENI', '红烧肉怎么做', 'how do I apply for reverse DNS']);
    expect(lines[1].band).toBe('none');
  });

  it('takes --lang before the command as after it; a bad language is named, not read as a command', () => {
    const before = cli(['--lang', 'zh', 'bw', '5']);
    expect(before.status).toBe(0);
    expect(before.stdout).toContain('出网带宽');
    expect(cli(['--lang=zh', 'bw', '5']).stdout).toBe(before.stdout);
    expect(cli(['bw', '5', '--lang', 'zh']).stdout).toBe(before.stdout);
    const bad = cli(['--lang', 'fr', 'bw', '5', '--json']);
    expect(bad.status).toBe(2);
    expect(JSON.parse(bad.stdout).error.message).toContain('"fr"');
    // Without a command too: said, not ignored for the overview.
    const alone = cli(['--lang', 'fr', '--json']);
    expect(alone.status).toBe(2);
    expect(JSON.parse(alone.stdout).error.code).toBe('bad_lang');
    expect(cli(['--lang', 'zh']).stdout).toContain('用中文或英文提问');
  });

  it('exits 2 with a JSON error on bad usage', () => {
    const run = cli(['ask', '--top', 'x', 'hi', '--json']);
    expect(run.status).toBe(2);
    expect(JSON.parse(run.stdout)).toEqual({ error: { code: 'bad_top', message: expect.stringContaining('--top') } });
    const unknown = cli(['frobnicate', '--json']);
    expect(unknown.status).toBe(2);
    expect(JSON.parse(unknown.stdout).error.code).toBe('unknown_command');
  });

  it('kb check validates and prints coverage counts', () => {
    const out = JSON.parse(execFileSync(process.execPath, [bin, 'kb', 'check', '--json'], { cwd: root, encoding: 'utf8' }));
    expect(out.ok).toBe(true);
    expect(out.entries).toBeGreaterThan(150);
    expect(Object.keys(out.perChapter).sort()).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
  });

  it('the console records what it answers into ./data/netbot.db, and `report --json` reads it', () => {
    const cwd = scratchDir();
    const run = spawnSync(process.execPath, [join(root, 'dist/src/main.js')], { cwd, input: 'how to cook rice in a wok\n怎么申请反向解析\n/ecs-bw 5\n', encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    const report = spawnSync(process.execPath, [bin, 'report', '--json'], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    expect(report.status, report.stderr).toBe(0);
    const out = JSON.parse(report.stdout);
    expect(out.summary).toMatchObject({ questions: 2, perLang: { zh: { questions: 1, answered: 1 }, en: { questions: 1, answered: 0 } } });
    expect(out.declined).toEqual([expect.objectContaining({ text: 'how to cook rice in a wok', count: 1 })]);
  });

  it('the console (npm start without Slack) answers each stdin line and exits at EOF', () => {
    const run = spawnSync(process.execPath, [join(root, 'dist/src/main.js')], {
      cwd: scratchDir(), // no .env there: a developer's own .env must not change what this starts
      input: '5M带宽入网多少\n/ecs-bw 999\n',
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '' },
      timeout: 60_000,
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/入网带宽上限\s+100 Mbps/);
    expect(run.stdout).toMatch(/0 to 200 Mbps/);
  });
});

describe('the CLI in a pipe', () => {
  it('stops quietly, without a stack trace, when the reader closes early', () => {
    const run = spawnSync('bash', ['-c', `yes 'what is an ENI' | head -200 | "${process.execPath}" "${bin}" ask --batch --json | head -1`], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(run.stdout).toMatch(/^\{"query":"what is an ENI"/);
    expect(run.stderr).not.toMatch(/EPIPE|at /);
  });
});
