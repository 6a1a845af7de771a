import type { ChatVocabulary, SynonymGroup } from '../knowledge/schema.js';

/** Unicode-fold and lower-case: full-width letters, digits and punctuation become ASCII. */
export function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** Resource ids in a question ("i-bp67…", "eni-…") and the word for their kind ('' for an instance: any question may name one). */
const RESOURCE_ID = /(?<![a-z0-9-])(i|eni|vpc|vsw|sg|eip)-[a-z0-9]{6,30}(?![a-z0-9-])/g;
const KIND_WORD: Record<string, string> = { i: '', eni: 'eni', vpc: 'vpc', vsw: 'vswitch', sg: 'security group', eip: 'eip' };

/**
 * A question as the search reads it: normalized, with resource ids replaced by the word for their kind. An id
 * is no word of any entry: left in, it only dilutes the question ("i-bp67… 能换公网ip吗" fell from probable to none).
 */
export function normalizeQuery(text: string): string {
  return normalize(text).replace(RESOURCE_ID, (_, kind: string) => ` ${KIND_WORD[kind] ?? ''} `);
}

const ASCII_WORD_CHAR = /[a-z0-9]/;
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
export const normalizeTerm = (term: string) => normalize(term).trim().replace(/\s+/g, ' ');

/**
 * Finds phrases in normalized text with one regex, longest phrase first (so 弹性公网IP wins over 公网IP).
 * English phrases match whole words only (eip is not found in "receipt"); Chinese ones match anywhere.
 */
export class PhraseMatcher {
  private readonly pattern: RegExp | null;

  constructor(phrases: Iterable<string>) {
    const unique = [...new Set([...phrases].map(normalizeTerm).filter(Boolean))].sort((a, b) => b.length - a.length);
    const part = (term: string) => {
      const body = escapeRegExp(term).replace(/ /g, '\\s+');
      return ASCII_WORD_CHAR.test(term[term.length - 1]!) ? `${body}(?![a-z0-9])` : body;
    };
    // Phrases that start with a letter or digit share one "not inside a word" check, made once per position
    // instead of once per phrase: that check dominated the time to fold a text.
    const words = unique.filter((term) => ASCII_WORD_CHAR.test(term[0]!)).map(part);
    const others = unique.filter((term) => !ASCII_WORD_CHAR.test(term[0]!)).map(part);
    const groups = [...(words.length ? [`(?<![a-z0-9])(?:${words.join('|')})`] : []), ...(others.length ? [`(?:${others.join('|')})`] : [])];
    this.pattern = groups.length ? new RegExp(groups.join('|'), 'gu') : null;
  }

  /** Replaces every match; the callback gets the phrase in its normalized form. */
  replace(text: string, by: (phrase: string) => string): string {
    return this.pattern ? text.replace(this.pattern, (m) => by(m.replace(/\s+/g, ' '))) : text;
  }

  /** Every phrase found, in normalized form, in order. */
  findAll(text: string): string[] {
    return this.pattern ? [...text.matchAll(this.pattern)].map((m) => m[0].replace(/\s+/g, ' ')) : [];
  }

  /** The first phrase found, in normalized form, or undefined. */
  find(text: string): string | undefined {
    if (!this.pattern) return undefined;
    this.pattern.lastIndex = 0;
    const match = this.pattern.exec(text);
    this.pattern.lastIndex = 0;
    return match?.[0].replace(/\s+/g, ' ');
  }
}

/**
 * Folds every synonym to its group's canonical token (弹性公网IP, EIP, elastic ip → " eip "), after removing
 * chat fillers and rewriting chat spellings to the written form (啥 → 什么), so both read alike.
 */
export class SynonymFolder {
  private readonly canonicalOf = new Map<string, string>();
  private readonly matcher: PhraseMatcher;
  private readonly writtenOf = new Map<string, string>();
  private readonly chatMatcher: PhraseMatcher;

  constructor(groups: readonly SynonymGroup[], chat: ChatVocabulary = { fillers: [], rewrites: [] }) {
    for (const filler of chat.fillers) this.writtenOf.set(normalizeTerm(filler), ' ');
    for (const { to, from } of chat.rewrites) for (const term of from) this.writtenOf.set(normalizeTerm(term), ` ${normalize(to)} `);
    this.chatMatcher = new PhraseMatcher(this.writtenOf.keys());
    for (const group of groups) {
      for (const term of group.terms) {
        const key = normalizeTerm(term);
        if (key && !this.canonicalOf.has(key)) this.canonicalOf.set(key, group.canonical);
      }
    }
    this.matcher = new PhraseMatcher(this.canonicalOf.keys());
  }

  /** Expects normalized text; returns it with every synonym replaced by its canonical token. */
  fold(text: string): string {
    const written = this.writtenOf.size ? this.chatMatcher.replace(text, (phrase) => this.writtenOf.get(phrase) ?? phrase) : text;
    return this.matcher.replace(written, (phrase) => ` ${this.canonicalOf.get(phrase) ?? phrase} `);
  }
}
