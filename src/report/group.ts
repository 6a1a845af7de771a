import { normalize, PhraseMatcher } from '../search/synonyms.js';
import { runSync, type Steps } from '../store/pace.js';
import { CHECKPOINT } from '../store/report-tally.js';

/**
 * Grouping of similar question texts for the gaps report: "ENI是啥？" and "请问 eni 是啥" are one gap, not two.
 * Character bigrams need no word boundaries, so the same measure reads Chinese and English.
 */
export type Normalizer = (text: string) => string;

// Punctuation, symbols, separators and controls: none of them changes what is asked.
const NOISE = /[\p{P}\p{S}\p{Z}\p{C}\s]+/gu;

/** NFKC, lower case, chat fillers (请问, pls) removed, then punctuation and whitespace stripped. */
export function questionNormalizer(fillers: readonly string[] = []): Normalizer {
  const matcher = fillers.length ? new PhraseMatcher(fillers) : undefined;
  return (text: string) => {
    const base = normalize(text);
    const stripped = (matcher ? matcher.replace(base, () => ' ') : base).replace(NOISE, '');
    // A text made only of fillers or punctuation still groups, but only with the very same text.
    return stripped || base.trim();
  };
}

/** The set of character bigrams (a single character stands for itself). */
export function bigrams(key: string): Set<string> {
  const chars = Array.from(key);
  if (chars.length < 2) return new Set(chars);
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
  return out;
}

export const SIMILAR_JACCARD = 0.6;
/** Containment counts only for a text long enough to mean something and at least half the other's length. */
const CONTAIN_MIN_CHARS = 4;
const CONTAIN_MIN_SHARE = 0.5;

function contains(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  const n = Array.from(short).length;
  return n >= CONTAIN_MIN_CHARS && n >= CONTAIN_MIN_SHARE * Array.from(long).length && long.includes(short);
}

/** Bigram Jaccard of two normalised texts. */
export function jaccard(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  let shared = 0;
  for (const g of x) if (y.has(g)) shared++;
  const union = x.size + y.size - shared;
  return union === 0 ? 0 : shared / union;
}

/** Whether two normalised texts ask the same thing. */
export function isSimilar(a: string, b: string): boolean {
  return a === b || contains(a, b) || jaccard(a, b) >= SIMILAR_JACCARD;
}

/** The fewest shared bigrams, out of `total` in two sets, for a Jaccard of SIMILAR_JACCARD (rounded down, never above). */
const minShared = (total: number) => Math.max(1, Math.ceil((SIMILAR_JACCARD / (1 + SIMILAR_JACCARD)) * total - 1e-9));
/** The fewest a set of `size` shares with any set it is similar to (Jaccard): ceil(t·size), rounded down, never above. */
const minOwn = (size: number) => Math.max(1, Math.ceil(SIMILAR_JACCARD * size - 1e-9));

interface Key<T> {
  key: string;
  chars: number;
  members: T[];
  weight: number;
  grams: Set<string>;
  /** The bigrams as ranks in a global order, rarest first (ties by text), ascending: what prefix filtering needs. */
  ranks: Int32Array;
}

/** Jaccard of two rank arrays at least SIMILAR_JACCARD, merging them and giving up once it cannot be reached. */
function similarRanks(x: Int32Array, y: Int32Array): boolean {
  if (Math.min(x.length, y.length) < SIMILAR_JACCARD * Math.max(x.length, y.length) - 1e-9) return false;
  const need = minShared(x.length + y.length);
  let shared = 0;
  for (let i = 0, j = 0; i < x.length && j < y.length; ) {
    if (shared + Math.min(x.length - i, y.length - j) < need) return false;
    if (x[i] === y[j]) {
      shared++;
      i++;
      j++;
    } else if (x[i]! < y[j]!) i++;
    else j++;
  }
  const union = x.length + y.length - shared;
  return union > 0 && shared / union >= SIMILAR_JACCARD;
}

/** contains() with the lengths in characters already known. */
function containsKey(a: string, aChars: number, b: string, bChars: number): boolean {
  const [short, long, n, m] = a.length <= b.length ? [a, b, aChars, bChars] : [b, a, bChars, aChars];
  return n >= CONTAIN_MIN_CHARS && n >= CONTAIN_MIN_SHARE * m && long.includes(short);
}

/** Lists of leader indexes per bigram rank (with the bigram's position in the leader, for byPrefix). */
class Postings {
  private readonly lists: number[][];
  constructor(size: number) {
    this.lists = Array.from({ length: size }, () => []);
  }
  add(rank: number, ...values: number[]): void {
    this.lists[rank]!.push(...values);
  }
  get(rank: number): readonly number[] {
    return this.lists[rank]!;
  }
}

/**
 * Greedy (leader) clustering: distinct keys, heaviest first (each item weighs `weightOf`, 1 by default), each
 * joins the first group whose leader it is similar to, or leads a new one. Groups come back heaviest first
 * (ties: first seen). A Steps generator: it yields every few hundred keys, so the bot can run it paced.
 *
 * Candidates come from prefix filtering with positions and sizes (PPJoin, Xiao et al. 2008): with bigrams in
 * one global order, rarest first, two sets with a Jaccard of t share one of their first |x| - ceil(t·|x|) + 1
 * bigrams, and the shared bigrams met so far plus what is left after them bound the overlap. A containment
 * shares the shorter text's rarest bigram. Every leader a key could match is a candidate, and candidates are
 * checked in group order: the result is the one of comparing the key with every leader in turn, which the
 * old quadratic search did (thousands of declined texts took minutes).
 */
export function* groupSimilarSteps<T>(items: readonly T[], keyOf: (item: T) => string, weightOf: (item: T) => number = () => 1): Steps<T[][]> {
  const byKey = new Map<string, Key<T>>();
  for (const [i, item] of items.entries()) {
    const key = keyOf(item);
    const entry = byKey.get(key);
    if (entry) {
      entry.members.push(item);
      entry.weight += weightOf(item);
    } else byKey.set(key, { key, chars: Array.from(key).length, members: [item], weight: weightOf(item), grams: bigrams(key), ranks: new Int32Array(0) });
    if (i % CHECKPOINT === CHECKPOINT - 1) yield;
  }
  const keys = [...byKey.values()].sort((a, b) => b.weight - a.weight); // stable: ties keep first-seen order
  yield;
  const frequency = new Map<string, number>();
  for (const [n, k] of keys.entries()) {
    for (const g of k.grams) frequency.set(g, (frequency.get(g) ?? 0) + 1);
    if (n % CHECKPOINT === CHECKPOINT - 1) yield;
  }
  // The global order, rarest first, ties by text: bigrams bucketed by how many keys have them, each bucket sorted.
  const buckets: string[][] = [];
  for (const [g, f] of frequency) (buckets[f] ??= []).push(g);
  const rank = new Map<string, number>();
  for (const bucket of buckets) {
    if (!bucket) continue;
    for (const g of bucket.sort()) rank.set(g, rank.size);
    yield;
  }
  for (const [n, k] of keys.entries()) {
    k.ranks = Int32Array.from(k.grams, (g) => rank.get(g)!).sort();
    if (n % CHECKPOINT === CHECKPOINT - 1) yield;
  }

  const groups: Array<{ leader: Key<T>; members: T[]; weight: number }> = [];
  const byPrefix = new Postings(rank.size); // (leader, position) by the bigrams of the leader's prefix: Jaccard
  const byRarest = new Postings(rank.size); // leaders by their rarest bigram: a leader inside the key
  const byAny = new Postings(rank.size); // leaders by every bigram: the key inside a leader
  // Per leader, for the key being placed: when it was last met in a prefix list, the prefix bigrams shared so
  // far, whether the bound ruled out a Jaccard match, whether it is a candidate already.
  const metFor = new Int32Array(keys.length).fill(-1);
  const shared = new Int32Array(keys.length);
  const outFor = new Int32Array(keys.length).fill(-1);
  const listedFor = new Int32Array(keys.length).fill(-1);
  const candidates: number[] = [];
  const add = (n: number, i: number) => {
    if (listedFor[i] === n) return;
    listedFor[i] = n;
    candidates.push(i);
  };
  for (let n = 0; n < keys.length; n++) {
    const k = keys[n]!;
    const size = k.ranks.length;
    candidates.length = 0;
    const prefix = Math.min(size, size - minOwn(size) + 1);
    for (let p = 0; p < prefix; p++) {
      const list = byPrefix.get(k.ranks[p]!);
      for (let e = 0; e < list.length; e += 2) {
        const i = list[e]!;
        if (outFor[i] === n) continue;
        if (metFor[i] !== n) {
          metFor[i] = n;
          shared[i] = 0;
        }
        const other = groups[i]!.leader.ranks.length;
        const left = Math.min(size - p - 1, other - list[e + 1]! - 1);
        if (Math.min(size, other) < SIMILAR_JACCARD * Math.max(size, other) - 1e-9 || shared[i]! + 1 + left < minShared(size + other)) outFor[i] = n;
        else {
          shared[i]!++;
          add(n, i);
        }
      }
    }
    for (const r of k.ranks) for (const i of byRarest.get(r)) add(n, i);
    if (size) for (const i of byAny.get(k.ranks[0]!)) add(n, i);
    let home: number | undefined;
    for (const i of candidates.sort((a, b) => a - b)) {
      const leader = groups[i]!.leader;
      if ((outFor[i] !== n && similarRanks(k.ranks, leader.ranks)) || containsKey(k.key, k.chars, leader.key, leader.chars)) {
        home = i;
        break;
      }
    }
    if (home === undefined) {
      home = groups.push({ leader: k, members: [], weight: 0 }) - 1;
      for (let p = 0; p < prefix; p++) byPrefix.add(k.ranks[p]!, home, p);
      if (size) byRarest.add(k.ranks[0]!, home);
      for (const r of k.ranks) byAny.add(r, home);
    }
    groups[home]!.members.push(...k.members);
    groups[home]!.weight += k.weight;
    if (n % CHECKPOINT === CHECKPOINT - 1) yield;
  }
  return groups.sort((a, b) => b.weight - a.weight).map((g) => g.members);
}

/** groupSimilarSteps run to the end at once. */
export function groupSimilar<T>(items: readonly T[], keyOf: (item: T) => string, weightOf?: (item: T) => number): T[][] {
  return runSync(groupSimilarSteps(items, keyOf, weightOf));
}
