import { beforeAll, describe, expect, it } from 'vitest';
import { reportStrings as S } from '../../src/i18n/report.js';
import { loadKnowledge, type KnowledgeBase } from '../../src/knowledge/load.js';
import { renderBlocks, SLACK_LIMITS } from '../../src/render/blocks.js';
import { percent, reportDoc, reportJson } from '../../src/render/report.js';
import { renderText } from '../../src/render/text.js';
import { buildReport, type Report } from '../../src/report/build.js';
import { at, choice, NOW, question, rows, SINCE, vote } from './fixtures.js';

let kb: KnowledgeBase;
let full: Report;
beforeAll(() => {
  kb = loadKnowledge();
  full = buildReport(
    rows({
      questions: [
        question('红烧肉怎么做', { band: 'decline' }),
        question('how much is aws s3', { band: 'decline', at: at('2026-11-24T10:00:00Z') }),
        question('what is an eni'),
      ],
      votes: [vote('eni-use-cases', 'down', { reason: 'unclear', note: 'too long' }), vote('eni-use-cases', 'up')],
      choices: [choice('can an eni do failover', 'eni-use-cases'), choice('eni 跨账号共享')],
      candidates: [{ at: at('2026-11-25T10:00:00Z'), requestId: 'r1', answer: 'see eni-use-cases', expertHash: 'e1', question: 'eni for failover?', lang: 'en' }],
    }),
    { since: SINCE, now: NOW, kb, lang: 'zh' },
  );
});

describe('reportJson (the --json contract)', () => {
  it('has exactly the contract field names, dates in ISO 8601', () => {
    const json = reportJson(full);
    expect(Object.keys(json)).toEqual(['since', 'until', 'summary', 'declined', 'worstRated', 'aliasSuggestions', 'noneOfThese', 'candidates', 'omitted']);
    // Issue #17 added candidates; `patch` only when the CLI gives one.
    expect(Object.keys(json.candidates[0]!)).toEqual(['question', 'lang', 'answers', 'lastAt', 'kind', 'entry', 'file', 'yaml']);
    expect(Object.keys(reportJson(full, 'en', () => 'diff').candidates[0]!)).toContain('patch');
    expect(json.omitted).toEqual({ declined: { texts: 0, count: 0 }, aliasSuggestions: { texts: 0, count: 0 }, noneOfThese: { texts: 0, count: 0 } });
    expect(json.since).toBe('2026-11-19T12:00:00.000Z');
    expect(json.until).toBe('2026-11-26T12:00:00.000Z');
    expect(Object.keys(json.summary)).toEqual(['questions', 'perDay', 'answered', 'helpful', 'perLang']);
    expect(Object.keys(json.summary.perDay[0]!)).toEqual(['date', 'questions']);
    expect(Object.keys(json.summary.perLang)).toEqual(['zh', 'en']);
    expect(Object.keys(json.summary.perLang.zh)).toEqual(['questions', 'answered']);
    expect(Object.keys(json.declined[0]!)).toEqual(['text', 'count', 'examples', 'lang', 'lastAt']);
    expect(json.declined.map((d) => d.lastAt)).toContain('2026-11-24T10:00:00.000Z');
    expect(Object.keys(json.worstRated[0]!)).toEqual(['id', 'question', 'up', 'down', 'ratio', 'reasons', 'notes']);
    expect(Object.keys(json.worstRated[0]!.reasons)).toEqual(['wrong', 'outdated', 'unclear', 'not_asked']);
    expect(Object.keys(json.aliasSuggestions[0]!)).toEqual(['question', 'entry', 'lang', 'count', 'yaml']);
    expect(Object.keys(json.noneOfThese[0]!)).toEqual(['text', 'count', 'lang']);
  });

  it('gives the entry question in the report language (or the one asked for)', () => {
    expect(reportJson(full).worstRated[0]!.question).toBe(kb.byId.get('eni-use-cases')!.question.zh);
    expect(reportJson(full, 'en').worstRated[0]!.question).toBe(kb.byId.get('eni-use-cases')!.question.en);
  });

  it('survives a JSON round trip unchanged (no Dates or Maps left)', () => {
    const json = reportJson(full);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});

describe('reportDoc', () => {
  it('shows every section with its items in the language asked for', () => {
    const en = renderText(reportDoc(full, 'en'));
    for (const header of [S.declined.en, S.worstRated.en, S.aliasSuggestions.en, S.noneOfThese.en]) expect(en).toContain(`== ${header} ==`);
    expect(en).toContain('“红烧肉怎么做” ×1 (Chinese, last 2026-11-25)');
    expect(en).toContain('eni-use-cases): 👍 1 / 👎 1, 50% helpful; reasons: unclear 1; notes: “too long”');
    expect(en).toContain('“can an eni do failover” → eni-use-cases');
    expect(en).toContain('# eni-use-cases\naliases:\n  en: [can an eni do failover]');
    expect(en).toContain('“eni 跨账号共享” ×1 (Chinese)');
    const zh = renderText(reportDoc(full, 'zh'));
    expect(zh).toContain(`== ${S.worstRated.zh} ==`);
    expect(zh).toContain(kb.byId.get('eni-use-cases')!.question.zh);
  });

  it('says "nothing yet" for empty sections and a dash for a ratio with no denominator', () => {
    const empty = buildReport(rows({}), { since: SINCE, now: NOW, kb });
    const text = renderText(reportDoc(empty, 'en'));
    expect(text.match(/Nothing yet\./g)).toHaveLength(5);
    expect(text).toMatch(/Answered \(of FAQ questions\)\s+—/);
    expect(renderText(reportDoc(empty, 'zh')).match(/暂无。/g)).toHaveLength(5);
    expect(percent(null, 'en')).toBe('—');
    expect(percent(0.8333, 'en')).toBe('83.3%');
  });

  it('shows the top ten of a long section and says how many more the JSON has', () => {
    const texts = ['红烧肉怎么做', 'aws s3 pricing', 'kubernetes ingress setup', '怎么备份数据库', 'oss bucket policy', 'rds 主从延迟', 'cdn 回源配置', 'redis cluster resize', '域名备案要多久', 'slb 证书更新', 'gpu 实例价格', 'nas 挂载失败', 'sms 短信签名', 'waf 规则导出'];
    const report = buildReport(rows({ questions: texts.map((t) => question(t, { band: 'decline' })) }), { since: SINCE, now: NOW, kb });
    expect(report.declined).toHaveLength(14);
    const doc = reportDoc(report, 'en');
    const list = doc.blocks.find((b, i) => b.type === 'list' && doc.blocks[i - 1]?.type === 'header' && (doc.blocks[i - 1] as { text: string }).text === S.declined.en);
    expect(list?.type === 'list' && list.items.length).toBe(10);
    expect(renderText(doc)).toContain(`${report.declined.length - 10} more in --json.`);
  });

  it('says what the cap on distinct texts left out, under the section, in both languages', () => {
    const capped: Report = { ...full, omitted: { ...full.omitted, declined: { texts: 1200, count: 1350 } } };
    const en = renderText(reportDoc(capped, 'en'));
    expect(en).toContain('Only the 5000 most frequent distinct texts are grouped: 1200 more (1350 times in all) count in the totals but are not listed.');
    expect(en.indexOf('1200 more')).toBeGreaterThan(en.indexOf(`== ${S.declined.en} ==`));
    expect(en.indexOf('1200 more')).toBeLessThan(en.indexOf(`== ${S.worstRated.en} ==`));
    expect(renderText(reportDoc(capped, 'zh'))).toContain('另有 1200 种（共 1350 次）');
    expect(renderText(reportDoc(full, 'en'))).not.toContain('most frequent distinct texts');
  });

  it('neutralises echoed user text in the terminal and escapes it in Slack', () => {
    const hostile = buildReport(
      rows({
        questions: [question('<!channel> \u001b[31mred\u001b[0m\nline two \u202eevil', { band: 'decline' })],
        votes: [vote('eni-use-cases', 'down', { note: '<@U123> &\nnote' })],
      }),
      { since: SINCE, now: NOW, kb },
    );
    const doc = reportDoc(hostile, 'en');
    const text = renderText(doc);
    expect(text).not.toMatch(/[\u001b\u202e]/);
    expect(text).toContain('␛[31mred␛[0m␤line two');
    const slack = renderBlocks(doc, { lang: 'en' });
    const all = JSON.stringify(slack);
    expect(all).not.toContain('<!channel>');
    expect(all).not.toContain('<@U123>');
    expect(all).toContain('&lt;!channel&gt;');
    expect(slack.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    for (const b of slack.blocks) if (b.type === 'section' && b.text) expect(b.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
  });
});
