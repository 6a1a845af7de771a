import { createRequire } from 'node:module';
import type { pinyin as Pinyin } from 'pinyin-pro';
import { compactNumbers, revive, type CompactNumbers } from './pack.js';
import { StringTable, type StringTableSnapshot } from './string-table.js';

const HAN = /^\p{Script=Han}+$/u;
// pinyin-pro (its one-file CommonJS build) is loaded on first use: a restored index needs it only to read a
// question's Chinese, and a start or a CLI call about English text then never pays for loading it (~0.1 s).
let pinyinFn: typeof Pinyin | undefined;
const pinyin: typeof Pinyin = ((text: string, options: object) => {
  pinyinFn ??= (createRequire(import.meta.url)('pinyin-pro') as { pinyin: typeof Pinyin }).pinyin;
  return pinyinFn(text, options as never);
}) as typeof Pinyin;
const readingsOf = (char: string): string[] => pinyin(char, { toneType: 'none', type: 'array', multiple: true, v: true });
const readingOf = (text: string): string[] => pinyin(text, { toneType: 'none', type: 'array', v: true });

/** A pinyin reader as flat lists (see PinyinReader.snapshot): key i reads as words[wordOf[i]], used weights[i] times. */
export interface PinyinSnapshot {
  keys: StringTableSnapshot;
  words: StringTableSnapshot;
  wordOf: CompactNumbers;
  weights: Float64Array;
  syllables: string[];
  longestSyllable: number;
}

type KnownWord = { word: string; weight: number };

/** A restored reader's words by key: looked up in the snapshot's tables, no Map built. */
class PackedWords {
  private readonly keys: StringTable;
  private readonly words: StringTable;

  constructor(readonly saved: PinyinSnapshot) {
    this.keys = StringTable.restore(saved.keys);
    this.words = StringTable.restore(saved.words);
  }

  get(key: string): KnownWord | undefined {
    const i = this.keys.indexOf(key);
    return i < 0 ? undefined : { word: this.words.at(this.saved.wordOf[i]!), weight: this.saved.weights[i]! };
  }
}

/**
 * Reads Chinese typed through a pinyin IME, against the words the knowledge base knows:
 * - a homophone slip (解帮 for 解绑, 网咔 for 网卡, 带款 for 带宽): an unknown two-character word whose toneless
 *   pinyin is that of a known one reads as the known one;
 * - pinyin typed as Latin letters (gongwang ip, tanxing wangka): a word that splits into pinyin syllables whose
 *   pairs are known two-character words reads as those characters.
 * Only the knowledge base's own words are candidates, so nothing outside its vocabulary is ever produced.
 */
export class PinyinReader {
  /** "jiebang" → the most used known word read that way. */
  private readonly wordByKey: Map<string, KnownWord> | PackedWords;
  private readonly syllables = new Set<string>();
  private longestSyllable = 0;

  /** words: known two-character Han words with a weight (how many entries use them). */
  constructor(words: Iterable<readonly [word: string, weight: number]>) {
    const list = [...words].filter(([word]) => HAN.test(word) && Array.from(word).length === 2);
    const wordByKey = new Map<string, KnownWord>();
    // One pinyin call per distinct character (all its readings: 重 is zhong and chong), not per word.
    const readings = new Map<string, string[]>();
    for (const [word] of list) for (const char of word) if (!readings.has(char)) readings.set(char, readingsOf(char));
    for (const [word, weight] of list) {
      const [a, b] = Array.from(word);
      for (const first of readings.get(a!)!) {
        for (const second of readings.get(b!)!) {
          this.syllables.add(first).add(second);
          const key = first + second;
          const known = wordByKey.get(key);
          if (!known || known.weight < weight) wordByKey.set(key, { word, weight });
        }
      }
    }
    for (const s of this.syllables) this.longestSyllable = Math.max(this.longestSyllable, s.length);
    this.wordByKey = wordByKey;
  }

  snapshot(): PinyinSnapshot {
    const byKey = this.wordByKey;
    if (byKey instanceof PackedWords) return byKey.saved;
    const found = [...byKey.values()];
    const words = [...new Set(found.map((f) => f.word))];
    const position = new Map(words.map((w, i) => [w, i]));
    return {
      keys: StringTable.from([...byKey.keys()]).snapshot(),
      words: StringTable.from(words).snapshot(),
      wordOf: compactNumbers(found.map((f) => position.get(f.word)!)),
      weights: Float64Array.from(found, (f) => f.weight),
      syllables: [...this.syllables],
      longestSyllable: this.longestSyllable,
    };
  }

  static restore(s: PinyinSnapshot): PinyinReader {
    return revive(PinyinReader, { wordByKey: new PackedWords(s), syllables: new Set(s.syllables), longestSyllable: s.longestSyllable });
  }

  /**
   * The known word an unknown two-character word sounds like, if any (解帮 → 解绑): only words at least
   * `minWeight` entries use, and only one character apart (a slip picks one wrong candidate, and rarer
   * words or two-character changes corrected plain words that the knowledge base happens not to use).
   */
  homophone(word: string, minWeight: number): { word: string; weight: number } | undefined {
    const chars = Array.from(word);
    if (chars.length !== 2 || !HAN.test(word)) return undefined;
    const found = this.wordByKey.get(readingOf(word).join(''));
    if (!found || found.weight < minWeight || found.word === word) return undefined;
    const other = Array.from(found.word);
    return (other[0] === chars[0]) !== (other[1] === chars[1]) ? found : undefined;
  }

  /** A Latin word read as pinyin, as the known Chinese words it spells ("tanxingwangka" → 弹性网卡), if it does. */
  hanFor(word: string): string | undefined {
    const syllables = this.split(word);
    if (!syllables || syllables.length < 2) return undefined;
    let out = '';
    for (let i = 0; i + 1 < syllables.length; i += 2) {
      const found = this.wordByKey.get(syllables[i]! + syllables[i + 1]!);
      if (!found) return undefined;
      out += found.word;
    }
    return out;
  }

  /** Splits a word into the fewest known syllables (dynamic programming), or undefined. */
  private split(word: string): string[] | undefined {
    if (!/^[a-z]{4,24}$/.test(word)) return undefined;
    const best: Array<string[] | undefined> = [[]];
    for (let end = 1; end <= word.length; end++) {
      for (let start = Math.max(0, end - this.longestSyllable); start < end; start++) {
        const head = best[start];
        const piece = word.slice(start, end);
        if (head && this.syllables.has(piece) && (!best[end] || best[end]!.length > head.length + 1)) best[end] = [...head, piece];
      }
    }
    return best[word.length];
  }
}
