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

export class PhrasingIndex {
  private readonly byId = new Map<string, EntryPhrasings>();
  private readonly df = new Map<string, number>();
  private count = 0;
  private totalLength = 0;

  add(id: string, phrasings: readonly (readonly string[])[]): void {
    const entry: EntryPhrasings = this.byId.get(id) ?? { lengths: [], postings: new Map() };
    for (const terms of phrasings) {
      if (terms.length === 0) continue;
      const phrasing = entry.lengths.length;
      entry.lengths.push(terms.length);
      const tf = new Map<string, number>();
      for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const [t, n] of tf) {
        this.df.set(t, (this.df.get(t) ?? 0) + 1);
        const list = entry.postings.get(t) ?? [];
        list.push({ phrasing, tf: n });
        entry.postings.set(t, list);
      }
      this.count++;
      this.totalLength += terms.length;
    }
    this.byId.set(id, entry);
  }

  /**
   * BM25 of the query against the entry's single best phrasing, scored like MiniSearch scores a document
   * (times the number of query terms matched). Only the postings of the query's terms are visited.
   */
  best(id: string, terms: readonly string[], { k, b, d }: Bm25Params): number {
    const entry = this.byId.get(id);
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
