import { compactNumbers, revive, type CompactNumbers } from './pack.js';
import { StringTable, type StringTableSnapshot } from './string-table.js';

/**
 * A label model as data (see LabelModel.snapshot): for each label (row), the terms it had (their columns in
 * the vocabulary, ascending) and how often, in seen[rowStart[row]] .. and counts[..].
 */
export interface LabelSnapshot<L extends string> {
  labels: L[];
  logPrior: Float64Array;
  vocabulary: StringTableSnapshot;
  alpha: number;
  /** By row: the smoothed denominator, and the value of a term the label never had. */
  total: Float64Array;
  unseen: Float64Array;
  rowStart: Uint32Array;
  seen: CompactNumbers;
  counts: CompactNumbers;
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
  /** Term → its column. */
  private readonly vocabulary: StringTable;
  private readonly alpha: number;
  private readonly total: Float64Array;
  private readonly unseen: Float64Array;
  /**
   * log P(term | label) is kept sparse: row l's seen terms are columns seen[rowStart[l]] .. (ascending) with
   * their counts, and log((count + alpha) / total[l]) is worked out when a question asks (as the dense table
   * was filled, so the same value); any other term of the row is unseen[l] = log(alpha / total[l]). The index
   * file keeps these arrays as they are, so restoring the model builds nothing.
   */
  private readonly rowStart: Uint32Array;
  private readonly seen: ArrayLike<number>;
  private readonly counts: ArrayLike<number>;

  constructor(examples: ReadonlyArray<{ terms: readonly string[]; label: L }>, alpha = 0.5) {
    const counts = new Map<L, Map<number, number>>();
    const totals = new Map<L, number>();
    const vocabulary = new Map<string, number>();
    for (const { terms, label } of examples) {
      let byTerm = counts.get(label);
      if (!byTerm) counts.set(label, (byTerm = new Map()));
      for (const t of new Set(terms)) {
        if (!vocabulary.has(t)) vocabulary.set(t, vocabulary.size);
        const column = vocabulary.get(t)!;
        byTerm.set(column, (byTerm.get(column) ?? 0) + 1);
        totals.set(label, (totals.get(label) ?? 0) + 1);
      }
    }
    const v = vocabulary.size + 1;
    this.vocabulary = StringTable.from([...vocabulary.keys()]);
    this.alpha = alpha;
    this.logPrior = new Float64Array(counts.size);
    this.total = new Float64Array(counts.size);
    this.unseen = new Float64Array(counts.size);
    this.rowStart = new Uint32Array(counts.size + 1);
    const seen: number[] = [];
    const seenCounts: number[] = [];
    for (const [label, byTerm] of counts) {
      const row = this.labels.length;
      this.labels.push(label);
      // A uniform prior: the training corpus has about as many questions per entry, not per label, and a
      // question's label should come from its words, not from how many entries share it.
      this.logPrior[row] = Math.log(1 / counts.size);
      this.total[row] = totals.get(label)! + alpha * v;
      this.unseen[row] = Math.log(alpha / this.total[row]!);
      for (const [column, c] of [...byTerm].sort((a, b) => a[0] - b[0])) seen.push(column), seenCounts.push(c);
      this.rowStart[row + 1] = seen.length;
    }
    this.seen = compactNumbers(seen);
    this.counts = compactNumbers(seenCounts);
  }

  snapshot(): LabelSnapshot<L> {
    const { labels, logPrior, alpha, total, unseen, rowStart } = this;
    return { labels, logPrior, vocabulary: this.vocabulary.snapshot(), alpha, total, unseen, rowStart, seen: this.seen as CompactNumbers, counts: this.counts as CompactNumbers };
  }

  static restore<L extends string>(s: LabelSnapshot<L>): LabelModel<L> {
    const { labels, logPrior, alpha, total, unseen, rowStart, seen, counts } = s;
    return revive(LabelModel<L>, { labels, logPrior, vocabulary: StringTable.restore(s.vocabulary), alpha, total, unseen, rowStart, seen, counts });
  }

  get size(): number {
    return this.labels.length;
  }

  /** log P(term in `column` | label of `row`). */
  private logLikelihood(row: number, column: number): number {
    let low = this.rowStart[row]!;
    let high = this.rowStart[row + 1]! - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const here = this.seen[mid]!;
      if (here === column) return Math.log((this.counts[mid]! + this.alpha) / this.total[row]!);
      if (here < column) low = mid + 1;
      else high = mid - 1;
    }
    return this.unseen[row]!;
  }

  /** P(label | terms) for every label; terms the training never saw are ignored. Empty model: empty map. */
  posterior(terms: readonly string[]): Map<L, number> {
    const known = [...new Set(terms)].map((t) => this.vocabulary.indexOf(t)).filter((column) => column >= 0);
    const scores = this.labels.map((_, row) => {
      let s = this.logPrior[row]!;
      for (const column of known) s += this.logLikelihood(row, column);
      return s;
    });
    const max = Math.max(...scores);
    const exp = scores.map((s) => Math.exp(s - max));
    const sum = exp.reduce((a, b) => a + b, 0);
    return new Map(this.labels.map((label, i) => [label, exp[i]! / sum]));
  }
}
