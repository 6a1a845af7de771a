import { revive } from './pack.js';

/**
 * A label model as data (see LabelModel.snapshot): the table sparse, each row its "unseen" value but for the
 * terms the label had, which are seen[rowStart[row]] .. with their values.
 */
export interface LabelSnapshot<L extends string> {
  labels: L[];
  logPrior: Float64Array;
  vocabulary: string[];
  unseen: Float64Array;
  rowStart: Int32Array;
  seen: Int32Array;
  values: Float64Array;
}

/**
 * Multinomial naive Bayes over a question's terms: P(label | question) for a small set of labels (an entry's
 * feature, its aspect), learned from the training questions of knowledge/training, each labelled with its
 * entry's feature and aspect. Small, fast (a few microseconds a question) and honest about what it has not
 * seen: a question with no known term gets the prior.
 */
export class LabelModel<L extends string> {
  private readonly labels: L[] = [];
  private readonly logPrior: Float64Array;
  /** Term → its column in the table. */
  private readonly vocabulary = new Map<string, number>();
  /**
   * log P(term | label) for label row l and term column t at l × vocabulary size + t (a term the label never
   * had gets the label's smoothed "unseen" value): one array, which the index file saves and restores as is.
   */
  private readonly table: Float64Array;

  constructor(examples: ReadonlyArray<{ terms: readonly string[]; label: L }>, alpha = 0.5) {
    const counts = new Map<L, Map<string, number>>();
    const totals = new Map<L, number>();
    for (const { terms, label } of examples) {
      let byTerm = counts.get(label);
      if (!byTerm) counts.set(label, (byTerm = new Map()));
      for (const t of new Set(terms)) {
        byTerm.set(t, (byTerm.get(t) ?? 0) + 1);
        totals.set(label, (totals.get(label) ?? 0) + 1);
        if (!this.vocabulary.has(t)) this.vocabulary.set(t, this.vocabulary.size);
      }
    }
    const v = this.vocabulary.size + 1;
    const width = this.vocabulary.size;
    this.logPrior = new Float64Array(counts.size);
    this.table = new Float64Array(counts.size * width);
    for (const [label, byTerm] of counts) {
      const row = this.labels.length;
      this.labels.push(label);
      // A uniform prior: the training corpus has about as many questions per entry, not per label, and a
      // question's label should come from its words, not from how many entries share it.
      this.logPrior[row] = Math.log(1 / counts.size);
      const total = totals.get(label)! + alpha * v;
      this.table.fill(Math.log(alpha / total), row * width, (row + 1) * width);
      for (const [t, c] of byTerm) this.table[row * width + this.vocabulary.get(t)!] = Math.log((c + alpha) / total);
    }
  }

  snapshot(): LabelSnapshot<L> {
    const width = this.vocabulary.size;
    const unseen = Float64Array.from(this.labels, (_, row) => this.table[row * width]!);
    const rowStart = new Int32Array(this.labels.length + 1);
    const seen: number[] = [];
    const values: number[] = [];
    this.labels.forEach((_, row) => {
      // Seen terms score above the unseen value ((c + alpha) > alpha): the rest of the row is unseen.
      for (let t = 0; t < width; t++) if (this.table[row * width + t] !== unseen[row]) seen.push(t), values.push(this.table[row * width + t]!);
      rowStart[row + 1] = seen.length;
    });
    return { labels: this.labels, logPrior: this.logPrior, vocabulary: [...this.vocabulary.keys()], unseen, rowStart, seen: Int32Array.from(seen), values: Float64Array.from(values) };
  }

  static restore<L extends string>(s: LabelSnapshot<L>): LabelModel<L> {
    const vocabulary = new Map<string, number>();
    s.vocabulary.forEach((t, i) => vocabulary.set(t, i));
    const width = vocabulary.size;
    const table = new Float64Array(s.labels.length * width);
    s.labels.forEach((_, row) => {
      table.fill(s.unseen[row]!, row * width, (row + 1) * width);
      for (let p = s.rowStart[row]!; p < s.rowStart[row + 1]!; p++) table[row * width + s.seen[p]!] = s.values[p]!;
    });
    return revive(LabelModel<L>, { labels: s.labels, logPrior: s.logPrior, vocabulary, table });
  }

  get size(): number {
    return this.labels.length;
  }

  /** P(label | terms) for every label; terms the training never saw are ignored. Empty model: empty map. */
  posterior(terms: readonly string[]): Map<L, number> {
    const known = [...new Set(terms)].flatMap((t) => this.vocabulary.get(t) ?? []);
    const width = this.vocabulary.size;
    const scores = this.labels.map((_, row) => {
      let s = this.logPrior[row]!;
      for (const column of known) s += this.table[row * width + column]!;
      return s;
    });
    const max = Math.max(...scores);
    const exp = scores.map((s) => Math.exp(s - max));
    const sum = exp.reduce((a, b) => a + b, 0);
    return new Map(this.labels.map((label, i) => [label, exp[i]! / sum]));
  }
}
