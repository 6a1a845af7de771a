/**
 * Multinomial naive Bayes over a question's terms: P(label | question) for a small set of labels (an entry's
 * feature, its aspect), learned from the training questions of knowledge/training, each labelled with its
 * entry's feature and aspect. Small, fast (a few microseconds a question) and honest about what it has not
 * seen: a question with no known term gets the prior.
 */
export class LabelModel<L extends string> {
  private readonly labels: L[] = [];
  private readonly logLikelihood = new Map<L, Map<string, number>>();
  private readonly logUnseen = new Map<L, number>();
  private readonly vocabulary = new Set<string>();

  constructor(examples: ReadonlyArray<{ terms: readonly string[]; label: L }>, private readonly alpha = 0.5) {
    const counts = new Map<L, Map<string, number>>();
    const totals = new Map<L, number>();
    const docs = new Map<L, number>();
    for (const { terms, label } of examples) {
      let byTerm = counts.get(label);
      if (!byTerm) counts.set(label, (byTerm = new Map()));
      docs.set(label, (docs.get(label) ?? 0) + 1);
      for (const t of new Set(terms)) {
        byTerm.set(t, (byTerm.get(t) ?? 0) + 1);
        totals.set(label, (totals.get(label) ?? 0) + 1);
        this.vocabulary.add(t);
      }
    }
    const v = this.vocabulary.size + 1;
    for (const [label, byTerm] of counts) {
      this.labels.push(label);
      const total = totals.get(label)! + this.alpha * v;
      const ll = new Map<string, number>();
      for (const [t, c] of byTerm) ll.set(t, Math.log((c + this.alpha) / total));
      this.logLikelihood.set(label, ll);
      this.logUnseen.set(label, Math.log(this.alpha / total));
    }
  }

  get size(): number {
    return this.labels.length;
  }

  /** P(label | terms) for every label; terms the training never saw are ignored. Empty model: empty map. */
  posterior(terms: readonly string[]): Map<L, number> {
    const known = [...new Set(terms)].filter((t) => this.vocabulary.has(t));
    const scores = this.labels.map((label) => {
      const ll = this.logLikelihood.get(label)!;
      const unseen = this.logUnseen.get(label)!;
      // A uniform prior, so none to add: the corpus has about as many questions per entry, not per label, and a
      // question's label should come from its words, not from how many entries share it.
      let s = 0;
      for (const t of known) s += ll.get(t) ?? unseen;
      return s;
    });
    const max = Math.max(...scores);
    const exp = scores.map((s) => Math.exp(s - max));
    const sum = exp.reduce((a, b) => a + b, 0);
    return new Map(this.labels.map((label, i) => [label, exp[i]! / sum]));
  }
}
