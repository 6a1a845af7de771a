/**
 * Short texts per entry (its question and aliases), each scored on its own with BM25, so an entry gets credit
 * for the one phrasing that matches a question best, not only for its whole bag of words.
 */
export interface Bm25Params {
  k: number;
  b: number;
  d: number;
}

interface Phrasing {
  tf: Map<string, number>;
  length: number;
}

export class PhrasingIndex {
  private readonly byId = new Map<string, Phrasing[]>();
  private readonly df = new Map<string, number>();
  private count = 0;
  private avgLength = 1;

  add(id: string, phrasings: readonly (readonly string[])[]): void {
    const list = phrasings.filter((terms) => terms.length > 0).map((terms) => {
      const tf = new Map<string, number>();
      for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const t of tf.keys()) this.df.set(t, (this.df.get(t) ?? 0) + 1);
      return { tf, length: terms.length };
    });
    this.byId.set(id, [...(this.byId.get(id) ?? []), ...list]);
    const total = this.avgLength * this.count + list.reduce((n, p) => n + p.length, 0);
    this.count += list.length;
    this.avgLength = total / Math.max(this.count, 1);
  }

  /**
   * BM25 of the query against the entry's single best phrasing, scored like MiniSearch scores a document
   * (times the number of query terms matched).
   */
  best(id: string, terms: readonly string[], { k, b, d }: Bm25Params): number {
    let best = 0;
    const unique = new Set(terms);
    for (const phrasing of this.byId.get(id) ?? []) {
      let score = 0;
      let matched = 0;
      for (const term of unique) {
        const tf = phrasing.tf.get(term);
        if (!tf) continue;
        matched++;
        const df = this.df.get(term) ?? 0;
        const idf = Math.log(1 + (this.count - df + 0.5) / (df + 0.5));
        score += idf * (d + (tf * (k + 1)) / (tf + k * (1 - b + (b * phrasing.length) / this.avgLength)));
      }
      if (score * matched > best) best = score * matched;
    }
    return best;
  }
}
