import { describe, expect, it } from 'vitest';
import { ngrams, NgramIndex } from '../../src/search/ngram.js';
import { PinyinReader } from '../../src/search/pinyin.js';
import { SynonymFolder } from '../../src/search/synonyms.js';
import { createTokenizer } from '../../src/search/tokenize.js';

describe('PinyinReader', () => {
  const reader = new PinyinReader([['解绑', 30], ['网卡', 40], ['弹性', 20], ['带宽', 50], ['公网', 39], ['重启', 9], ['节目', 1]]);

  it('reads a homophone slip as the known word one character away', () => {
    expect(reader.homophone('解帮', 5)?.word).toBe('解绑');
    expect(reader.homophone('网咔', 5)?.word).toBe('网卡');
    expect(reader.homophone('带款', 5)?.word).toBe('带宽');
    expect(reader.homophone('崇启', 5)?.word).toBe('重启'); // 重 read as chong too
  });

  it('leaves known words, two-character changes and rare homophones alone', () => {
    expect(reader.homophone('网卡', 5)).toBeUndefined();
    expect(reader.homophone('接帮', 5)).toBeUndefined(); // jie bang, but both characters differ from 解绑
    expect(reader.homophone('结幕', 1)).toBeUndefined(); // 节目: two characters apart
    expect(reader.homophone('节幕', 5)).toBeUndefined(); // 节目 is used by one entry only
  });

  it('reads Latin pinyin as the known words it spells', () => {
    expect(reader.hanFor('gongwang')).toBe('公网');
    expect(reader.hanFor('tanxingwangka')).toBe('弹性网卡');
    expect(reader.hanFor('daikuan')).toBe('带宽');
  });

  it('does not read English or one-syllable words as pinyin', () => {
    for (const word of ['bandwidth', 'banana', 'ma', 'wang', 'release', 'x']) expect(reader.hanFor(word), word).toBeUndefined();
  });
});

describe('NgramIndex', () => {
  const index = new NgramIndex([
    { id: 'eni', texts: ['弹性网卡怎么创建', 'create an eni'] },
    { id: 'ptr', texts: ['反向解析怎么申请', 'apply for reverse dns'] },
  ]);

  it('scores each entry by its most similar phrasing, forgiving typos', () => {
    const zh = index.similarities('弹性网卡在哪创建');
    expect(zh.get('eni')!).toBeGreaterThan(zh.get('ptr') ?? 0);
    const en = index.similarities('aply for revrese dns');
    expect(en.get('ptr')!).toBeGreaterThan(0.3);
    expect(en.get('ptr')!).toBeGreaterThan(en.get('eni') ?? 0);
  });

  it('cuts Han text into 1- and 2-grams and Latin words into whole words and 3-grams', () => {
    expect([...ngrams('网卡 eni').keys()]).toEqual(['网', '网卡', '卡', 'w:eni', ' en', 'eni', 'ni ']);
  });
});

describe('tokenizer: addresses and chat vocabulary', () => {
  const folder = new SynonymFolder([{ canonical: 'eip', terms: ['弹性公网IP', 'EIP'] }], {
    fillers: ['请问', 'pls'],
    rewrites: [{ to: '什么', from: ['啥'] }],
  });
  const tokenize = createTokenizer(folder, { hanUnigrams: false });

  it('keeps IPv4, IPv6 and CIDR literals whole, and leaves times and version numbers alone', () => {
    expect(tokenize('ptr of 121.196.10.8')).toContain('#121.196.10.8');
    expect(tokenize('10.0.0.0/16 split')).toContain('#10.0.0.0/16');
    expect(tokenize('fe80::1 and 2400:3200::/32')).toEqual(expect.arrayContaining(['#fe80::1', '#2400:3200::/32']));
    expect(tokenize('at 10:30 on centos 7.2').some((t) => t.startsWith('#'))).toBe(false);
  });

  it('removes fillers and rewrites chat spellings before folding', () => {
    expect(tokenize('请问 EIP 是啥 pls')).toEqual(tokenize('EIP 是什么'));
  });
});
