import { normalize, PhraseMatcher } from '../search/synonyms.js';

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

/**
 * Greedy (leader) clustering: distinct keys, most frequent first, each joins the first group whose leader
 * it is similar to, or leads a new one. Candidates come from an inverted index of the leaders' bigrams, so
 * thousands of declined questions stay fast. Groups come back largest first (ties: first seen).
 */
export function groupSimilar<T>(items: readonly T[], keyOf: (item: T) => string): T[][] {
  const byKey = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = byKey.get(key);
    if (list) list.push(item);
    else byKey.set(key, [item]);
  }
  const keys = [...byKey.keys()].sort((a, b) => byKey.get(b)!.length - byKey.get(a)!.length); // stable: ties keep first-seen order
  const groups: Array<{ leader: string; grams: Set<string>; members: T[] }> = [];
  const leadersOf = new Map<string, number[]>();
  for (const key of keys) {
    const grams = bigrams(key);
    const shared = new Map<number, number>();
    for (const g of grams) for (const index of leadersOf.get(g) ?? []) shared.set(index, (shared.get(index) ?? 0) + 1);
    let home: number | undefined;
    for (const [index, common] of [...shared].sort((a, b) => a[0] - b[0])) {
      const group = groups[index]!;
      const union = grams.size + group.grams.size - common;
      if ((union > 0 && common / union >= SIMILAR_JACCARD) || contains(key, group.leader)) {
        home = index;
        break;
      }
    }
    if (home === undefined) {
      home = groups.push({ leader: key, grams, members: [] }) - 1;
      for (const g of grams) {
        const list = leadersOf.get(g);
        if (list) list.push(home);
        else leadersOf.set(g, [home]);
      }
    }
    groups[home]!.members.push(...byKey.get(key)!);
  }
  return groups.map((g) => g.members).sort((a, b) => b.length - a.length);
}
