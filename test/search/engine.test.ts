import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { packageRoot } from '../../src/knowledge/paths.js';
import { DEFAULT_OPTIONS, SearchEngine } from '../../src/search/engine.js';
import { engineRanker, evaluate, loadEvalSet } from '../../src/search/evaluate.js';
import { services } from '../support/services.js';

const { search, kb } = services();
const questions = loadEvalSet(join(packageRoot(), 'test/eval'));

describe('evaluation set', () => {
  it('has at least 150 questions, every expected id exists, and out-of-scope ones are included', () => {
    expect(questions.length).toBeGreaterThanOrEqual(150);
    for (const q of questions) if (q.expect !== 'none') expect(kb.byId.has(q.expect), `${q.file}: ${q.q} → ${q.expect}`).toBe(true);
    expect(questions.filter((q) => q.expect === 'none').length).toBeGreaterThanOrEqual(20);
    expect(questions.some((q) => /\p{Script=Han}/u.test(q.q))).toBe(true);
    expect(questions.some((q) => !/\p{Script=Han}/u.test(q.q) && q.expect !== 'none')).toBe(true);
  });
});

describe('search quality on the evaluation set (issue #2 targets)', () => {
  const report = evaluate(questions, engineRanker(search));
  const misses = report.misses.map((m) => `${m.q} → expected ${m.expect}, got ${m.got.join(', ')}`).join('\n');

  it('puts the right entry first for at least 90% of in-scope questions', () => {
    expect(report.top1, misses).toBeGreaterThanOrEqual(0.9);
  });

  // Issue #2 asks for top-3 >= 98%: 99.1% (218/220) here. This set was tuned on, so it flatters the search;
  // the held-out sets below are the honest measure.
  it('has the right entry in the top 3 for at least 98%', () => {
    expect(report.top3, misses).toBeGreaterThanOrEqual(0.98);
  });

  it('declines every out-of-scope question', () => {
    expect(report.wronglyAnswered.map((w) => w.q)).toEqual([]);
  });
});

describe('search quality on the held-out sets (written blind, never tuned on)', () => {
  const holdout = loadEvalSet(join(packageRoot(), 'test/holdout'));
  const report = evaluate(holdout, engineRanker(search));
  const misses = report.misses.map((m) => `${m.q} → expected ${m.expect}, got ${m.got.join(', ')}`).join('\n');

  it('has at least 150 in-scope questions with existing ids, and out-of-scope ones', () => {
    expect(report.inScope).toBeGreaterThanOrEqual(150);
    for (const q of holdout) if (q.expect !== 'none') expect(kb.byId.has(q.expect), `${q.file}: ${q.q}`).toBe(true);
    expect(holdout.length - report.inScope).toBeGreaterThanOrEqual(20);
  });

  // Issue #2 asks for top-1 >= 90% and top-3 >= 98%. On these 400 blind questions the search measures top-1
  // 89.8%, top-3 97.3% (set 4, the final test: 87.5% / 95.8%): the targets are not met, and the issue says
  // so. These floors only guard against regressions; they are not the targets.
  it('keeps top-1 >= 89% and top-3 >= 96.5% (issue targets 90% / 98% not met: see the issue note)', () => {
    expect(report.top1, misses).toBeGreaterThanOrEqual(0.89);
    expect(report.top3, misses).toBeGreaterThanOrEqual(0.965);
  });

  it('declines every out-of-scope question', () => {
    expect(report.wronglyAnswered.map((w) => w.q)).toEqual([]);
  });
});

describe('the synonym table as shipped', () => {
  it('reads chat shorthand as the full term (v6 → ipv6, SG → security group)', () => {
    expect(search.tokenize('v6 addr')).toEqual(search.tokenize('IPv6 addr'));
    expect(search.tokenize('sg rule')).toEqual(search.tokenize('security group rule'));
    expect(search.tokenize('v6')).toEqual(search.tokenize('IPv6'));
  });
});

describe('bands', () => {
  it('answers a clear question directly, citing its section', () => {
    const o = search.search('一个IP可以设置几个反向解析域名');
    expect(o.band).toBe('answer');
    expect(o.hits[0]!.entry.id).toBe('faq-reverse-dns-one-domain-per-ip');
    expect(o.confidence).toBeGreaterThan(0.6);
  });

  it('declines gibberish, cooking and other clouds with confidence 0..low', () => {
    for (const q of ['asdf qwer zxcv', '红烧肉怎么做', 'How do I allocate an Elastic IP in AWS EC2']) {
      const o = search.search(q);
      expect(o.band, q).toBe('none');
    }
    expect(search.search('AWS elastic ip').foreignCloud).toBe('AWS');
    expect(search.search('腾讯云 cvm 怎么绑定弹性公网ip').foreignCloud).toBe('腾讯云');
  });

  it('returns no hits and band none for an empty or stop-word-only query', () => {
    expect(search.search('').band).toBe('none');
    expect(search.search('the of and').hits).toEqual([]);
  });
});

describe('character fallback for Chinese bigrams no entry has', () => {
  // A three-entry knowledge base, so the effect is visible without the real entries around it.
  const make = (id: string, zh: string) => ({ ...kb.entries[0]!, id, question: { zh, en: id }, answer: { zh, en: id }, aliases: { zh: [], en: [] }, keywords: [], related: [] });
  const tiny = { entries: [make('assign', '私网IP如何分配'), make('billing', '公网带宽如何计费'), make('create', '弹性网卡如何创建')], synonyms: [], foreignClouds: [] };
  const query = '是按什么规则来配的'; // shares the character 配 with 分配, but no bigram

  it('finds the entry through shared characters when no bigram matches', () => {
    expect(new SearchEngine(tiny, { boost: { ...DEFAULT_OPTIONS.boost, hanChars: 0 } }).search(query).hits[0]?.entry.id).not.toBe('assign');
    expect(new SearchEngine(tiny).search(query).hits[0]?.entry.id).toBe('assign');
  });

  it('leaves a confident answer first and only widens the alternatives', () => {
    const o = search.search('一个IP可以设置几个反向解析域名');
    expect(o.band).toBe('answer');
    expect(o.hits[0]!.entry.id).toBe('faq-reverse-dns-one-domain-per-ip');
  });
});

describe('typos', () => {
  it('reads an English word one typo away as the known word', () => {
    for (const q of ['pubilc ip change limits', 'pulbic ip change limits', 'publc ip change limits']) {
      expect(search.search(q).hits[0]?.entry.id, q).toBe(search.search('public ip change limits').hits[0]?.entry.id);
    }
  });
});
