import fc from 'fast-check';
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

  it('places every text as comparing it with every leader in turn would (the indexed search misses none)', () => {
    // The reference: distinct keys heaviest first (ties: first seen), each in the first group whose leader it is similar to.
    const reference = (items: Array<{ text: string; weight: number }>) => {
      const byKey = new Map<string, { items: typeof items; weight: number }>();
      for (const item of items) {
        const entry = byKey.get(item.text) ?? { items: [], weight: 0 };
        entry.items.push(item);
        entry.weight += item.weight;
        byKey.set(item.text, entry);
      }
      const groups: Array<{ leader: string; members: typeof items; weight: number }> = [];
      for (const [key, { items: members, weight }] of [...byKey].sort((a, b) => b[1].weight - a[1].weight)) {
        const home = groups.find((g) => isSimilar(key, g.leader)) ?? groups[groups.push({ leader: key, members: [], weight: 0 }) - 1]!;
        home.members.push(...members);
        home.weight += weight;
      }
      return groups.sort((a, b) => b.weight - a.weight).map((g) => g.members);
    };
    // Texts built from a few bases: the bases, pieces of them (contained), and copies with a character changed
    // or added (similar or just not), from few characters, so that they share bigrams a lot.
    const chars = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', '网', '卡', '弹', '性', '1', '2');
    const base = fc.array(chars, { minLength: 4, maxLength: 16 }).map((cs) => cs.join(''));
    const derived = (b: string) =>
      fc.oneof(
        fc.constant(b),
        fc.tuple(fc.nat(b.length), fc.integer({ min: 2, max: 16 })).map(([from, n]) => b.slice(from, from + n)),
        fc.tuple(fc.nat(b.length), chars).map(([at, c]) => b.slice(0, at) + c + b.slice(at + 1)),
        fc.tuple(fc.nat(b.length), chars, chars).map(([at, c, d]) => b.slice(0, at) + c + d + b.slice(at)),
      );
    const items = fc
      .array(base, { minLength: 1, maxLength: 6 })
      .chain((bases) => fc.array(fc.record({ text: fc.constantFrom(...bases).chain(derived), weight: fc.integer({ min: 1, max: 4 }) }), { maxLength: 50 }));
    fc.assert(
      fc.property(items, (list) => {
        expect(groupSimilar(list, (i) => i.text, (i) => i.weight)).toEqual(reference(list));
      }),
      { numRuns: 500 },
    );
  });

  it('groups thousands of distinct texts, each once', () => {
    const texts = Array.from({ length: 5000 }, (_, i) => `question number ${i} about topic ${i % 97} ${(i * 7919) % 10007}`);
    const groups = groupsOf(texts);
    expect(groups.flat().sort()).toEqual([...texts].sort());
    expect(groups.length).toBeLessThan(200);
  });
});
