import { compactNumbers, countsFor, revive, TableCounts, type CompactNumbers, type Counts } from './pack.js';
import { StringTable, type StringTableSnapshot } from './string-table.js';

/**
 * Short texts per entry (its question and aliases), each scored on its own with BM25, so an entry gets credit
 * for the one phrasing that matches a question best, not only for its whole bag of words.
 */
export interface Bm25Params {
  k: number;
  b: number;
  d: number;
}

/** One entry's phrasings as postings: for each term, which phrasings hold it and how often. */
interface EntryPhrasings {
  lengths: number[];
  postings: Map<string, Array<{ phrasing: number; tf: number }>>;
}

/**
 * The phrasings as flat lists (see PhrasingIndex.snapshot): entry i has lengths lengthStart[i] .. lengthStart[i + 1]
 * and terms termStart[i] .. termStart[i + 1] (each a position in the table of terms); term j's postings are at
 * postingStart[j] .. postingStart[j + 1].
 */
export interface PhrasingSnapshot {
  ids: string[];
  lengthStart: Uint32Array;
  lengths: CompactNumbers;
  termStart: Uint32Array;
  terms: CompactNumbers;
  postingStart: Uint32Array;
  phrasing: CompactNumbers;
  tf: CompactNumbers;
  /** Every term of every phrasing, and in how many phrasings it is. */
  table: StringTableSnapshot;
  df: CompactNumbers;
  count: number;
  totalLength: number;
}

export class PhrasingIndex {
  private readonly byId = new Map<string, EntryPhrasings>();
  /** A restored index decodes an entry from the snapshot when a search first scores it (most never are). */
  private readonly packed?: { snapshot: PhrasingSnapshot; rowOf: Map<string, number>; table: StringTable };
  /** In how many phrasings each term is: counted by add(), or read from a snapshot's table. */
  private readonly counted = new Map<string, number>();
  private readonly df: Counts = this.counted;
  private count = 0;
  private totalLength = 0;

  add(id: string, phrasings: readonly (readonly string[])[]): void {
    if (this.packed) throw new Error('a restored phrasing index is read-only');
    const entry: EntryPhrasings = this.byId.get(id) ?? { lengths: [], postings: new Map() };
    for (const terms of phrasings) {
      if (terms.length === 0) continue;
      const phrasing = entry.lengths.length;
      entry.lengths.push(terms.length);
      const tf = new Map<string, number>();
      for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const [t, n] of tf) {
        this.counted.set(t, (this.counted.get(t) ?? 0) + 1);
        const list = entry.postings.get(t) ?? [];
        list.push({ phrasing, tf: n });
        entry.postings.set(t, list);
      }
      this.count++;
      this.totalLength += terms.length;
    }
    this.byId.set(id, entry);
  }

  snapshot(): PhrasingSnapshot {
    if (this.packed) return this.packed.snapshot;
    const entries = [...this.byId.values()];
    const lists = entries.flatMap((e) => [...e.postings.values()]);
    const offsets = (sizes: number[]) => {
      const start = new Uint32Array(sizes.length + 1);
      sizes.forEach((n, i) => (start[i + 1] = start[i]! + n));
      return start;
    };
    const postings = lists.flat();
    const table = StringTable.from([...this.counted.keys()]);
    return {
      ids: [...this.byId.keys()],
      lengthStart: offsets(entries.map((e) => e.lengths.length)),
      lengths: compactNumbers(entries.flatMap((e) => e.lengths)),
      termStart: offsets(entries.map((e) => e.postings.size)),
      terms: compactNumbers(entries.flatMap((e) => [...e.postings.keys()].map((t) => table.indexOf(t)))),
      postingStart: offsets(lists.map((l) => l.length)),
      phrasing: compactNumbers(postings.map((p) => p.phrasing)),
      tf: compactNumbers(postings.map((p) => p.tf)),
      table: table.snapshot(),
      df: countsFor(table, this.counted),
      count: this.count,
      totalLength: this.totalLength,
    };
  }

  static restore(s: PhrasingSnapshot): PhrasingIndex {
    const rowOf = new Map<string, number>();
    s.ids.forEach((id, i) => rowOf.set(id, i));
    const table = StringTable.restore(s.table);
    return revive(PhrasingIndex, { byId: new Map(), packed: { snapshot: s, rowOf, table }, df: new TableCounts(table, s.df), count: s.count, totalLength: s.totalLength });
  }

  private entry(id: string): EntryPhrasings | undefined {
    const found = this.byId.get(id);
    const i = found || !this.packed ? undefined : this.packed.rowOf.get(id);
    if (i === undefined) return found;
    const { snapshot: s, table } = this.packed!;
    const postings = new Map<string, Array<{ phrasing: number; tf: number }>>();
    for (let j = s.termStart[i]!; j < s.termStart[i + 1]!; j++) {
      const list: Array<{ phrasing: number; tf: number }> = [];
      for (let p = s.postingStart[j]!; p < s.postingStart[j + 1]!; p++) list.push({ phrasing: s.phrasing[p]!, tf: s.tf[p]! });
      postings.set(table.at(s.terms[j]!), list);
    }
    const entry = { lengths: Array.from(s.lengths.subarray(s.lengthStart[i]!, s.lengthStart[i + 1]!)), postings };
    this.byId.set(id, entry);
    return entry;
  }

  /**
   * BM25 of the query against the entry's single best phrasing, scored like MiniSearch scores a document
   * (times the number of query terms matched). Only the postings of the query's terms are visited.
   */
  best(id: string, terms: readonly string[], { k, b, d }: Bm25Params): number {
    const entry = this.entry(id);
    if (!entry) return 0;
    const avgLength = this.totalLength / Math.max(this.count, 1);
    const score = new Map<number, number>();
    const matched = new Map<number, number>();
    for (const term of new Set(terms)) {
      const list = entry.postings.get(term);
      if (!list) continue;
      const df = this.df.get(term) ?? 0;
      const idf = Math.log(1 + (this.count - df + 0.5) / (df + 0.5));
      for (const { phrasing, tf } of list) {
        const norm = 1 - b + (b * entry.lengths[phrasing]!) / avgLength;
        score.set(phrasing, (score.get(phrasing) ?? 0) + idf * (d + (tf * (k + 1)) / (tf + k * norm)));
        matched.set(phrasing, (matched.get(phrasing) ?? 0) + 1);
      }
    }
    let best = 0;
    for (const [phrasing, s] of score) best = Math.max(best, s * matched.get(phrasing)!);
    return best;
  }
}
