import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { packageRoot } from '../../src/knowledge/paths.js';
import { DEFAULT_OPTIONS, SearchEngine } from '../../src/search/engine.js';
import { PhraseMatcher } from '../../src/search/synonyms.js';
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

describe('blind sets of issue #8 (writers saw only the guide, never the entries)', () => {
  const load = (name: string) => loadEvalSet(join(packageRoot(), 'test/blind', name));
  const [dev1, dev2, final] = [load('dev-1.yaml'), load('dev-2.yaml'), load('final.yaml')];

  it('hold at least 250 in-scope and 40 out-of-scope questions (15 near-domain in the final set), with existing ids', () => {
    const blind = [...dev1, ...dev2, ...final];
    expect(blind.filter((q) => q.expect !== 'none').length).toBeGreaterThanOrEqual(250);
    expect(blind.filter((q) => q.expect === 'none').length).toBeGreaterThanOrEqual(40);
    expect(final.filter((q) => q.kind === 'near-domain').length).toBeGreaterThanOrEqual(15);
    for (const q of blind) for (const id of q.expect === 'none' ? [] : [q.expect, ...q.also]) expect(kb.byId.has(id), `${q.file}: ${q.q} → ${id}`).toBe(true);
  });

  // Development sets (tuned on): floors just under what they measure, so a regression shows. The issue's
  // targets are for the final set; see the README for what it measured.
  it.each([
    ['dev-1', dev1, { answeredRight: 0.85, precision: 0.96, top3: 0.98, undeclined: 0 }],
    ['dev-2', dev2, { answeredRight: 0.74, precision: 0.93, top3: 0.98, undeclined: 1 }],
    // The final set, measured once at the end of issue #8 (0.738 / 0.922 / 0.975, 28/30 declined): the issue's
    // targets (0.92 / 0.97 / 0.98, all declined) are NOT met; these floors only guard against regressions.
    ['final', final, { answeredRight: 0.72, precision: 0.91, top3: 0.97, undeclined: 2 }],
    // FINAL-3 of issue #15 (written and labelled blind in round 7, measured once at its end: 0.800 / 0.978 /
    // 1.000, 28/30 declined): the targets (0.85 / 0.98 / 0.98, all declined) are NOT all met; floors only.
    ['FINAL-3', load('final-3.yaml'), { answeredRight: 0.78, precision: 0.96, top3: 0.98, undeclined: 2 }],
    // FINAL-4 (written and labelled blind in round 8, measured once at its end: 0.763 / 0.981 / 1.000, 24/25
    // declined): the targets (0.85 answered right, every out-of-scope question declined) are NOT met; floors only.
    ['FINAL-4', load('final-4.yaml'), { answeredRight: 0.74, precision: 0.96, top3: 0.98, undeclined: 1 }],
    // FINAL-5 (written and labelled blind in round 9, measured once at its end: 0.852 / 0.958 / 0.978, 25/25
    // declined): answered right and every out-of-scope question declined met; precision and top 3 NOT; floors only.
    ['FINAL-5', load('final-5.yaml'), { answeredRight: 0.83, precision: 0.94, top3: 0.97, undeclined: 0 }],
    // FINAL-6 (written and labelled blind late in round 9, after the last change to the search, measured once:
    // 0.830 / 0.957 / 1.000, 22/25 declined): shown right and top 3 met; the rest NOT; floors only.
    ['FINAL-6', load('final-6.yaml'), { answeredRight: 0.81, precision: 0.94, top3: 0.98, undeclined: 3 }],
  ] as const)('%s keeps its measured quality and declines its out-of-scope questions', (_name, set, floor) => {
    const r = evaluate(set, engineRanker(search));
    const misses = r.misses.map((m) => `${m.q} → expected ${m.expect}, got ${m.got.join(', ')}`).join('\n');
    expect(r.answeredRight, misses).toBeGreaterThanOrEqual(floor.answeredRight);
    expect(r.precision).toBeGreaterThanOrEqual(floor.precision);
    expect(r.top3, misses).toBeGreaterThanOrEqual(floor.top3);
    expect(r.wronglyAnswered.length, r.wronglyAnswered.map((w) => w.q).join('\n')).toBeLessThanOrEqual(floor.undeclined);
  });
});

describe('chat vocabulary (fillers, chat spellings, IME slips, pinyin)', () => {
  it.each([
    ['弹性网卡在哪创建', '弹性网卡在哪创建呢 一下 pls'],
    ['EIP是什么', 'EIP 全称是啥'],
    ['how do I enable ipv6 on centos 7', 'hey guys, anyone know how do I enable ipv6 on centos 7? thx'],
    ['修改私网IP要停机吗', '咋改私网ip啊 要停机吗 求助'],
  ])('a filler or chat spelling does not push a clear match into a decline: %s / %s', (plain, chat) => {
    const [a, b] = [search.search(plain), search.search(chat)];
    expect(a.band, plain).toBe('answer');
    expect(b.band, chat).toBe('answer');
    expect(b.hits[0]!.entry.id).toBe(a.hits[0]!.entry.id);
  });

  it.each([
    ['解帮eip', '解绑eip'],
    ['弹性网咔最多几块', '弹性网卡最多几块'],
    ['公网带款最大多少', '公网带宽最大多少'],
    ['tanxing wangka zuiduo jige', '弹性网卡最多几个'],
    ['gongwang ip genghuan buzhou', '公网ip更换步骤'],
  ])('reads %s like %s', (typed, meant) => {
    expect(search.search(typed).hits[0]?.entry.id).toBe(search.search(meant).hits[0]?.entry.id);
  });

  it('does not "correct" plain words next to a known one, nor into a function word', () => {
    expect(search.tokenize('是按什么规则分的').join(' ')).toContain('规则');
    // 则分 sounds like 择分, but changing it would break 规则; 能补 must not become 能不.
    const read = (q: string) => (search as unknown as { read(q: string): { terms: string[] } }).read(q).terms.join(' ');
    expect(read('内网IP是按什么规则分的')).toContain('规则');
    expect(read('还能补一个IPv6地址吗')).toContain('能补');
    expect(read('实例建了两天了')).toContain('两天');
  });

  it('keeps an address whole, so its digits match nothing ("PTR of 1.2.3.4" is about reverse DNS)', () => {
    expect(search.tokenize('PTR of 1.2.3.4')).toContain('#1.2.3.4');
    expect(search.tokenize('reverse dns for 2400:3200::1')).toContain('#2400:3200::1');
    expect(search.search('PTR of 1.2.3.4').hits[0]!.entry.id).toMatch(/^faq-reverse-dns/);
  });
});

describe('near-domain questions (other Alibaba Cloud products, non-network ECS topics)', () => {
  it('declines one that names a product its match does not mention, and names it', () => {
    const o = search.search('RDS 白名单在哪加 ecs 连不上');
    expect(o.band).toBe('none');
    expect(o.otherTopic).toBe('RDS');
    expect(search.search('oss bucket 生命周期规则怎么配').band).toBe('none');
    expect(search.search('ecs.g6.large 几核几G内存').band).toBe('none');
    // An image copied across regions is no networking question, though an entry names custom images.
    expect(search.search('我的自定义镜像可以跨地域复制吗').band).toBe('none');
  });

  it('a whitelist is ECS talk (partners allow-list our public IP), not another product', () => {
    const o = search.search('customers whitelisted our classic box public ip, does migrating to vpc change it');
    expect(o.otherTopic).toBeUndefined();
    expect(o.hits[0]!.entry.id).toBe('migrate-public-ip-unchanged');
  });

  it('lets the guide answer when the matched entry itself mentions the product', () => {
    const o = search.search('ECS连同地域的RDS，应该填内网地址还是公网地址');
    expect(o.otherTopic).toBeUndefined();
    expect(o.hits[0]!.entry.id).toBe('ip-intranet-same-region-services');
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
    // Confident on its bigrams alone (the openSUSE entry), yet with bigrams no entry has (麻烦, 烦吗), so the
    // fallback runs; it may only change what is offered next to the answer.
    const q = 'opensuse ipv6 咋开启 麻烦吗';
    const unknown = ['麻烦', '烦吗'];
    expect(search.tokenize(q)).toEqual(expect.arrayContaining(unknown));
    for (const bigram of unknown) expect(kb.entries.some((e) => JSON.stringify(e).includes(bigram)), bigram).toBe(false);
    const bigramsOnly = new SearchEngine(kb, { boost: { ...DEFAULT_OPTIONS.boost, hanChars: 0 } }).search(q);
    expect(bigramsOnly.band).toBe('answer');
    expect(bigramsOnly.hits[0]!.entry.id).toBe('ipv6-enable-opensuse');

    const o = search.search(q);
    expect(o.band).toBe('answer');
    expect(o.confidence).toBe(bigramsOnly.confidence);
    expect(o.hits[0]!.entry.id).toBe(bigramsOnly.hits[0]!.entry.id);
  });
});

describe('typos', () => {
  it('reads an English word one typo away as the known word', () => {
    for (const q of ['pubilc ip change limits', 'pulbic ip change limits', 'publc ip change limits']) {
      expect(search.search(q).hits[0]?.entry.id, q).toBe(search.search('public ip change limits').hits[0]?.entry.id);
    }
  });
});

describe('whether an entry names a topic the guide does not cover (the out-of-scope matcher run on its text)', () => {
  const mentions = (text: string, topic: string) => new PhraseMatcher([topic]).findAll(text).length > 0;
  it('a Latin name as a whole word, a Chinese one anywhere', () => {
    expect(mentions('copy data across regions', 'oss')).toBe(false);
    expect(mentions('download from ecs-image-utils.oss-cn-hangzhou', 'oss')).toBe(true);
    expect(mentions('通过内网访问rds数据库', '数据库')).toBe(true);
  });
});
