import SearchableMap from 'minisearch/SearchableMap';
import { StringTable, type StringTableSnapshot } from './string-table.js';

/**
 * Compact forms of the search index's parts for the index file (index-file.ts): string tables looked up
 * by binary search (string-table.ts) and typed arrays, which the file holds as they are, so that reading
 * it builds no Map of every key (issue #18).
 */

/** What the search reads of a term count table (document frequencies): a Map's get and has. */
export type Counts = Pick<ReadonlyMap<string, number>, 'get' | 'has'>;

/** Whole numbers in [0, 2^32) in the smallest unsigned typed array; other numbers in a Float64Array. Same values either way. */
export type CompactNumbers = Uint8Array | Uint16Array | Uint32Array | Float64Array;
export function compactNumbers(values: ArrayLike<number>): CompactNumbers {
  let max = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff || Object.is(v, -0)) return Float64Array.from(values);
    if (v > max) max = v;
  }
  return max <= 0xff ? Uint8Array.from(values) : max <= 0xffff ? Uint16Array.from(values) : Uint32Array.from(values);
}

/** Positive counts of a table's strings (0: not counted), in the table's order. Throws on a key the table lacks. */
export function countsFor(table: StringTable, counts: ReadonlyMap<string, number>): CompactNumbers {
  const values = new Array<number>(table.size).fill(0);
  for (const [key, count] of counts) {
    const i = table.indexOf(key);
    if (i < 0 || !(count > 0)) throw new Error(`countsFor: "${key}" (${count}) cannot be kept in this table`);
    values[i] = count;
  }
  return compactNumbers(values);
}

/** Counts kept beside a table's strings (see countsFor): a string counted 0 is not there, as in the Map they came from. */
export class TableCounts implements Counts {
  constructor(
    private readonly table: StringTable,
    private readonly values: ArrayLike<number>,
  ) {}

  get(key: string): number | undefined {
    const i = this.table.indexOf(key);
    const count = i < 0 ? 0 : this.values[i]!;
    return count === 0 ? undefined : count;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }
}

/** An instance of a class made from fields a snapshot saved, without running its constructor (which builds them). */
export function revive<T extends object>(cls: { prototype: T }, fields: object): T {
  return Object.assign(Object.create(cls.prototype) as T, fields);
}

/** MiniSearch's term index (term → field id → short document id → term frequency) as flat lists. */
export interface PackedTerms {
  /** In MiniSearch's order. */
  terms: StringTableSnapshot;
  /** Term i's postings are at start[i] .. start[i + 1]. */
  start: Uint32Array;
  fields: CompactNumbers;
  docs: CompactNumbers;
  freqs: CompactNumbers;
}

type TermData = Map<number, Map<number, number>>;

/** Packs the `index` of MiniSearch's toJSON() (its documented serialization), in its order. */
export function packTerms(index: ReadonlyArray<[string, Record<string, Record<string, number>>]>): PackedTerms {
  const start = new Uint32Array(index.length + 1);
  const fields: number[] = [];
  const docs: number[] = [];
  const freqs: number[] = [];
  index.forEach(([, byField], i) => {
    for (const [field, byDoc] of Object.entries(byField)) {
      for (const [doc, freq] of Object.entries(byDoc)) {
        fields.push(Number(field));
        docs.push(Number(doc));
        freqs.push(freq);
      }
    }
    start[i + 1] = fields.length;
  });
  return { terms: StringTable.from(index.map(([term]) => term)).snapshot(), start, fields: compactNumbers(fields), docs: compactNumbers(docs), freqs: compactNumbers(freqs) };
}

/**
 * MiniSearch's term index read from packed lists term by term, when a search first asks for a term: a
 * query only looks terms up (get/has), so most are never decoded. Anything else (prefix or fuzzy search,
 * iteration, changes) first decodes every term into the ordinary radix tree, so it behaves exactly as one.
 * Each term decodes to what MiniSearch.loadJS would have made of it (same Maps, same order).
 */
export class PackedTermMap extends SearchableMap<TermData> {
  private readonly decoded = new Map<string, TermData>();
  private whole = false;

  /** terms: the table of packed.terms (the engine shares it with its term counts). */
  constructor(
    private readonly packed: PackedTerms,
    private readonly terms: StringTable,
  ) {
    super();
  }

  override get(term: string): TermData | undefined {
    if (this.whole) return super.get(term);
    let data = this.decoded.get(term);
    if (data) return data;
    const i = this.terms.indexOf(term);
    if (i < 0) return undefined;
    const { start, fields, docs, freqs } = this.packed;
    data = new Map();
    for (let p = start[i]!; p < start[i + 1]!; p++) {
      let byDoc = data.get(fields[p]!);
      if (!byDoc) data.set(fields[p]!, (byDoc = new Map()));
      byDoc.set(docs[p]!, freqs[p]!);
    }
    this.decoded.set(term, data);
    return data;
  }

  override has(term: string): boolean {
    return this.whole ? super.has(term) : this.terms.indexOf(term) >= 0;
  }

  override get size(): number {
    return this.whole ? super.size : this.terms.size;
  }

  /** Every term into the radix tree, once: from then on this is an ordinary SearchableMap. */
  private decodeAll(): this {
    if (this.whole) return this;
    const data = [...this.terms].map((term) => [term, this.get(term)!] as const);
    this.whole = true;
    for (const [term, value] of data) super.set(term, value);
    return this;
  }

  override atPrefix(prefix: string): SearchableMap<TermData> {
    return this.decodeAll() && super.atPrefix(prefix);
  }
  override fuzzyGet(key: string, maxEditDistance: number) {
    return this.decodeAll() && super.fuzzyGet(key, maxEditDistance);
  }
  override entries() {
    return this.decodeAll() && super.entries();
  }
  override keys() {
    return this.decodeAll() && super.keys();
  }
  override values() {
    return this.decodeAll() && super.values();
  }
  override set(key: string, value: TermData): this {
    this.decodeAll();
    super.set(key, value);
    return this;
  }
  override update(key: string, fn: (value: TermData | undefined) => TermData): this {
    this.decodeAll();
    super.update(key, fn);
    return this;
  }
  override fetch(key: string, initial: () => TermData): TermData {
    return this.decodeAll() && super.fetch(key, initial);
  }
  override delete(key: string): void {
    this.decodeAll();
    super.delete(key);
  }
  override clear(): void {
    this.decodeAll();
    super.clear();
  }
}
