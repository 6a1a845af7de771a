import { packNumbers, revive, unpackNumbers, type PackedNumbers } from './pack.js';

/** An n-gram index as data (see NgramIndex.snapshot): gram i's postings are at start[i] .. start[i + 1]. */
export interface NgramSnapshot {
  grams: string[];
  start: Int32Array;
  phrasings: Int32Array;
  weights: Float64Array;
  entryOf: Int32Array;
  ids: string[];
  idf: PackedNumbers;
}

/**
 * A second, independent view of similarity: TF-IDF cosine over character n-grams of each phrasing (an entry's
 * questions and aliases), an entry scoring as its most similar phrasing. It needs no word boundaries, so it
 * reads Chinese without segmentation and forgives typos and word order that BM25's terms do not; where it
 * agrees with BM25 on the top entry, that entry is far more often right (the bands use that, see calibration.ts).
 */
export class NgramIndex {
  /** Gram → its row: its postings are phrasings[start[row]] .. and weights[..] up to start[row + 1]. */
  private readonly rowOf = new Map<string, number>();
  private readonly start: Int32Array;
  private readonly phrasings: Int32Array;
  private readonly weights: Float64Array;
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
    // Packed into two long arrays (one row per gram): the index file saves and restores them as they are.
    this.start = new Int32Array(lists.size + 1);
    let row = 0;
    for (const [g, list] of lists) {
      this.rowOf.set(g, row);
      this.start[row + 1] = this.start[row]! + list.length;
      row++;
    }
    const all = [...lists.values()].flat();
    this.phrasings = Int32Array.from(all, (x) => x[0]);
    this.weights = Float64Array.from(all, (x) => x[1]);
    this.sums = new Float64Array(n);
  }

  snapshot(): NgramSnapshot {
    const { start, phrasings, weights, ids } = this;
    return { grams: [...this.rowOf.keys()], start, phrasings, weights, entryOf: Int32Array.from(this.entryOf), ids, idf: packNumbers(this.idf) };
  }

  static restore(s: NgramSnapshot): NgramIndex {
    const rowOf = new Map<string, number>();
    s.grams.forEach((g, i) => rowOf.set(g, i));
    const { start, phrasings, weights, ids } = s;
    return revive(NgramIndex, { rowOf, start, phrasings, weights, entryOf: Array.from(s.entryOf), ids, idf: unpackNumbers(s.idf), sums: new Float64Array(s.entryOf.length) });
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
    const { phrasings, weights, start } = this;
    for (const [g, w] of query) {
      const row = this.rowOf.get(g);
      if (row === undefined) continue;
      for (let i = start[row]!, end = start[row + 1]!; i < end; i++) {
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
