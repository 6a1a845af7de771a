/**
 * answer: the top entry is almost surely right; probable: it is likely right, shown marked as such with the
 * next two offered; suggest: "did you mean"; none: declined.
 */
export type Band = 'answer' | 'probable' | 'suggest' | 'none';

/** What the ranking says about its own top entry; every band decision reads only these. */
export interface Signals {
  /** The top entry's score saturated against the question's known weight: 0..1. */
  strength: number;
  /** Share of the question's idf weight the knowledge base knows at all. */
  knownShare: number;
  /** Share of that known weight the top entry itself matches. */
  coverage: number;
  /** 1 − second score / top score: how far ahead the top entry is. */
  margin: number;
  /** Share of the top score that comes from its single best phrasing (question or one alias). */
  phraseShare: number;
  /** Distinct query terms. */
  terms: number;
  /** Character n-gram cosine of the question to the top entry's closest phrasing. */
  ngramTop: number;
  /** The highest n-gram cosine to any entry. */
  ngramMax: number;
  /** 1 when the n-gram ranking's first entry is the top entry too. */
  agree: number;
  /** The learned ranker's probability for the top entry (0 without the ranker). */
  learnedTop: number;
  /** That probability minus the second entry's. */
  learnedMargin: number;
}

export const NO_SIGNALS: Signals = { strength: 0, knownShare: 0, coverage: 0, margin: 0, phraseShare: 0, terms: 0, ngramTop: 0, ngramMax: 0, agree: 0, learnedTop: 0, learnedMargin: 0 };

export interface BandDecision {
  band: Band;
  /** 0..1; for the calibrated bands, the estimated chance that the top entry is right. */
  confidence: number;
}

export interface Calibration {
  readonly name: string;
  decide(signals: Signals): BandDecision;
}

/** The features a logistic model reads, in order (FEATURE_NAMES names them for the generated model file). */
export function features(s: Signals): number[] {
  return [
    s.strength, s.knownShare, s.coverage, s.margin, s.phraseShare, Math.log1p(s.terms), s.strength * s.knownShare,
    s.ngramTop, s.ngramMax, s.agree, s.agree * s.margin, s.ngramMax - s.ngramTop, s.learnedTop, s.learnedMargin,
  ];
}
export const FEATURE_NAMES = [
  'strength', 'knownShare', 'coverage', 'margin', 'phraseShare', 'logTerms', 'strength×knownShare',
  'ngramTop', 'ngramMax', 'agree', 'agree×margin', 'ngramMax−ngramTop', 'learnedTop', 'learnedMargin',
];

export interface LogisticModel {
  weights: number[];
  bias: number;
}

export const logistic = (model: LogisticModel, x: readonly number[]) =>
  1 / (1 + Math.exp(-(model.bias + model.weights.reduce((sum, w, i) => sum + w * x[i]!, 0))));

export interface CalibratedModel {
  /** P(the top entry is right), fitted on in-scope and out-of-scope development questions. */
  right: LogisticModel;
  /** P(the question is in scope at all), fitted on the same questions. */
  inScope: LogisticModel;
  /**
   * Answer when P(right) reaches `answer`; otherwise, when P(in scope) reaches `suggest`: the probable band when
   * P(right) reaches `probable`, else "did you mean". Below `suggest`: decline.
   */
  thresholds: { answer: number; probable?: number; suggest: number };
}

/**
 * Bands from two fitted probabilities instead of one hand-set score: answer directly only when the top entry
 * is probably right (strong, covered, well ahead of the second), offer "did you mean" when the question is
 * probably about the guide at all, decline otherwise.
 */
export class CalibratedBands implements Calibration {
  readonly name = 'calibrated';
  constructor(private readonly model: CalibratedModel) {}

  decide(signals: Signals): BandDecision {
    const x = features(signals);
    const right = logistic(this.model.right, x);
    const { answer, probable = 1, suggest } = this.model.thresholds;
    if (right >= answer) return { band: 'answer', confidence: right };
    if (logistic(this.model.inScope, x) < suggest) return { band: 'none', confidence: right };
    return { band: right >= probable ? 'probable' : 'suggest', confidence: right };
  }
}

/**
 * The bands before issue #8: confidence = strength × knownShare^exponent, answer at ≥ answer unless the top two
 * are within `ambiguity` of each other; kept to measure the calibrated bands against, side by side.
 */
export class ScoreBands implements Calibration {
  readonly name = 'score';
  constructor(private readonly bands = { answer: 0.55, suggest: 0.5, ambiguity: 0.95 }, private readonly exponent = 0.65) {}

  decide(s: Signals): BandDecision {
    const confidence = s.strength * Math.pow(s.knownShare, this.exponent);
    const ambiguous = s.margin < 1 - this.bands.ambiguity;
    const band: Band = confidence >= this.bands.answer && !ambiguous ? 'answer' : confidence >= this.bands.suggest ? 'suggest' : 'none';
    return { band, confidence };
  }
}
