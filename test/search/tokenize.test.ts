import { describe, expect, it } from 'vitest';
import { PhraseMatcher, SynonymFolder } from '../../src/search/synonyms.js';
import { createTokenizer, hanCharTerms } from '../../src/search/tokenize.js';
import { correctTypos } from '../../src/search/typos.js';

const folder = new SynonymFolder([
  { canonical: 'eip', terms: ['弹性公网IP', 'EIP', 'elastic IP'] },
  { canonical: 'publicip', terms: ['公网IP', 'public IP'] },
  { canonical: 'vswitch', terms: ['交换机', 'vSwitch'] },
  { canonical: 'change', terms: ['换', 'change'] },
]);
const tokenize = createTokenizer(folder, { hanUnigrams: false });

describe('SynonymFolder', () => {
  it('folds every spelling of a synonym to one canonical token, longest first', () => {
    expect(folder.fold('弹性公网ip')).toContain(' eip ');
    expect(folder.fold('弹性公网ip')).not.toContain('publicip');
    expect(folder.fold('elastic   ip')).toContain(' eip ');
    expect(folder.fold('公网ip')).toContain(' publicip ');
  });

  it('matches English terms only as whole words', () => {
    expect(folder.fold('receipt')).toBe('receipt');
    expect(folder.fold('changes')).toBe('changes');
  });

  it('prefers the longer Chinese term over a character inside it (交换机 is not 换)', () => {
    expect(folder.fold('交换机')).toBe(' vswitch ');
  });
});

describe('tokenizer', () => {
  it('splits Chinese into character bigrams without function characters', () => {
    expect(tokenize('网卡队列')).toEqual(['网卡', '卡队', '队列']);
    expect(tokenize('的了吗')).toEqual([]);
  });

  it('treats Han characters as Chinese even though \\p{L} would call them letters', () => {
    expect(tokenize('ECS实例')).toEqual(['ecs', '实例']);
  });

  it('stems English words and drops stop words', () => {
    expect(tokenize('How do I configure the interfaces')).toEqual(['configur', 'interfac']);
  });

  it('is the same for a document and a query: full-width and case are folded', () => {
    expect(tokenize('ＥＩＰ')).toEqual(tokenize('eip'));
    expect(tokenize('Elastic IP')).toEqual(['eip']);
  });

  it('splits a name glued to its version (centos7 → centos, 7)', () => {
    expect(tokenize('centos7')).toEqual(['centos7', 'cento', '7']);
  });
});

describe('PhraseMatcher', () => {
  it('finds a phrase and reports it normalized', () => {
    const m = new PhraseMatcher(['AWS', '腾讯云']);
    expect(m.find('how do i use aws vpc')).toBe('aws');
    expect(m.find('腾讯云cvm')).toBe('腾讯云');
    expect(m.find('laws of physics')).toBeUndefined();
  });
});

describe('hanCharTerms', () => {
  it('turns Chinese bigrams into their characters, marked apart from words, and ignores everything else', () => {
    expect(hanCharTerms(['规则', 'ecs', '分配', '6', '网'])).toEqual(['§规', '§则', '§分', '§配']);
  });
});

describe('correctTypos', () => {
  const vocabulary = new Map([['public', 5], ['region', 3], ['bandwidth', 7], ['regional', 1]]);
  it('maps a word one typo away to the known word', () => {
    expect(correctTypos(['pubilc', 'regoin', 'bandwith', 'publicc', 'pblic'], vocabulary)).toEqual(['public', 'region', 'bandwidth', 'public', 'public']);
  });
  it('leaves known, short and far-off words alone', () => {
    expect(correctTypos(['public', 'pubx', 'zzzzzz', '子网'], vocabulary)).toEqual(['public', 'pubx', 'zzzzzz', '子网']);
  });
});
