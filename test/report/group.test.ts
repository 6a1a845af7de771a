import { describe, expect, it } from 'vitest';
import { groupSimilar, isSimilar, jaccard, questionNormalizer } from '../../src/report/group.js';

const norm = questionNormalizer(['请问', '一下', 'pls', 'please']);
const groupsOf = (texts: string[]) => groupSimilar(texts, norm);

describe('questionNormalizer', () => {
  it('folds width and case, and strips punctuation, whitespace and fillers', () => {
    expect(norm('  请问，ＥＮＩ 是什么？ ')).toBe('eni是什么');
    expect(norm('Pls, how do I attach an ENI?!')).toBe('howdoiattachaneni');
  });

  it('keeps a text made only of fillers or punctuation distinct from the empty string', () => {
    expect(norm('???')).toBe('???');
    expect(norm('请问')).toBe('请问');
  });
});

describe('similarity', () => {
  it('is bigram Jaccard, with containment of a long enough text counting as similar', () => {
    expect(jaccard('abcd', 'abcd')).toBe(1);
    expect(jaccard('abcd', 'wxyz')).toBe(0);
    expect(isSimilar(norm('弹性网卡能跨可用区吗'), norm('请问弹性网卡能不能跨可用区？'))).toBe(true);
    expect(isSimilar(norm('阿里云弹性网卡是什么'), norm('弹性网卡是什么'))).toBe(true); // contained
    expect(isSimilar(norm('eip'), norm('how do i bind an eip'))).toBe(false); // too short to count as contained
    expect(isSimilar(norm('eip怎么解绑'), norm('eip怎么绑定'))).toBe(false); // unbind vs bind: 0.5
  });
});

describe('groupSimilar', () => {
  it('groups similar Chinese texts and similar English texts, and keeps different ones apart', () => {
    const groups = groupsOf([
      '弹性网卡能跨可用区吗',
      'How do I attach an ENI?',
      '请问弹性网卡能不能跨可用区？',
      '红烧肉怎么做',
      'how to attach an eni',
      '弹性网卡能跨可用区吗',
      'what is aws s3 pricing',
      'pls how do I attach an ENI',
    ]);
    expect(groups).toEqual([
      ['弹性网卡能跨可用区吗', '弹性网卡能跨可用区吗', '请问弹性网卡能不能跨可用区？'],
      ['How do I attach an ENI?', 'pls how do I attach an ENI', 'how to attach an eni'],
      ['红烧肉怎么做'],
      ['what is aws s3 pricing'],
    ]);
  });

  it('does not merge texts that only share a topic word', () => {
    const groups = groupsOf(['eip怎么解绑', 'eip怎么绑定', 'eip收费标准']);
    expect(groups).toHaveLength(3);
  });

  it('stays fast on thousands of distinct texts', () => {
    const texts = Array.from({ length: 5000 }, (_, i) => `question number ${i} about topic ${i % 97} ${(i * 7919) % 10007}`);
    const started = performance.now();
    const groups = groupsOf(texts);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(groups.flat()).toHaveLength(5000);
  });
});
