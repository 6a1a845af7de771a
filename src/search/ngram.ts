/**
 * A second, independent view of similarity: TF-IDF cosine over character n-grams of each phrasing (an entry's
 * questions and aliases), an entry scoring as its most similar phrasing. It needs no word boundaries, so it
 * reads Chinese without segmentation and forgives typos and word order that BM25's terms do not; where it
 * agrees with BM25 on the top entry, that entry is far more often right (the bands use that, see calibration.ts).
 */
export class NgramIndex {
  private readonly postings = new Map<string, { phrasings: Int32Array; weights: Float64Array }>();
  private readonly entryOf: number[] = [];
  private readonly ids: string[] = [];
  private idf = new Map<string, number>();
  /** Per-query sums by phrasing, reused (a typed array is much faster than a Map on the hot path). */
  private sums = new Float64Array(0);

  /** texts: for each entry, its phrasings already normalized and synonym-folded. */
  constructor(entries: ReadonlyArray<{ id: string; texts: readonly string[] }>) {
    const grams: Array<Map<string, number>> = [];
    const df = new Map<string, number>();
    entries.forEach(({ id, texts }, entry) => {
      this.ids.push(id);
      for (const text of texts) {
        const tf = ngrams(text);
        if (tf.size === 0) continue;
        grams.push(tf);
        this.entryOf.push(entry);
        for (const g of tf.keys()) df.set(g, (df.get(g) ?? 0) + 1);
      }
    });
    const n = grams.length;
    for (const [g, count] of df) this.idf.set(g, Math.log((n + 1) / (count + 0.5)));
    const lists = new Map<string, Array<[number, number]>>();
    grams.forEach((tf, phrasing) => {
      const vector = this.weigh(tf);
      for (const [g, weight] of vector) {
        let list = lists.get(g);
        if (!list) lists.set(g, (list = []));
        list.push([phrasing, weight]);
      }
    });
    for (const [g, list] of lists) {
      this.postings.set(g, { phrasings: Int32Array.from(list, (x) => x[0]), weights: Float64Array.from(list, (x) => x[1]) });
    }
    this.sums = new Float64Array(n);
  }

  /** L2-normalized TF-IDF weights; grams no phrasing has are left out (they cannot match anything). */
  private weigh(tf: ReadonlyMap<string, number>): Map<string, number> {
    const out = new Map<string, number>();
    let norm = 0;
    for (const [g, count] of tf) {
      const idf = this.idf.get(g);
      if (idf === undefined) continue;
      const w = (1 + Math.log(count)) * idf;
      out.set(g, w);
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [g, w] of out) out.set(g, w / norm);
    return out;
  }

  /** Cosine of the query to each entry's most similar phrasing, for every entry that shares a gram. */
  similarities(text: string): Map<string, number> {
    const query = this.weigh(ngrams(text));
    const sums = this.sums;
    const touched: number[] = [];
    for (const [g, w] of query) {
      const list = this.postings.get(g);
      if (!list) continue;
      const { phrasings, weights } = list;
      for (let i = 0; i < phrasings.length; i++) {
        const p = phrasings[i]!;
        if (sums[p] === 0) touched.push(p);
        sums[p]! += w * weights[i]!;
      }
    }
    const byEntry = new Map<string, number>();
    for (const phrasing of touched) {
      const sim = sums[phrasing]!;
      sums[phrasing] = 0;
      const id = this.ids[this.entryOf[phrasing]!]!;
      if (sim > (byEntry.get(id) ?? 0)) byEntry.set(id, sim);
    }
    return byEntry;
  }
}

const HAN = /\p{Script=Han}/u;

/**
 * Character n-grams of a folded text: Han characters as 1- and 2-grams (a Chinese word is one or two
 * characters), Latin words whole and as 3-grams within the word (typos keep most of them).
 */
export function ngrams(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const add = (g: string) => out.set(g, (out.get(g) ?? 0) + 1);
  for (const run of text.match(/\p{Script=Han}+|[a-z0-9]+/gu) ?? []) {
    const chars = Array.from(run);
    if (HAN.test(chars[0]!)) {
      chars.forEach((c, i) => {
        add(c);
        if (i + 1 < chars.length) add(c + chars[i + 1]!);
      });
    } else {
      add(`w:${run}`);
      const padded = ` ${run} `;
      for (let i = 0; i + 3 <= padded.length; i++) add(padded.slice(i, i + 3));
    }
  }
  return out;
}
