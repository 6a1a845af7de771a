import { compactNumbers, revive, type CompactNumbers } from './pack.js';
import { StringTable, type StringTableSnapshot } from './string-table.js';

/** What a row of postings is read from: a typed array, or one the index file reads a slice of at a time (index-file.ts). */
export interface Rows<T> {
  subarray(start: number, end: number): T;
}

/**
 * An n-gram index as data (see NgramIndex.snapshot): gram i (row i) has the postings start[i] .. start[i + 1]
 * of phrasings and weights. The two long arrays are read a row at a time: a CLI question reads the rows of
 * its grams from the index file, not the 3.5 MB of all of them (index-file.ts, DEFERRED in engine.ts).
 */
export interface NgramSnapshot {
  grams: StringTableSnapshot;
  start: Uint32Array;
  phrasings: Rows<Uint8Array | Uint16Array | Uint32Array | Float64Array>;
  weights: Rows<Float64Array>;
  /** By row. */
  idf: Float64Array;
  entryOf: CompactNumbers;
  ids: string[];
}

/**
 * A second, independent view of similarity: TF-IDF cosine over character n-grams of each phrasing (an entry's
 * questions and aliases), an entry scoring as its most similar phrasing. It needs no word boundaries, so it
 * reads Chinese without segmentation and forgives typos and word order that BM25's terms do not; where it
 * agrees with BM25 on the top entry, that entry is far more often right (the bands use that, see calibration.ts).
 */
export class NgramIndex {
  /** Gram → its row (the rows are in the order the grams first appear). */
  private readonly grams: StringTable;
  private readonly start: Uint32Array;
  private readonly phrasings: NgramSnapshot['phrasings'];
  private readonly weights: Rows<Float64Array>;
  private readonly idf: Float64Array;
  private readonly entryOf: ArrayLike<number>;
  private readonly ids: string[] = [];
  /** Per-query sums by phrasing, reused (a typed array is much faster than a Map on the hot path). */
  private sums = new Float64Array(0);

  /** texts: for each entry, its phrasings already normalized and synonym-folded. */
  constructor(entries: ReadonlyArray<{ id: string; texts: readonly string[] }>) {
    const grams: Array<Map<string, number>> = [];
    const entryOf: number[] = [];
    const df = new Map<string, number>();
    entries.forEach(({ id, texts }, entry) => {
      this.ids.push(id);
      for (const text of texts) {
        const tf = ngrams(text);
        if (tf.size === 0) continue;
        grams.push(tf);
        entryOf.push(entry);
        for (const g of tf.keys()) df.set(g, (df.get(g) ?? 0) + 1);
      }
    });
    const n = grams.length;
    const idf = new Map<string, number>();
    for (const [g, count] of df) idf.set(g, Math.log((n + 1) / (count + 0.5)));
    const lists = new Map<string, Array<[phrasing: number, weight: number]>>();
    grams.forEach((tf, phrasing) => {
      for (const [g, weight] of normalized(tf, (g) => idf.get(g))) {
        let list = lists.get(g);
        if (!list) lists.set(g, (list = []));
        list.push([phrasing, weight]);
      }
    });
    // Packed into long arrays (one row per gram): the index file saves and restores them as they are.
    this.grams = StringTable.from([...lists.keys()]);
    this.start = new Uint32Array(lists.size + 1);
    this.idf = new Float64Array(lists.size);
    let row = 0;
    for (const [g, list] of lists) {
      this.idf[row] = idf.get(g)!;
      this.start[row + 1] = this.start[row]! + list.length;
      row++;
    }
    const all = [...lists.values()].flat();
    this.phrasings = compactNumbers(all.map((x) => x[0]));
    this.weights = Float64Array.from(all, (x) => x[1]);
    this.entryOf = compactNumbers(entryOf);
    this.sums = new Float64Array(n);
  }

  snapshot(): NgramSnapshot {
    const { start, phrasings, weights, idf, ids } = this;
    return { grams: this.grams.snapshot(), start, phrasings, weights, idf, entryOf: this.entryOf as CompactNumbers, ids };
  }

  static restore(s: NgramSnapshot): NgramIndex {
    const { start, phrasings, weights, idf, entryOf, ids } = s;
    return revive(NgramIndex, { grams: StringTable.restore(s.grams), start, phrasings, weights, idf, entryOf, ids, sums: new Float64Array(entryOf.length) });
  }

  /** Cosine of the query to each entry's most similar phrasing, for every entry that shares a gram. */
  similarities(text: string): Map<string, number> {
    const query = normalized(ngrams(text), (g) => {
      const row = this.grams.indexOf(g);
      return row < 0 ? undefined : this.idf[row];
    });
    const sums = this.sums;
    const touched: number[] = [];
    for (const [g, w] of query) {
      const row = this.grams.indexOf(g);
      const from = this.start[row]!;
      const to = this.start[row + 1]!;
      const phrasings = this.phrasings.subarray(from, to);
      const weights = this.weights.subarray(from, to);
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

/** L2-normalized TF-IDF weights; grams without an idf (no phrasing has them) are left out: they cannot match anything. */
function normalized(tf: ReadonlyMap<string, number>, idfOf: (gram: string) => number | undefined): Map<string, number> {
  const out = new Map<string, number>();
  let norm = 0;
  for (const [g, count] of tf) {
    const idf = idfOf(g);
    if (idf === undefined) continue;
    const w = (1 + Math.log(count)) * idf;
    out.set(g, w);
    norm += w * w;
  }
  norm = Math.sqrt(norm) || 1;
  for (const [g, w] of out) out.set(g, w / norm);
  return out;
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
