/**
 * Finds phrases in text by their first character, matching exactly as the one regular expression
 * PhraseMatcher used to build did (issue #18): that expression, an alternation of up to 500 phrases, cost
 * 10-20 ms to compile the first time it ran, which each CLI question paid for several matchers. It was
 *   (?<![a-z0-9])(?:w1|w2|…)|(?:o1|o2|…)   (flags gu)
 * with the phrases that start with an ASCII letter or digit first (w), the others after (o), each list
 * longest first; a space in a phrase matched one or more whitespace characters, and a phrase ending with an
 * ASCII letter or digit was followed by (?![a-z0-9]). So, scanning from the left: at each position, the first
 * phrase in that order that matches there (a w phrase only where no letter or digit comes before), then on
 * from its end. A w phrase and an o phrase never start with the same character, so the phrases that start
 * with the character at a position, in that order, are all that can match there.
 * test/search/phrase-scan.test.ts checks that both find the same.
 */

/** What \s matches (ECMAScript WhiteSpace and LineTerminator): test/search/phrase-scan.test.ts checks it against \s. */
const WHITESPACE = new Set([9, 10, 11, 12, 13, 32, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff]);
export const isWhitespace = (code: number) => WHITESPACE.has(code);
/** [a-z0-9]: what a word phrase may not touch at either end. */
const isAsciiWordChar = (code: number) => (code >= 97 && code <= 122) || (code >= 48 && code <= 57);

interface Phrase {
  text: string;
  /** Starts with an ASCII letter or digit: not found right after one. */
  word: boolean;
  /** Ends with one: not found right before one. */
  bounded: boolean;
}

export interface Match {
  start: number;
  end: number;
  /** The phrase as given (the text matched, its whitespace runs read as single spaces). */
  phrase: string;
}

export class PhraseScanner {
  /** The phrases by their first code unit, each list in the order they are tried. */
  private readonly byFirst = new Map<string, Phrase[]>();

  /** phrases: distinct, normalized (single spaces, none at either end), longest first. */
  constructor(phrases: readonly string[]) {
    for (const text of phrases) {
      const phrase = { text, word: isAsciiWordChar(text.charCodeAt(0)), bounded: isAsciiWordChar(text.charCodeAt(text.length - 1)) };
      const list = this.byFirst.get(text[0]!);
      if (list) list.push(phrase);
      else this.byFirst.set(text[0]!, [phrase]);
    }
  }

  /** Where `phrase` ends if it matches at `start`, else -1. */
  private static endOf({ text: phrase, bounded }: Phrase, text: string, start: number): number {
    let j = start;
    for (let k = 0; k < phrase.length; k++) {
      if (phrase[k] === ' ') {
        if (j >= text.length || !isWhitespace(text.charCodeAt(j))) return -1;
        while (j < text.length && isWhitespace(text.charCodeAt(j))) j++;
      } else if (text[j] === phrase[k]) j++;
      else return -1;
    }
    return bounded && j < text.length && isAsciiWordChar(text.charCodeAt(j)) ? -1 : j;
  }

  /** Every match, left to right, none overlapping. */
  *matches(text: string): Generator<Match> {
    let i = 0;
    while (i < text.length) {
      const candidates = this.byFirst.get(text[i]!);
      let end = -1;
      let found: Phrase | undefined;
      if (candidates && !(candidates[0]!.word && i > 0 && isAsciiWordChar(text.charCodeAt(i - 1)))) {
        for (const phrase of candidates) {
          end = PhraseScanner.endOf(phrase, text, i);
          if (end >= 0) {
            found = phrase;
            break;
          }
        }
      }
      if (found) {
        yield { start: i, end, phrase: found.text };
        i = end;
      } else {
        // On by a code point, as a regular expression with the u flag does.
        const code = text.charCodeAt(i);
        i += code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
      }
    }
  }
}
