import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runKb } from '../../src/cli/kb.js';
import { runReport } from '../../src/cli/report.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { patchedCopy } from '../../src/knowledge/patch.js';
import { knowledgeDir } from '../../src/knowledge/paths.js';
import { renderText } from '../../src/render/text.js';
import { reportDoc } from '../../src/render/report.js';
import { candidatePatch } from '../../src/report/aliases.js';
import { buildReport } from '../../src/report/build.js';
import { buildCandidates } from '../../src/report/candidates.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import type { CandidateRow } from '../../src/store/types.js';
import { NOW, rows, SINCE } from './fixtures.js';

/** Issue #17: experts' answers as knowledge, an alias or a draft entry, each a patch `kb check --patch` accepts. */
const kb = loadKnowledge();
const temps: string[] = [];
afterEach(() => {
  temps.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
  vi.restoreAllMocks();
});
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'netbot-candidates-'));
  temps.push(dir);
  return dir;
};

const row = (over: Partial<CandidateRow>): CandidateRow => ({
  at: new Date('2026-11-25T10:00:00Z'),
  requestId: 'r1',
  answer: 'an answer',
  expertHash: 'e1',
  question: 'a question',
  lang: 'en',
  ...over,
});

/** The patch applied to a copy of the knowledge folder and loaded as at start: problems, or the loaded base. */
function applied(patch: string) {
  const copy = patchedCopy(patch, knowledgeDir());
  try {
    if (copy.problems.length) return { problems: copy.problems };
    return { kb: loadKnowledge(copy.dir) };
  } finally {
    copy.cleanup();
  }
}

const ROWS: CandidateRow[] = [
  // A 👎 on eni-what-is-eni, two replies: a draft in the ENI chapter, in that entry's section.
  row({ requestId: 'r-eni', question: 'can an eni keep its mac when moved', hintEntry: 'eni-what-is-eni', answer: 'Yes, the MAC moves with the ENI.' }),
  row({ requestId: 'r-eni', question: 'can an eni keep its mac when moved', hintEntry: 'eni-what-is-eni', answer: 'Detach, then attach: same MAC.', at: new Date('2026-11-25T11:00:00Z') }),
  // A decline in Chinese: a draft in the FAQ chapter, English marked TODO.
  row({ requestId: 'r-zh', question: 'ARP 表项有上限吗：每个交换机', lang: 'zh', answer: '指南没有写。\n按实例规格看。', at: new Date('2026-11-24T10:00:00Z') }),
  // A reply naming an entry: an alias, in the same file as the ENI draft.
  row({ requestId: 'r-alias', question: 'is a secondary nic the same as an eni', answer: 'yes, see eni-types-primary-secondary', at: new Date('2026-11-23T10:00:00Z') }),
];

describe('buildCandidates', () => {
  const candidates = buildCandidates(ROWS, kb);
  const by = (id: string) => candidates.find((c) => c.requestId === id)!;

  it('one candidate per request, its replies in order, newest first', () => {
    expect(candidates.map((c) => c.requestId)).toEqual(['r-eni', 'r-zh', 'r-alias']);
    expect(by('r-eni').answers).toEqual(['Yes, the MAC moves with the ENI.', 'Detach, then attach: same MAC.']);
  });

  it('a draft starts from the entry the asker saw: its file, section and feature; the other language is TODO', () => {
    const eni = by('r-eni');
    expect(eni).toMatchObject({ kind: 'entry', file: 'entries/05-eni.yaml' });
    expect(eni.entry).toMatch(/^expert-can-an-eni-keep-its-mac-[0-9a-f]{6}$/);
    const [entry] = parse(eni.yaml) as Array<Record<string, any>>;
    expect(entry).toMatchObject({
      id: eni.entry,
      section: '5.1',
      sectionTitle: '弹性网卡概述',
      feature: 'eni',
      question: { en: 'can an eni keep its mac when moved', zh: 'TODO: translate the English question' },
      answer: { en: 'Yes, the MAC moves with the ENI.\n\nDetach, then attach: same MAC.', zh: 'TODO: translate the English answer' },
      aliases: { en: ['can an eni keep its mac when moved'], zh: ['TODO'] },
      keywords: ['TODO'],
      related: ['eni-what-is-eni'],
    });
    expect(eni.yaml).toMatch(/^ {2}# TODO: draft from an expert's answer \(2026-11-25\): check it against the guide \(§5\.1 is the section of the closest entry, eni-what-is-eni\)/);
  });

  it('a decline without a hint goes to the FAQ chapter, section 9, said to be a placeholder', () => {
    const zh = by('r-zh');
    expect(zh).toMatchObject({ kind: 'entry', file: 'entries/09-faq.yaml', lang: 'zh' });
    expect(zh.entry).toMatch(/^expert-[0-9a-f]{6}$/);
    const [entry] = parse(zh.yaml) as Array<Record<string, any>>;
    expect(entry).toMatchObject({ section: '9', question: { zh: 'ARP 表项有上限吗：每个交换机', en: 'TODO: translate the Chinese question' }, answer: { zh: '指南没有写。\n按实例规格看。' } });
    expect(zh.yaml).toContain('§9 is a placeholder section');
  });

  it('a reply naming an existing entry id makes an alias of the question', () => {
    expect(by('r-alias')).toMatchObject({ kind: 'alias', entry: 'eni-types-primary-secondary', file: 'entries/05-eni.yaml', yaml: 'aliases:\n  en: [is a secondary nic the same as an eni]' });
  });

  it('a reply naming an id that does not exist is not an alias', () => {
    const [c] = buildCandidates([row({ answer: 'see eni-no-such-entry' })], kb);
    expect(c!.kind).toBe('entry');
  });
});

describe('candidatePatch', () => {
  const candidates = buildCandidates(ROWS, kb);

  it('each candidate alone, and all together, apply and load: the drafts and the alias are in the knowledge base after', () => {
    for (const c of candidates) expect(applied(candidatePatch([c], kb.dir)).problems, c.requestId).toBeUndefined();
    const all = candidatePatch(candidates, kb.dir);
    // The ENI draft and the alias change one file: one diff for it.
    expect(all.match(/^\+\+\+ b\/knowledge\/entries\/05-eni\.yaml$/gm)).toHaveLength(1);
    const after = applied(all).kb!;
    expect(after.entries).toHaveLength(kb.entries.length + 2);
    expect(after.byId.get(candidates[0]!.entry)?.file).toBe('entries/05-eni.yaml');
    expect(after.byId.get('eni-types-primary-secondary')!.aliases.en).toContain('is a secondary nic the same as an eni');
  });

  it('git apply accepts it on a copy of the repository', () => {
    const repo = temp();
    cpSync(knowledgeDir(), join(repo, 'knowledge'), { recursive: true });
    writeFileSync(join(repo, 'c.patch'), candidatePatch(candidates, kb.dir));
    execFileSync('git', ['apply', '--check', 'c.patch'], { cwd: repo, stdio: 'pipe' });
  });

  it('nothing to change: no patch', () => {
    expect(candidatePatch([], kb.dir)).toBe('');
  });
});

describe('in the report', () => {
  it('the text report lists them and shows their YAML, with how to write and check the patch', () => {
    const report = buildReport(rows({ candidates: ROWS }), { since: SINCE, now: NOW, kb });
    const text = renderText(reportDoc(report, 'en'), 'en');
    expect(text).toContain('== Answers from the experts (candidates) ==');
    expect(text).toContain('“is a secondary nic the same as an eni” → alias of eni-types-primary-secondary: “yes, see eni-types-primary-secondary”');
    expect(text).toMatch(/“can an eni keep its mac when moved” → draft of a new entry expert-can-an-eni-keep-its-mac-[0-9a-f]{6} \(entries\/05-eni\.yaml\)/);
    expect(text).toContain('ecs-netbot report --candidates');
    const zh = renderText(reportDoc(report, 'zh'), 'zh');
    expect(zh).toContain('专家的回答（候选答案）');
    // Outside the window: not shown.
    const later = buildReport(rows({ candidates: ROWS }), { since: new Date('2026-11-26T00:00:00Z'), now: NOW, kb });
    expect(later.candidates).toEqual([]);
  });

  it('report --candidates writes the patch, kb check --patch accepts it; --json gives each candidate its own patch', async () => {
    const dir = temp();
    const db = join(dir, 'netbot.db');
    const store = new SqliteStore(db);
    await store.open();
    const base = { at: new Date('2026-11-25T09:00:00Z'), lang: 'en' as const, origin: 'sealed', userHash: 'h' };
    await store.recordExpertRequest({ ...base, id: 'r-eni', postKey: 'p1', text: 'can an eni keep its mac when moved', hintEntry: 'eni-what-is-eni' });
    await store.recordExpertAnswer({ at: new Date('2026-11-25T10:00:00Z'), requestId: 'r-eni', text: 'Yes, the MAC moves with the ENI.', userHash: 'e1' });
    await store.close();

    let stdout = '';
    let stderr = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
    const path = join(dir, 'c.patch');
    const code = await runReport(['--candidates', path], true, 'en', { NETBOT_DB: db }, (env) => new SqliteStore(env.NETBOT_DB!), { now: NOW });
    const report = JSON.parse(stdout) as { candidates: Array<{ patch: string; kind: string; answers: string[]; lastAt: string }> };
    stdout = '';
    const checked = runKb(['check', '--patch', path], true, 'en');
    vi.restoreAllMocks();
    expect(code).toBe(0);
    expect(stderr).toContain(`Wrote 1 answers from the experts as a patch: ${path}`);
    expect(report.candidates).toEqual([expect.objectContaining({ kind: 'entry', answers: ['Yes, the MAC moves with the ENI.'], lastAt: '2026-11-25T10:00:00.000Z' })]);
    expect(readFileSync(path, 'utf8')).toBe(report.candidates[0]!.patch);
    expect(JSON.parse(stdout)).toMatchObject({ ok: true, problems: [] });
    expect(checked).toBe(0);
  });
});
