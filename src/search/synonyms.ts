import type { ChatVocabulary, SynonymGroup } from '../knowledge/schema.js';
import { PhraseScanner } from './phrase-scan.js';

const ASCII = /^[\x00-\x7f]*$/;

/** Unicode-fold and lower-case: full-width letters, digits and punctuation become ASCII. */
export function normalize(text: string): string {
  // NFKC leaves ASCII as it is, and costs microseconds a call: thousands of phrases are normalized at load.
  return (ASCII.test(text) ? text : text.normalize('NFKC')).toLowerCase();
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

export const normalizeTerm = (term: string) => normalize(term).trim().replace(/\s+/g, ' ');

/**
 * Finds phrases in normalized text, longest phrase first (so 弹性公网IP wins over 公网IP). English phrases match
 * whole words only (eip is not found in "receipt"); Chinese ones match anywhere. A space in a phrase matches
 * any run of whitespace. (One regular expression did this until issue #18; phrase-scan.ts matches the same.)
 */
export class PhraseMatcher {
  private readonly scanner: PhraseScanner | null;

  constructor(phrases: Iterable<string>) {
    const unique = [...new Set([...phrases].map(normalizeTerm).filter(Boolean))].sort((a, b) => b.length - a.length);
    this.scanner = unique.length ? new PhraseScanner(unique) : null;
  }

  /** Replaces every match; the callback gets the phrase in its normalized form. */
  replace(text: string, by: (phrase: string) => string): string {
    if (!this.scanner) return text;
    let out = '';
    let from = 0;
    for (const m of this.scanner.matches(text)) {
      out += text.slice(from, m.start) + by(m.phrase);
      from = m.end;
    }
    return from === 0 ? text : out + text.slice(from);
  }

  /** Every phrase found, in normalized form, in order. */
  findAll(text: string): string[] {
    return this.scanner ? Array.from(this.scanner.matches(text), (m) => m.phrase) : [];
  }

  /** The first phrase found, in normalized form, or undefined. */
  find(text: string): string | undefined {
    if (!this.scanner) return undefined;
    for (const m of this.scanner.matches(text)) return m.phrase;
    return undefined;
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
