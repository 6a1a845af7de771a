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
  /[?？]|吗|嘛|呢|么|咋|怎么|怎样|如何|啥|什么|哪|几|多少|能不能|能否|可不可以|可以|是否|要不要|会不会|有没有|是不是|行不行|\b(?:how|what|which|where|when|why|can|could|should|is|are|does|do|will|would|any way|pls|please)\b/i;
const CLAUSE_BREAK = /[。；;！!\n]+|[，,](?=\s*(?:但|可是|不过|现在|结果|然后|所以|想|请问|but|now|so|then|and now|how|what|can|is there)\b)|[,，]\s*/i;

/**
 * The clause of a story that asks ("包年包月的VPC机器，买的时候勾了公网IP，现在不想要了，咋释放掉？" → "咋释放掉？"):
 * the last clause with a question marker, or the whole text when no clause has one.
 */
export function askingClause(text: string): string {
  const clauses = text.split(CLAUSE_BREAK).map((c) => c.trim()).filter(Boolean);
  if (clauses.length < 2) return text;
  for (let i = clauses.length - 1; i >= 0; i--) if (ASKING.test(clauses[i]!)) return clauses[i]!;
  return text;
}

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

/** Reads frames with the knowledge base's feature terms, aspect cues and qualifier words. */
export class FrameReader {
  private readonly featureOf = new Map<string, string>();
  private readonly features: PhraseMatcher;
  private readonly aspectOf = new Map<string, Aspect>();
  private readonly aspects: PhraseMatcher;
  private readonly qualifierOf = new Map<string, { key: QualifierKey; value: string }>();
  private readonly qualifiers: PhraseMatcher;

  constructor(kb: Pick<KnowledgeBase, 'features' | 'aspects' | 'qualifierWords'>) {
    for (const f of kb.features) for (const term of [...f.terms.zh, ...f.terms.en]) this.setOnce(this.featureOf, term, f.id);
    this.features = new PhraseMatcher(this.featureOf.keys());
    for (const a of kb.aspects) for (const cue of [...a.cues.zh, ...a.cues.en]) this.setOnce(this.aspectOf, cue, a.id);
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
    const weight = new Map<string, number>();
    for (const term of this.features.findAll(text)) {
      const id = this.featureOf.get(term);
      if (id) weight.set(id, (weight.get(id) ?? 0) + term.length);
    }
    return [...weight].sort((a, b) => b[1] - a[1]).map(([id]) => id);
  }

  private aspectsIn(text: string): Aspect[] {
    const weight = new Map<Aspect, number>();
    for (const cue of this.aspects.findAll(text)) {
      const id = this.aspectOf.get(cue);
      if (id) weight.set(id, (weight.get(id) ?? 0) + cue.length);
    }
    return [...weight].sort((a, b) => b[1] - a[1]).map(([id]) => id);
  }

  qualifiersIn(text: string): Qualifiers {
    const out: Qualifiers = {};
    const os: OsName[] = [];
    for (const phrase of this.qualifiers.findAll(normalize(text))) {
      const q = this.qualifierOf.get(phrase);
      if (!q) continue;
      if (q.key === 'os') {
        if (!os.includes(q.value as OsName)) os.push(q.value as OsName);
      } else if (out[q.key] === undefined) (out as Record<string, string>)[q.key] = q.value;
    }
    // "windows server 2008" names windows-2008+ and windows: the specific one says it all.
    const specific = os.filter((o) => !os.some((other) => OS_PARENT[other] === o));
    if (specific.length) out.os = specific;
    return out;
  }

  read(text: string): Frame {
    const normalized = normalize(text);
    const ask = normalize(askingClause(text));
    const asked = this.featuresIn(ask);
    const features = [...asked, ...this.featuresIn(normalized).filter((f) => !asked.includes(f))];
    const askedAspects = this.aspectsIn(ask);
    const aspects = askedAspects.length ? askedAspects : this.aspectsIn(normalized);
    return { features, aspects, qualifiers: this.qualifiersIn(text) };
  }
}
