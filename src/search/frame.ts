import type { KnowledgeBase } from '../knowledge/load.js';
import type { Aspect, OsName, Qualifiers, QualifierWords } from '../knowledge/schema.js';
import { normalize, normalizeTerm, PhraseMatcher } from './synonyms.js';

/**
 * What a question is about, read from its words: the features it names, the aspects its wording asks for and
 * the qualifiers it sets (network type, billing, OS, IP version). The ranker weighs entries by agreement with
 * it, and a thread follow-up inherits what it leaves out.
 */
export interface Frame {
  /** Features named, strongest first (the asking clause's before the story's). */
  features: string[];
  /** Aspects the wording asks for, strongest first. */
  aspects: Aspect[];
  qualifiers: Qualifiers;
}

export const EMPTY_FRAME: Frame = { features: [], aspects: [], qualifiers: {} };

/** Marks a clause as the one that asks (Chinese particles and question words, English question openers). */
const ASKING =
  /[?？]|吗|嘛|呢|么|咋|怎么|怎样|如何|啥|什么|哪|几|多少|能不能|能否|可不可以|可以|是否|要不要|会不会|有没有|是不是|行不行|\b(?:how|what|which|where|when|why|can|could|should|must|is|are|does|do|will|would|any way|pls|please)\b/i;
// Chinese chat separates clauses with spaces too ("邮件老被拒收 听说要弄反向解析 怎么申请").
const CLAUSE_BREAK = /[。；;！!\n]+|[,，]\s*|(?<=\p{Script=Han})\s+(?=\p{Script=Han})/u;

/** Whether a text asks something: a question mark, a Chinese question particle or word, an English question opener. */
export const asks = (text: string): boolean => ASKING.test(text);

/**
 * The clause of a story that asks ("包年包月的VPC机器，买的时候勾了公网IP，现在不想要了，咋释放掉？" → "咋释放掉？"):
 * the last clause with a question marker, or the whole text when no clause has one.
 */
export function askingClause(text: string): string {
  const clauses = text.split(CLAUSE_BREAK).map((c) => c.trim()).filter(Boolean);
  if (clauses.length < 2) return text;
  for (let i = clauses.length - 1; i >= 0; i--) if (asks(clauses[i]!)) return clauses[i]!;
  return text;
}

/** A Chinese yes/no question about whether something can be done ("能换公网ip吗", "可以回收吗", "能不能删"). */
const CAN_IT = /(?:能|可以|可不可以|能不能)\S{0,12}(?:吗|嘛|么)|能不能|可不可以|能否|可否/;

type QualifierKey = keyof Qualifiers;

const OS_FAMILY = (os: OsName): 'windows' | 'linux' => (os.startsWith('windows') ? 'windows' : 'linux');
/** Generic names that cover their versions: a question about "windows" is about every Windows entry. */
const OS_PARENT: Partial<Record<OsName, OsName>> = { 'windows-2003': 'windows', 'windows-2008+': 'windows', centos6: 'centos', centos7: 'centos' };

/**
 * How an entry's qualifiers sit with a question's: +1 per qualifier both set alike, −1 per qualifier set
 * differently (a question about classic instances against an entry only about VPC). Unset on either side: 0.
 */
export function qualifierAgreement(question: Qualifiers, entry: Qualifiers | undefined): { match: number; conflict: number } {
  let match = 0;
  let conflict = 0;
  if (!entry) return { match, conflict };
  for (const key of ['network', 'billing', 'ip'] as const) {
    if (question[key] === undefined || entry[key] === undefined) continue;
    if (question[key] === entry[key]) match++;
    else conflict++;
  }
  if (question.os?.length && entry.os?.length) {
    const asked = question.os;
    const same = asked.some((q) => entry.os!.some((e) => e === q || OS_PARENT[e] === q || OS_PARENT[q] === e || (q === 'linux' && OS_FAMILY(e) === 'linux')));
    if (same) match++;
    else conflict++;
  }
  return { match, conflict };
}

/** The labels whose phrases a normalized text contains, by total length of the phrases matched, longest first. */
function labelsIn<L>(text: string, matcher: PhraseMatcher, labelOf: ReadonlyMap<string, L>): L[] {
  const weight = new Map<L, number>();
  for (const phrase of matcher.findAll(text)) {
    const label = labelOf.get(phrase);
    if (label !== undefined) weight.set(label, (weight.get(label) ?? 0) + phrase.length);
  }
  return [...weight].sort((a, b) => b[1] - a[1]).map(([label]) => label);
}

/** Reads frames with the knowledge base's feature terms, aspect cues and qualifier words. */
export class FrameReader {
  private readonly featureOf = new Map<string, string>();
  private readonly firstTerm = new Map<string, { zh: string; en: string }>();
  private readonly features: PhraseMatcher;
  private readonly aspectOf = new Map<string, Aspect>();
  private readonly aspects: PhraseMatcher;
  private readonly qualifierOf = new Map<string, { key: QualifierKey; value: string }>();
  /** Words that ask an aspect when they are the whole message ("how?", "为啥"). */
  private readonly aloneOf = new Map<string, Aspect>();
  private readonly qualifiers: PhraseMatcher;

  constructor(kb: Pick<KnowledgeBase, 'features' | 'aspects' | 'qualifierWords'>) {
    for (const f of kb.features) {
      this.firstTerm.set(f.id, { zh: f.terms.zh[0]!, en: f.terms.en[0]! });
      for (const term of [...f.terms.zh, ...f.terms.en]) this.setOnce(this.featureOf, term, f.id);
    }
    this.features = new PhraseMatcher(this.featureOf.keys());
    for (const a of kb.aspects) for (const cue of [...a.cues.zh, ...a.cues.en]) this.setOnce(this.aspectOf, cue, a.id);
    for (const a of kb.aspects) for (const word of [...(a.alone?.zh ?? []), ...(a.alone?.en ?? [])]) this.setOnce(this.aloneOf, word, a.id);
    this.aspects = new PhraseMatcher(this.aspectOf.keys());
    const words: QualifierWords | undefined = kb.qualifierWords;
    if (words) {
      for (const key of ['network', 'billing', 'ip', 'os'] as const) {
        for (const [value, phrases] of Object.entries(words[key])) for (const p of phrases ?? []) this.setOnce(this.qualifierOf, p, { key, value });
      }
    }
    this.qualifiers = new PhraseMatcher(this.qualifierOf.keys());
  }

  private setOnce<T>(map: Map<string, T>, term: string, value: T): void {
    const key = normalizeTerm(term);
    if (key && !map.has(key)) map.set(key, value);
  }

  /** Features named in normalized text, by total length of their matched terms, longest first. */
  private featuresIn(text: string): string[] {
    return labelsIn(text, this.features, this.featureOf);
  }

  private aspectsIn(text: string): Aspect[] {
    return labelsIn(text, this.aspects, this.aspectOf);
  }

  /** The distinct values each qualifier key is named with in the text, in the order first named. */
  private valuesNamed(text: string): Map<QualifierKey | 'os', string[]> {
    const named = new Map<QualifierKey | 'os', string[]>();
    for (const phrase of this.qualifiers.findAll(normalize(text))) {
      const q = this.qualifierOf.get(phrase);
      if (!q) continue;
      const values = named.get(q.key);
      if (!values) named.set(q.key, [q.value]);
      else if (!values.includes(q.value)) values.push(q.value);
    }
    return named;
  }

  qualifiersIn(text: string): Qualifiers {
    const out: Qualifiers = {};
    const named = this.valuesNamed(text);
    // A key named with two values ("经典网络和VPC有啥区别", "ipv4 vs ipv6") qualifies nothing: the question is about both.
    for (const [key, values] of named) if (key !== 'os' && values.length === 1) (out as Record<string, string>)[key] = values[0]!;
    // "windows server 2008" names windows-2008+ and windows: the specific one says it all.
    const os = (named.get('os') ?? []) as OsName[];
    if (os.length) out.os = os.filter((o) => !os.some((other) => OS_PARENT[other] === o));
    return out;
  }

  /** The text without the words that name a feature or a qualifier: what else it says ("安全组要改吗" → "要改吗"). */
  withoutNames(text: string): string {
    return this.qualifiers.replace(this.features.replace(normalize(text), () => ' '), () => ' ').replace(/\s+/g, ' ').trim();
  }

  /** The text without the words that signal an aspect ("能改吗" stays "能改" less its cue): a topic to add a new aspect to. */
  withoutAspectCues(text: string): string {
    return this.aspects.replace(normalize(text), () => ' ').replace(/\s+/g, ' ').trim();
  }

  /** The text with the words naming a feature replaced by `phrase` (a follow-up's "那EIP呢" moves the topic to the EIP). */
  withFeature(text: string, phrase: string): string {
    let replaced = false;
    // A network type is a qualifier of the question, not the feature being swapped: it stays.
    const out = this.features.replace(normalize(text), (found) => (this.featureOf.get(found) === 'network-type' ? found : replaced ? ' ' : ((replaced = true), ` ${phrase} `)));
    return (replaced ? out : `${phrase} ${out}`).replace(/\s+/g, ' ').trim();
  }

  /** The feature terms a text names, as typed (normalized): what a follow-up says in place of the topic's. */
  featurePhrases(text: string): string[] {
    return this.features.findAll(normalize(text));
  }

  /** The words a text itself uses for a feature, if it names it. */
  wordsFor(feature: string, text: string): string | undefined {
    return this.featurePhrases(text).find((p) => this.featureOf.get(p) === feature);
  }

  /** How to name a feature in a text: the words the text itself used for it, else its title in the text's language. */
  featureWords(feature: string, text: string, zh: boolean): string {
    return this.wordsFor(feature, text) ?? this.firstTerm.get(feature)?.[zh ? 'zh' : 'en'] ?? feature;
  }

  /** The words for a frame's qualifiers ("专有网络 按量付费", "classic network"). */
  qualifierWords(q: Qualifiers, zh: boolean): string {
    const words: string[] = [];
    for (const key of ['network', 'billing', 'ip'] as const) if (q[key]) words.push(this.wordFor(key, q[key]!, zh) ?? q[key]!);
    for (const os of q.os ?? []) words.push(this.wordFor('os', os, zh) ?? os);
    return words.join(' ');
  }

  /**
   * The text with its qualifier words set to `changes` ("vpc实例的私网ip能改吗" with network classic → "经典网络实例的私网ip能改吗"):
   * a word of the same kind is replaced, or the new one put in front. The new word is the first one the
   * knowledge lists for that value in the text's script.
   */
  withQualifiers(text: string, changes: Qualifiers, zh: boolean): string {
    let out = normalize(text);
    for (const key of ['network', 'billing', 'ip', 'os'] as const) {
      const value = key === 'os' ? changes.os?.[0] : changes[key];
      if (!value) continue;
      const word = this.wordFor(key, value, zh);
      // A text that names both values ("经典网络和VPC有啥区别") is about both: one of them changes nothing.
      if (!word || (key !== 'os' && (this.valuesNamed(out).get(key)?.length ?? 0) > 1)) continue;
      let replaced = false;
      out = this.qualifiers.replace(out, (phrase) => {
        if (this.qualifierOf.get(phrase)?.key !== key) return phrase;
        if (replaced) return ' ';
        replaced = true;
        return zh ? word : ` ${word} `;
      });
      if (!replaced) out = zh ? `${word}${out}` : `${word} ${out}`;
    }
    return out.replace(/\s+/g, ' ').trim();
  }

  private wordFor(key: QualifierKey | 'os', value: string, zh: boolean): string | undefined {
    const words = [...this.qualifierOf].filter(([, q]) => q.key === key && q.value === value).map(([phrase]) => phrase);
    return words.find((w) => /\p{Script=Han}/u.test(w) === zh) ?? words[0];
  }

  read(text: string): Frame {
    // Qualifier words are not cues: "按量付费" sets the billing, it does not ask about cost.
    const withoutQualifiers = (t: string) => this.qualifiers.replace(t, (phrase) => (this.qualifierOf.has(phrase) ? ' ' : phrase));
    const normalized = normalize(text);
    const ask = normalize(askingClause(text));
    const asked = this.featuresIn(ask);
    const features = [...asked, ...this.featuresIn(normalized).filter((f) => !asked.includes(f))];
    const askedAspects = this.aspectsIn(withoutQualifiers(ask));
    let aspects = askedAspects.length ? askedAspects : this.aspectsIn(withoutQualifiers(normalized));
    // "能换公网ip吗", "可以解绑吗": whether it can be done at all, when nothing else says what is asked.
    if (!aspects.length && CAN_IT.test(ask)) aspects = ['prereq'];
    // "how?", "why", "when", "where": a question word alone asks its aspect of the topic.
    const alone = this.aloneOf.get(normalizeTerm(normalized.replace(/[?？!！.。~～]+/g, ' ')));
    if (!aspects.length && alone) aspects = [alone];
    return { features, aspects, qualifiers: this.qualifiersIn(text) };
  }
}
