/**
 * A fixed list of distinct strings kept as one block of UTF-16 code units with each string's start, and the
 * order that sorts them, so that an index read from its file looks a string up by binary search instead of
 * first building a Map of every key (issue #18: the Maps of the index's ~80,000 keys cost each CLI call
 * about 50 ms and several MB of fresh memory, for a question that looks up a few dozen of them).
 * Keys found are remembered, so a long-running bot searches for each known key once.
 */
export interface StringTableSnapshot {
  /** Every string, one after the other, as UTF-16 code units. */
  text: Uint16Array;
  /** String i is text[start[i]] .. text[start[i + 1]]. */
  start: Uint32Array;
  /** The strings' positions in code-unit order (the order of JavaScript's < on strings). */
  sorted: Uint16Array | Uint32Array;
}

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export class StringTable {
  private readonly found = new Map<string, number>();

  private constructor(
    private readonly text: string,
    private readonly start: Uint32Array,
    private readonly sorted: Uint16Array | Uint32Array,
  ) {}

  /** The strings in their given order (positions are indexes into `strings`); they must be distinct. */
  static from(strings: readonly string[]): StringTable {
    const start = new Uint32Array(strings.length + 1);
    strings.forEach((s, i) => (start[i + 1] = start[i]! + s.length));
    const order = strings.map((_, i) => i).sort((a, b) => byCodeUnits(strings[a]!, strings[b]!));
    for (let i = 1; i < order.length; i++) {
      if (strings[order[i]!] === strings[order[i - 1]!]) throw new Error(`StringTable: "${strings[order[i]!]}" is there twice`);
    }
    const sorted = strings.length <= 0xffff ? Uint16Array.from(order) : Uint32Array.from(order);
    return new StringTable(strings.join(''), start, sorted);
  }

  static restore(s: StringTableSnapshot): StringTable {
    const text = Buffer.from(s.text.buffer, s.text.byteOffset, s.text.byteLength).toString('utf16le');
    if (s.start.length !== s.sorted.length + 1 || s.start[s.sorted.length] !== text.length) throw new Error('StringTable: a damaged snapshot');
    return new StringTable(text, s.start, s.sorted);
  }

  snapshot(): StringTableSnapshot {
    const text = new Uint16Array(this.text.length);
    for (let i = 0; i < text.length; i++) text[i] = this.text.charCodeAt(i);
    return { text, start: this.start, sorted: this.sorted };
  }

  get size(): number {
    return this.sorted.length;
  }

  /** The string at position i. */
  at(i: number): string {
    return this.text.slice(this.start[i]!, this.start[i + 1]!);
  }

  /** The position of `key`, or -1 when it is not in the table. */
  indexOf(key: string): number {
    const known = this.found.get(key);
    if (known !== undefined) return known;
    let low = 0;
    let high = this.sorted.length - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const i = this.sorted[mid]!;
      const here = this.at(i);
      if (here === key) {
        this.found.set(key, i);
        return i;
      }
      if (here < key) low = mid + 1;
      else high = mid - 1;
    }
    return -1;
  }

  /** Every string, in position order. */
  *[Symbol.iterator](): IterableIterator<string> {
    for (let i = 0; i < this.sorted.length; i++) yield this.at(i);
  }
}
