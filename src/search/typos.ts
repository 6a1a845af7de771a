import type { Counts } from './pack.js';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** Every string one edit from a word: neighbours swapped, a letter deleted, replaced or inserted. */
function* oneTypoAway(word: string): Generator<string> {
  for (let i = 0; i < word.length; i++) {
    if (i + 1 < word.length) yield word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
    yield word.slice(0, i) + word.slice(i + 1);
    for (const c of LETTERS) yield word.slice(0, i) + c + word.slice(i + 1);
  }
  for (let i = 0; i <= word.length; i++) for (const c of LETTERS) yield word.slice(0, i) + c + word.slice(i);
}

/**
 * Reads an unknown English word as the known word one typo away ("pubilc" → public, "bandwith" →
 * bandwidth, "regoin" → region): neighbours swapped, a letter dropped, added or replaced; the word most
 * entries use wins. Swaps cost two edits, more than fuzzy matching forgives, and a corrected word counts
 * fully instead of at fuzzy matching's reduced weight. Short words are left alone: too many neighbours.
 * Terms and vocabulary are both stemmed already, so variants are looked up as they are: stemming each of
 * the ~500 variants of a word as well cost 0.2–0.4 ms on unknown words and changed no ranking on the 620
 * questions of test/eval and test/holdout.
 */
export function correctTypos(terms: readonly string[], vocabulary: Counts): string[] {
  return terms.map((term) => {
    if (!/^[a-z]{5,}$/.test(term) || vocabulary.has(term)) return term;
    let best = term;
    let bestCount = 0;
    for (const variant of oneTypoAway(term)) {
      const count = vocabulary.get(variant) ?? 0;
      if (count > bestCount) [best, bestCount] = [variant, count];
    }
    return best;
  });
}
