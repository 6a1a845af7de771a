import SearchableMap from 'minisearch/SearchableMap';

/**
 * Compact forms of the search index's parts for the index file (index-file.ts): flat string lists and typed
 * arrays, which v8.deserialize reads many times faster than the Maps of small objects the parts hold
 * (2.4 s → well under 0.1 s for the whole index).
 */

/** A Map of numbers as two parallel lists (insertion order kept). */
export interface PackedNumbers {
  keys: string[];
  values: Float64Array;
}

export function packNumbers<K extends string>(map: ReadonlyMap<K, number>): PackedNumbers {
  return { keys: [...map.keys()], values: Float64Array.from(map.values()) };
}

export function unpackNumbers<K extends string = string>(p: PackedNumbers): Map<K, number> {
  const map = new Map<K, number>();
  p.keys.forEach((key, i) => map.set(key as K, p.values[i]!));
  return map;
}

/** An instance of a class made from fields a snapshot saved, without running its constructor (which builds them). */
export function revive<T extends object>(cls: { prototype: T }, fields: object): T {
  return Object.assign(Object.create(cls.prototype) as T, fields);
}

/** MiniSearch's term index (term → field id → short document id → term frequency) as flat lists. */
export interface PackedTerms {
  terms: string[];
  /** Term i's postings are at start[i] .. start[i + 1]. */
  start: Int32Array;
  fields: Int32Array;
  docs: Int32Array;
  freqs: Float64Array;
}

type TermData = Map<number, Map<number, number>>;

/** Packs the `index` of MiniSearch's toJSON() (its documented serialization), in its order. */
export function packTerms(index: ReadonlyArray<[string, Record<string, Record<string, number>>]>): PackedTerms {
  const start = new Int32Array(index.length + 1);
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
  return { terms: index.map(([term]) => term), start, fields: Int32Array.from(fields), docs: Int32Array.from(docs), freqs: Float64Array.from(freqs) };
}

/**
 * MiniSearch's term index read from packed lists term by term, when a search first asks for a term: a
 * query only looks terms up (get/has), so most are never decoded. Anything else (prefix or fuzzy search,
 * iteration, changes) first decodes every term into the ordinary radix tree, so it behaves exactly as one.
 * Each term decodes to what MiniSearch.loadJS would have made of it (same Maps, same order).
 */
export class PackedTermMap extends SearchableMap<TermData> {
  private readonly at = new Map<string, number>();
  private readonly decoded = new Map<string, TermData>();
  private whole = false;

  constructor(private readonly packed: PackedTerms) {
    super();
    packed.terms.forEach((term, i) => this.at.set(term, i));
  }

  override get(term: string): TermData | undefined {
    if (this.whole) return super.get(term);
    let data = this.decoded.get(term);
    if (data) return data;
    const i = this.at.get(term);
    if (i === undefined) return undefined;
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
    return this.whole ? super.has(term) : this.at.has(term);
  }

  override get size(): number {
    return this.whole ? super.size : this.at.size;
  }

  /** Every term into the radix tree, once: from then on this is an ordinary SearchableMap. */
  private decodeAll(): this {
    if (this.whole) return this;
    const data = this.packed.terms.map((term) => [term, this.get(term)!] as const);
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
