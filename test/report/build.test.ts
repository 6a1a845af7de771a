import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge, type KnowledgeBase } from '../../src/knowledge/load.js';
import { buildReport, ratio, reportFromData } from '../../src/report/build.js';
import { aggregateRows } from '../../src/store/report-tally.js';
import { at, choice, NOW, question, rows, SINCE, vote } from './fixtures.js';

let kb: KnowledgeBase;
beforeAll(() => {
  kb = loadKnowledge();
});
const build = (r: Parameters<typeof rows>[0], lang: 'zh' | 'en' = 'en') => buildReport(rows(r), { since: SINCE, now: NOW, kb, lang });

describe('ratio', () => {
  it('rounds to three decimals and is null without a denominator', () => {
    expect(ratio(2, 3)).toBe(0.667);
    expect(ratio(1, 8)).toBe(0.125);
    expect(ratio(0, 5)).toBe(0);
    expect(ratio(0, 0)).toBeNull();
  });
});

describe('summary', () => {
  it('counts questions per UTC day (quiet days too), answered over FAQ questions, helpful over votes, per language', () => {
    const report = build({
      questions: [
        question('what is an eni', { at: at('2026-11-20T23:59:00Z') }),
        question('how do i attach an eni', { at: at('2026-11-21T00:01:00Z'), band: 'suggest' }),
        question('aws pricing', { at: at('2026-11-21T08:00:00Z'), band: 'decline' }),
        question('bw 5M', { at: at('2026-11-21T09:00:00Z'), band: 'command', route: 'bw' }),
        question('弹性网卡是什么', { at: at('2026-11-26T11:00:00Z') }),
        question('too old', { at: at('2026-11-18T00:00:00Z') }), // before the window: left out
      ],
      votes: [vote('eni-what-is-eni', 'up'), vote('eni-what-is-eni', 'up'), vote('eni-use-cases', 'down')],
    });
    const { summary } = report;
    expect(summary.questions).toBe(5);
    expect(summary.perDay.map((d) => d.date)).toEqual(['2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26']);
    expect(summary.perDay.map((d) => d.questions)).toEqual([0, 1, 3, 0, 0, 0, 0, 1]);
    // Four went to the FAQ (the bw one did not); two of them were answered.
    expect(summary.answered).toBe(0.5);
    expect(summary.helpful).toBe(0.667);
    expect(summary.perLang).toEqual({ zh: { questions: 1, answered: 1 }, en: { questions: 4, answered: 0.333 } });
  });

  it('gives null, not 0 or NaN, when there is nothing to divide by', () => {
    const report = build({ questions: [question('bw 5M', { band: 'command', route: 'bw' })] });
    expect(report.summary.answered).toBeNull();
    expect(report.summary.helpful).toBeNull();
    expect(report.summary.perLang.zh).toEqual({ questions: 0, answered: null });
    expect(report.summary.perLang.en).toEqual({ questions: 1, answered: null });
    const empty = build({});
    expect(empty.summary.questions).toBe(0);
    expect(empty.declined).toEqual([]);
    expect(empty.worstRated).toEqual([]);
    expect(empty.aliasSuggestions).toEqual([]);
    expect(empty.noneOfThese).toEqual([]);
  });
});

describe('declined', () => {
  it('groups similar declined questions, most frequent first, with examples, language and the last time', () => {
    const report = build({
      questions: [
        question('红烧肉怎么做', { band: 'decline', at: at('2026-11-22T10:00:00Z') }),
        question('How much is AWS S3?', { band: 'decline', at: at('2026-11-20T10:00:00Z') }),
        question('how much is aws s3', { band: 'decline', at: at('2026-11-23T10:00:00Z') }),
        question('how much is the aws s3', { band: 'decline', at: at('2026-11-21T10:00:00Z') }),
        question('How much is AWS S3?', { band: 'decline', at: at('2026-11-24T10:00:00Z') }),
        question('what is an eni', { band: 'answer' }), // answered: not a gap
      ],
    });
    expect(report.declined).toEqual([
      {
        text: 'How much is AWS S3?',
        count: 4,
        examples: ['How much is AWS S3?', 'how much is aws s3', 'how much is the aws s3'],
        lang: 'en',
        lastAt: at('2026-11-24T10:00:00Z'),
      },
      { text: '红烧肉怎么做', count: 1, examples: ['红烧肉怎么做'], lang: 'zh', lastAt: at('2026-11-22T10:00:00Z') },
    ]);
  });
});

describe('worstRated', () => {
  it('lists entries with at least one 👎, worst ratio first, with reasons counted and the latest notes', () => {
    const report = build(
      {
        votes: [
          vote('eni-what-is-eni', 'up'),
          vote('eni-what-is-eni', 'up'),
          vote('eni-what-is-eni', 'down', { reason: 'outdated', note: 'old console', at: at('2026-11-21T00:00:00Z') }),
          vote('eni-use-cases', 'down', { reason: 'wrong', note: 'first', at: at('2026-11-20T00:00:00Z') }),
          vote('eni-use-cases', 'down', { reason: 'wrong', note: '  second  ', at: at('2026-11-22T00:00:00Z') }),
          vote('eni-use-cases', 'down', { reason: 'not_asked', at: at('2026-11-23T00:00:00Z') }),
          vote('eni-use-cases', 'up'),
          vote('faq-reverse-dns-one-domain-per-ip', 'up'), // no 👎: not listed
          vote('no-such-entry', 'down'),
        ],
      },
      'zh',
    );
    expect(report.worstRated.map((r) => [r.id, r.up, r.down, r.ratio])).toEqual([
      ['no-such-entry', 0, 1, 0],
      ['eni-use-cases', 1, 3, 0.25],
      ['eni-what-is-eni', 2, 1, 0.667],
    ]);
    const useCases = report.worstRated[1]!;
    expect(useCases.reasons).toEqual({ wrong: 2, outdated: 0, unclear: 0, not_asked: 1 });
    expect(useCases.notes).toEqual(['second', 'first']);
    expect(useCases.question.zh).toBe(kb.byId.get('eni-use-cases')!.question.zh);
    expect(report.worstRated[0]).toMatchObject({ known: false, question: { zh: 'no-such-entry', en: 'no-such-entry' } });
  });

  it('keeps at most five notes, the most recent', () => {
    const votes = Array.from({ length: 8 }, (_, i) => vote('eni-use-cases', 'down', { note: `n${i}`, at: at(`2026-11-2${i % 7}T0${i}:00:00Z`) }));
    const [rated] = build({ votes }).worstRated;
    expect(rated!.notes).toHaveLength(5);
    expect(rated!.notes[0]).toBe('n6');
  });
});

describe('aliasSuggestions', () => {
  it('groups "did you mean" picks by normalised text and entry, with a YAML snippet for the entry', () => {
    const report = build({
      choices: [
        choice('弹性网卡 能当主备切换用么', 'eni-use-cases', { at: at('2026-11-21T00:00:00Z') }),
        choice('弹性网卡能当主备切换用么？', 'eni-use-cases', { at: at('2026-11-22T00:00:00Z') }),
        choice('can an eni do failover, really', 'eni-use-cases'),
        choice('弹性网卡能当主备切换用么', 'eni-what-is-eni'), // the same text, another entry: its own suggestion
      ],
    });
    expect(report.aliasSuggestions).toEqual([
      {
        question: '弹性网卡能当主备切换用么？',
        entry: 'eni-use-cases',
        entryQuestion: kb.byId.get('eni-use-cases')!.question,
        lang: 'zh',
        count: 2,
        yaml: 'aliases:\n  zh: [弹性网卡能当主备切换用么？]',
      },
      expect.objectContaining({ question: 'can an eni do failover, really', entry: 'eni-use-cases', lang: 'en', count: 1, yaml: 'aliases:\n  en: ["can an eni do failover, really"]' }),
      expect.objectContaining({ question: '弹性网卡能当主备切换用么', entry: 'eni-what-is-eni', count: 1 }),
    ]);
  });

  it('skips a text that already is one of the entry\'s aliases or its question (after normalising)', () => {
    const entry = kb.byId.get('eni-what-is-eni')!;
    const report = build({
      choices: [
        choice(entry.aliases.zh[0]! + '？', entry.id),
        choice('请问 ' + entry.aliases.en[0]!.toUpperCase(), entry.id),
        choice(entry.question.en, entry.id),
        choice('一个全新的说法 弹性网卡', entry.id),
      ],
    });
    expect(report.aliasSuggestions.map((s) => s.question)).toEqual(['一个全新的说法 弹性网卡']);
  });

  it('counts a repeated click on one question once, and ignores picks without text or of removed entries', () => {
    const c = choice('eni for failover?', 'eni-use-cases');
    const report = build({ choices: [c, { ...c }, choice(undefined, 'eni-use-cases'), choice('gone entry text', 'removed-entry')] });
    expect(report.aliasSuggestions.map((s) => [s.question, s.count])).toEqual([['eni for failover?', 1]]);
  });

  it('writes the alias on one line without control characters', () => {
    const report = build({ choices: [choice('eni\u202e for\n fail\u200bover\u0007\ufeff', 'eni-use-cases')] });
    expect(report.aliasSuggestions[0]!.question).toBe('eni for failover');
  });
});

describe('noneOfThese', () => {
  it('lists the questions whose "none of these" was clicked, grouped, with counts', () => {
    const report = build({
      choices: [
        choice('ENI 能跨账号共享吗'),
        choice('eni能跨账号共享吗?'),
        choice('how to peer two vpcs'),
        choice('picked one', 'eni-use-cases'), // a pick, not "none of these"
        choice(undefined), // its question was pruned: no text to show
      ],
    });
    expect(report.noneOfThese).toEqual([
      { text: 'ENI 能跨账号共享吗', count: 2, lang: 'zh' },
      { text: 'how to peer two vpcs', count: 1, lang: 'en' },
    ]);
  });
});

describe('the cap on distinct texts', () => {
  it('groups the most frequent texts only, counts the rest as left out, and keeps the totals whole', () => {
    const declined = (text: string, n: number, day: string) => Array.from({ length: n }, () => question(text, { band: 'decline', at: at(`2026-11-${day}T10:00:00Z`) }));
    const data = rows({
      questions: [
        ...declined('红烧肉怎么做', 3, '22'),
        ...declined('how much is aws s3', 2, '23'),
        ...declined('kubernetes ingress timeout', 1, '20'), // the earliest of the once-asked: kept before the others
        ...declined('域名备案要多久', 1, '21'),
        ...declined('gpu 实例价格', 1, '24'),
      ],
      choices: [choice('eni 跨账号共享'), choice('how to peer two vpcs'), choice('eni for failover?', 'eni-use-cases')],
    });
    const report = reportFromData(aggregateRows(data, { since: SINCE, until: NOW }, 3), { since: SINCE, now: NOW, kb });
    expect(report.declined.map((g) => [g.text, g.count])).toEqual([
      ['红烧肉怎么做', 3],
      ['how much is aws s3', 2],
      ['kubernetes ingress timeout', 1],
    ]);
    expect(report.omitted.declined).toEqual({ texts: 2, count: 2 });
    expect(report.omitted.noneOfThese).toEqual({ texts: 0, count: 0 });
    expect(report.summary.questions).toBe(8);
    // Below the cap nothing is left out, and the report is the one of all the rows.
    const whole = build(data);
    expect(whole.omitted).toEqual({ declined: { texts: 0, count: 0 }, aliasSuggestions: { texts: 0, count: 0 }, noneOfThese: { texts: 0, count: 0 } });
    expect(whole.declined).toHaveLength(5);
  });
});
