/** Accuracy, per-class precision, recall and F1, and the confusion matrix. */

export interface ClassFigures {
  label: string;
  /** Rows with this label. */
  support: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface Scores {
  total: number;
  correct: number;
  accuracy: number;
  macroF1: number;
  classes: ClassFigures[];
  /** Labels of the rows, in order. */
  labels: string[];
  /** Predicted values, in order: the labels first, then anything else predicted (`und`, `neu`). */
  predicted: string[];
  /** matrix[label][prediction] = count. */
  matrix: Record<string, Record<string, number>>;
}

export class ConfusionCounter {
  private readonly counts = new Map<string, Map<string, number>>();
  private n = 0;
  private right = 0;

  add(label: string, prediction: string): void {
    let row = this.counts.get(label);
    if (!row) {
      row = new Map();
      this.counts.set(label, row);
    }
    row.set(prediction, (row.get(prediction) ?? 0) + 1);
    this.n++;
    if (label === prediction) this.right++;
  }

  scores(labelOrder?: readonly string[]): Scores {
    const labels = labelOrder ? [...labelOrder] : [...this.counts.keys()].sort();
    const extra = new Set<string>();
    for (const row of this.counts.values()) for (const p of row.keys()) if (!labels.includes(p)) extra.add(p);
    const predicted = [...labels, ...[...extra].sort()];
    const matrix: Record<string, Record<string, number>> = {};
    for (const label of labels) {
      matrix[label] = {};
      for (const p of predicted) matrix[label][p] = this.counts.get(label)?.get(p) ?? 0;
    }
    const classes = labels.map((label): ClassFigures => {
      const tp = this.counts.get(label)?.get(label) ?? 0;
      let support = 0;
      for (const c of this.counts.get(label)?.values() ?? []) support += c;
      let predictedAs = 0;
      for (const row of this.counts.values()) predictedAs += row.get(label) ?? 0;
      const precision = predictedAs === 0 ? 0 : tp / predictedAs;
      const recall = support === 0 ? 0 : tp / support;
      const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
      return { label, support, precision, recall, f1 };
    });
    const withSupport = classes.filter((c) => c.support > 0);
    const macroF1 = withSupport.length === 0 ? 0 : withSupport.reduce((a, c) => a + c.f1, 0) / withSupport.length;
    return {
      total: this.n,
      correct: this.right,
      accuracy: this.n === 0 ? 0 : this.right / this.n,
      macroF1,
      classes,
      labels,
      predicted,
      matrix,
    };
  }
}
