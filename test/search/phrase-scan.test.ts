import fc from 'fast-check';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { packageRoot } from '../../src/knowledge/paths.js';
import { loadEvalSet } from '../../src/search/evaluate.js';
import { isWhitespace } from '../../src/search/phrase-scan.js';
import { normalize, normalizeQuery, normalizeTerm, PhraseMatcher } from '../../src/search/synonyms.js';

/**
 * PhraseMatcher finds phrases with PhraseScanner since issue #18 (the one regular expression it built cost each CLI
 * question 10-20 ms to compile). Here the regular expression it used to build, kept as it was, is the reference:
 * both must find the same phrases at the same places, on the knowledge base's own phrase lists over every
 * question of the eval, held-out and blind sets, and on random text.
 */
class RegExpMatcher {
  private readonly pattern: RegExp | null;

  constructor(phrases: Iterable<string>) {
    const ASCII_WORD_CHAR = /[a-z0-9]/;
    const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const unique = [...new Set([...phrases].map(normalizeTerm).filter(Boolean))].sort((a, b) => b.length - a.length);
    const part = (term: string) => {
      const body = escapeRegExp(term).replace(/ /g, '\\s+');
      return ASCII_WORD_CHAR.test(term[term.length - 1]!) ? `${body}(?![a-z0-9])` : body;
    };
    const words = unique.filter((term) => ASCII_WORD_CHAR.test(term[0]!)).map(part);
    const others = unique.filter((term) => !ASCII_WORD_CHAR.test(term[0]!)).map(part);
    const groups = [...(words.length ? [`(?<![a-z0-9])(?:${words.join('|')})`] : []), ...(others.length ? [`(?:${others.join('|')})`] : [])];
    this.pattern = groups.length ? new RegExp(groups.join('|'), 'gu') : null;
  }

  replace(text: string, by: (phrase: string) => string): string {
    return this.pattern ? text.replace(this.pattern, (m) => by(m.replace(/\s+/g, ' '))) : text;
  }

  findAll(text: string): string[] {
    return this.pattern ? [...text.matchAll(this.pattern)].map((m) => m[0].replace(/\s+/g, ' ')) : [];
  }
}

const kb = loadKnowledge();
const phraseLists: Record<string, string[]> = {
  synonyms: kb.synonyms.flatMap((g) => g.terms),
  chat: [...kb.chat.fillers, ...kb.chat.rewrites.flatMap((r) => r.from)],
  features: kb.features.flatMap((f) => [...f.terms.zh, ...f.terms.en]),
  aspects: kb.aspects.flatMap((a) => [...a.cues.zh, ...a.cues.en]),
  qualifiers: Object.values(kb.qualifierWords ?? {}).flatMap((byValue) => Object.values(byValue as Record<string, string[]>).flat()),
  clouds: [...kb.foreignClouds, ...(kb.otherTopics ?? [])],
};
const questions = ['test/eval', 'test/holdout', 'test/blind/dev-1.yaml', 'test/blind/dev-2.yaml', 'test/blind/final.yaml', 'test/blind/final-2.yaml', 'test/blind/final-3.yaml']
  .flatMap((set) => loadEvalSet(join(packageRoot(), set)))
  .map((q) => q.q);

/** Marks each match with the phrase found, so that places as well as phrases are compared. */
const marked = (m: { replace(text: string, by: (phrase: string) => string): string }, text: string) => m.replace(text, (phrase) => `⟦${phrase}⟧`);

describe('PhraseMatcher (a scanner) finds what its regular expression found', () => {
  it('knows \\s exactly', () => {
    for (let code = 0; code <= 0xffff; code++) expect(isWhitespace(code), code.toString(16)).toBe(/\s/.test(String.fromCharCode(code)));
  });

  it('on the knowledge base phrase lists, over every question of the eval, held-out and blind sets', () => {
    expect(questions.length).toBeGreaterThan(1000);
    for (const [name, phrases] of Object.entries(phraseLists)) {
      expect(phrases.length, name).toBeGreaterThan(3);
      const scanner = new PhraseMatcher(phrases);
      const regexp = new RegExpMatcher(phrases);
      for (const q of questions) {
        for (const text of [normalize(q), normalizeQuery(q), q]) {
          expect(marked(scanner, text), `${name}: ${text}`).toBe(marked(regexp, text));
          expect(scanner.findAll(text)).toEqual(regexp.findAll(text));
        }
      }
    }
  });

  it('on random text made of phrase pieces, spaces, letters, digits and characters beyond the BMP', () => {
    const phrases = ['eip', 'elastic ip', 'ip', 'public ip', 'ip v6', '公网ip', '公网', '弹性公网ip', 'ecs', 'e', 'a  b', 'x1', '1x', '網卡', '😀 ok', 'ok', 'k8s'];
    const pieces = ['eip', 'elastic', ' ', '  ', '\t', '\u3000', 'ip', 'public', 'v6', '公网', '弹性', '网卡', 'e', 'a', 'b', 'x', '1', 'k8s', 'ok', '😀', '\ud83d', '-', '.', 'Z'];
    const scanner = new PhraseMatcher(phrases);
    const regexp = new RegExpMatcher(phrases);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 16 }), (parts) => {
        const text = parts.join('');
        expect(marked(scanner, text)).toBe(marked(regexp, text));
        expect(scanner.find(text)).toBe(regexp.findAll(text)[0]);
      }),
      { numRuns: 3000 },
    );
  });

  it('finds nothing without phrases', () => {
    const none = new PhraseMatcher(['', '  ']);
    expect(none.findAll('anything')).toEqual([]);
    expect(none.find('anything')).toBeUndefined();
    expect(none.replace('anything', () => 'x')).toBe('anything');
  });
});
