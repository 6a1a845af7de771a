import { stemmer } from 'stemmer';
import { normalize, type SynonymFolder } from './synonyms.js';

// Han runs and ASCII word runs. Not \p{L}: it also matches Han characters, which need their own treatment.
const RUNS = /\p{Script=Han}+|[a-z0-9]+/gu;

/** English words too common to tell entries apart. */
export const EN_STOP: ReadonlySet<string> = new Set(
  ('a an the and or of to in on at by with from into about as is are was were be been being do does did done ' +
    'i me my we our you your it its this that these those there here what which who whom whose when where how ' +
    'can could should would will shall may might must have has had not no yes if then than so too very just only ' +
    'please pls plz any some get got want need know tell show help us they them their he she his her one ' +
    'ok hi hello thanks thank way')
    .split(' '),
);

/** Chinese function characters: they carry grammar, not topic. */
const ZH_STOP = new Set(Array.from('的了吗呢吧啊呀么是我你您他她它们在和与及或有个这那怎样如何什请能可以要会把被给让都也就还又再该对从到用为得着过很最多少些哪谁啥咋嘛哦呗啦吶'));

export const isFunctionChar = (char: string) => ZH_STOP.has(char);

/** Stemming is the costliest step per word and the vocabulary is small: remember each word's stem. */
const stems = new Map<string, string>();
export function stem(word: string): string {
  let out = stems.get(word);
  if (out === undefined) {
    out = stemmer(word);
    if (stems.size < 50_000) stems.set(word, out);
  }
  return out;
}

const HAN_BIGRAM = /^\p{Script=Han}{2}$/u;

/**
 * IPv4/IPv6 addresses and CIDR blocks, kept whole as one term ("#10.0.0.0/16"): split into digit runs they
 * match unrelated entries on "1", "2", "16" ("PTR of 1.2.3.4" matched an entry about attaching two ENIs).
 */
const ADDRESS = /(?<![\w.:])(?:(?:\d{1,3}\.){3}\d{1,3}|(?=[0-9a-f:]*::|(?:[0-9a-f]{1,4}:){7})(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4})(?:\/\d{1,3})?(?![\w.:])/g;
export const ADDRESS_PREFIX = '#';
export const isAddressTerm = (term: string) => term.startsWith(ADDRESS_PREFIX);

/**
 * The characters of Chinese bigrams, as terms of their own ("§分", "§配"). Bigrams split a question at every
 * character, so a paraphrase often shares characters with an entry but no bigram ("按什么规则分的" vs "分配");
 * these terms let the search fall back on them. Function characters stay: 多/少/最/能 carry meaning here,
 * and leaving them out measured slightly worse (top-3 0.982 vs 0.984 on 500 questions).
 */
export function hanCharTerms(terms: readonly string[]): string[] {
  return terms.filter((t) => HAN_BIGRAM.test(t)).flatMap((t) => Array.from(t, (c) => `§${c}`));
}

export interface Tokenizer {
  (text: string): string[];
}

export interface TokenizerOptions {
  /** Emit single Han characters besides bigrams (recall for typos and one-character words). */
  hanUnigrams: boolean;
}

function hanTokens(run: string, out: string[], unigrams: boolean): void {
  const chars = Array.from(run);
  if (chars.length === 1 && !ZH_STOP.has(chars[0]!)) out.push(chars[0]!);
  chars.forEach((char, i) => {
    if (unigrams && chars.length > 1 && !ZH_STOP.has(char)) out.push(char);
    const next = chars[i + 1];
    if (next !== undefined && !(ZH_STOP.has(char) && ZH_STOP.has(next))) out.push(char + next);
  });
}

/**
 * The one tokenizer for index and query: normalize, fold synonyms, then Chinese into single characters plus
 * bigrams (no dictionary needed, robust to typos) and English into stemmed words without stop words.
 */
export function createTokenizer(folder: SynonymFolder, options: TokenizerOptions = { hanUnigrams: true }): Tokenizer {
  return (text: string) => {
    const out: string[] = [];
    // Addresses first: the synonym table folds "::" (IPv6 zero compression) into a word.
    const withoutAddresses = normalize(text).replace(ADDRESS, (address) => {
      out.push(ADDRESS_PREFIX + address);
      return ' ';
    });
    const folded = folder.fold(withoutAddresses);
    for (const match of folded.matchAll(RUNS)) {
      const run = match[0];
      if (/^[a-z0-9]/.test(run)) {
        if (EN_STOP.has(run)) continue;
        out.push(/^[a-z]{4,}$/.test(run) ? stem(run) : run);
        // "centos7", "win2012", "opensuse42": also the name and the version, as the entries write them apart.
        const versioned = /^([a-z]{3,})(\d+)$/.exec(run);
        if (versioned) out.push(versioned[1]!.length >= 4 ? stem(versioned[1]!) : versioned[1]!, versioned[2]!);
      } else {
        hanTokens(run, out, options.hanUnigrams);
      }
    }
    return out;
  };
}
