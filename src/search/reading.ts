import type { SynonymGroup } from '../knowledge/schema.js';
import { PinyinReader, type PinyinSnapshot } from './pinyin.js';
import { revive, type Counts } from './pack.js';
import { normalize } from './synonyms.js';
import { EN_STOP, isFunctionChar, stem } from './tokenize.js';

export interface ReadingOptions {
  /** Correct IME homophone slips (解帮 → 解绑). */
  homophones: boolean;
  /** Read Latin pinyin as Chinese (gongwang ip → 公网 ip). */
  latin: boolean;
}

/** A homophone must be a word at least this many entries use to correct a slip (rarer ones corrected plain words). */
const SLIP_MIN_WEIGHT = 5;
const NEGATIONS = new Set(['不', '没', '无', '非']);
/** See isCommon. */
const COMMON_DF = 3;
/** A slip is corrected only to a homophone this many times as common as the word typed. */
const SLIP_RATIO = 5;

/** The two-character Han words of a text (its bigrams, run by run). */
function hanWordsOf(text: string): string[] {
  const out: string[] = [];
  for (const run of text.match(/\p{Script=Han}+/gu) ?? []) {
    const chars = Array.from(run);
    for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  }
  return out;
}

/**
 * Reads a normalized question the way its writer meant it, before tokenizing: Latin pinyin as the Chinese
 * words it spells and IME homophone slips as the known word, both against the knowledge base's own
 * vocabulary. It rewrites text, not terms, so the synonym table then folds what the reading produced.
 */
export class QueryReader {
  /** Built, or restored from `pinyinSaved` when a question first needs it (English questions seldom do). */
  private pinyinReader?: PinyinReader;
  private readonly pinyinSaved?: PinyinSnapshot;
  /** The synonym table's Chinese words as typed: known words for slip correction, though folded in the index. */
  private readonly pinyinWords: Set<string>;

  /** How many entries use each indexed term (the engine's; read, never changed). */
  private readonly docFreq: Counts;

  constructor(docFreq: ReadonlyMap<string, number>, synonyms: readonly SynonymGroup[]) {
    this.docFreq = docFreq;
    // Known two-character words: the indexed bigrams, and the synonym table's Chinese words as typed (its
    // words are folded away in the index, yet 解帮 should still read as 解绑), which win ties.
    const synonymWords = synonyms.flatMap((g) => g.terms).flatMap((t) => hanWordsOf(normalize(t)));
    this.pinyinWords = new Set(synonymWords);
    this.pinyinReader = new PinyinReader([...docFreq, ...synonymWords.map((w) => [w, Number.MAX_SAFE_INTEGER] as const)]);
  }

  private get pinyin(): PinyinReader {
    return (this.pinyinReader ??= PinyinReader.restore(this.pinyinSaved!));
  }

  snapshot(): { pinyin: PinyinSnapshot; pinyinWords: string[] } {
    return { pinyin: this.pinyinSaved ?? this.pinyin.snapshot(), pinyinWords: [...this.pinyinWords] };
  }

  /** docFreq: the Map the snapshot was read against (the engine's, restored with it). */
  static restore(s: ReturnType<QueryReader['snapshot']>, docFreq: Counts): QueryReader {
    return revive(QueryReader, { pinyinSaved: s.pinyin, pinyinWords: new Set(s.pinyinWords), docFreq });
  }

  read(text: string, options: ReadingOptions): string {
    let out = text;
    if (options.latin) out = out.replace(/[a-z]+(?:\s+[a-z]+)*/g, (words) => this.readPinyin(words));
    if (options.homophones) out = out.replace(/\p{Script=Han}{2,}/gu, (run) => this.correctSlips(run));
    return out;
  }

  /**
   * Known well enough not to be read as pinyin or corrected as a slip: used by a few entries at least. A
   * word only one or two entries use may itself be pinyin or a slip written into an alias (tanxing, 带款).
   */
  private isCommon(term: string): boolean {
    return (this.docFreq.get(term) ?? 0) >= COMMON_DF;
  }

  private isKnownLatin(word: string): boolean {
    return EN_STOP.has(word) || this.isCommon(word) || this.isCommon(stem(word));
  }

  /**
   * A Han run with its IME slips corrected: each unknown word with a known homophone one character away, when
   * the change makes more of the run's words known (so 则分 is not "corrected" at the cost of 规则) and touches
   * no function character (了, 的, 吗: "建了" is a plain word the knowledge base does not use).
   */
  private correctSlips(run: string): string {
    const chars = Array.from(run);
    const known = (a: string | undefined, b: string | undefined) => (a && b && (this.isCommon(a + b) || this.pinyinWords.has(a + b)) ? 1 : 0);
    for (let i = 0; i + 1 < chars.length; i++) {
      const [a, b] = [chars[i]!, chars[i + 1]!];
      if (isFunctionChar(a) || isFunctionChar(b) || this.pinyinWords.has(a + b)) continue;
      const fix = this.pinyin.homophone(a + b, SLIP_MIN_WEIGHT);
      // A typed word used nearly as often as its homophone is meant as typed (a slip written into a few aliases is not).
      if (!fix || (this.docFreq.get(a + b) ?? 0) * SLIP_RATIO >= fix.weight) continue;
      const [x, y] = Array.from(fix.word) as [string, string];
      // Nor into one: 能补 is not 能不.
      if (isFunctionChar(x) || isFunctionChar(y) || NEGATIONS.has(x) || NEGATIONS.has(y)) continue;
      const before = known(chars[i - 1], a) + known(b, chars[i + 2]);
      const after = 1 + known(chars[i - 1], x) + known(y, chars[i + 2]);
      if (after > before) [chars[i], chars[i + 1]] = [x, y];
    }
    return chars.join('');
  }

  /** Latin words read as pinyin where they spell known Chinese words; neighbours read so are joined (tanxing wangka → 弹性网卡). */
  private readPinyin(words: string): string {
    let out = '';
    let lastWasHan = false;
    for (const word of words.split(/\s+/)) {
      const han = this.isKnownLatin(word) ? undefined : this.pinyin.hanFor(word);
      out += (out && !(han && lastWasHan) ? ' ' : '') + (han ?? word);
      lastWasHan = han !== undefined;
    }
    return out;
  }

}
