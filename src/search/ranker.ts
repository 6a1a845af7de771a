import type { Aspect, Qualifiers } from '../knowledge/schema.js';
import { qualifierAgreement, type Frame } from './frame.js';
import type { LogisticModel } from './calibration.js';

/** What the ranker knows of one candidate entry for one question. */
export interface Candidate {
  id: string;
  feature?: string;
  aspect?: Aspect;
  qualifiers?: Qualifiers;
  /** BM25 score (with the phrasing bonus) relative to the best candidate's; 0 when BM25 did not find it. */
  rel: number;
  /** Whether BM25 ranked it first. */
  bm25First: number;
  /** Character n-gram cosine to its closest question or alias. */
  ngram: number;
  /** Character n-gram cosine to its closest training question. */
  knn: number;
  /** Whether the nearest training question is this entry's. */
  knnFirst: number;
}

/** What the question says about itself: its frame and the label models' posteriors. */
export interface QuestionView {
  frame: Frame;
  pFeature: ReadonlyMap<string, number>;
  pAspect: ReadonlyMap<string, number>;
}

export const RANKER_FEATURE_NAMES = [
  'rel', 'bm25First', 'ngram', 'knn', 'knnFirst', 'pFeature', 'pAspect', 'featureNamed', 'aspectCued', 'qualMatch', 'qualConflict', 'rel×knn',
] as const;

/** The ranker's inputs for one candidate, in RANKER_FEATURE_NAMES order. */
export function candidateFeatures(c: Candidate, q: QuestionView): number[] {
  const named = c.feature ? q.frame.features.indexOf(c.feature) : -1;
  const cued = c.aspect ? q.frame.aspects.indexOf(c.aspect) : -1;
  const { match, conflict } = qualifierAgreement(q.frame.qualifiers, c.qualifiers);
  return [
    c.rel,
    c.bm25First,
    c.ngram,
    c.knn,
    c.knnFirst,
    c.feature ? (q.pFeature.get(c.feature) ?? 0) : 0,
    c.aspect ? (q.pAspect.get(c.aspect) ?? 0) : 0,
    named === 0 ? 1 : named > 0 ? 0.5 : 0,
    cued === 0 ? 1 : cued > 0 ? 0.5 : 0,
    match,
    conflict,
    c.rel * c.knn,
  ];
}

/**
 * Orders candidates by a logistic model over their features (bench/train.ts fits it on the training corpus):
 * how well the words match (BM25, n-grams, the nearest training question) and how well the entry's feature,
 * aspect and qualifiers agree with what the question asks. Returns each candidate's probability, best first.
 */
export function rankCandidates(candidates: readonly Candidate[], q: QuestionView, model: LogisticModel): Array<{ id: string; p: number }> {
  const scores = candidates.map((c) => {
    const x = candidateFeatures(c, q);
    return model.bias + model.weights.reduce((s, w, i) => s + w * x[i]!, 0);
  });
  const max = Math.max(...scores);
  const exp = scores.map((s) => Math.exp(s - max));
  const sum = exp.reduce((a, b) => a + b, 0);
  // Each candidate's share of the softmax: the model was fitted listwise (bench/train.ts).
  return candidates.map((c, i) => ({ id: c.id, p: exp[i]! / sum })).sort((a, b) => b.p - a.p);
}
