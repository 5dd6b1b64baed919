/**
 * Hyper-parameters chosen by cross-validation on the rows given, never on rows that are then
 * reported: `vigie eval` calls `selectParameters` inside each outer fold (nested
 * cross-validation), the training script once over all rows.
 */
import type { SentimentLabel } from '../../types.js';
import { softmax } from './model.js';
import { asShipped, trainModel, type Example } from './train.js';

export interface HyperParameters {
  /** Passes over the data. */
  epochs: number;
  /** L2 penalty. */
  l2: number;
  /** Weight of rows from related languages (French: Spanish, Italian, Portuguese); 0: unused. */
  related: number;
}

/** The grid searched first: few points, as every point costs a training per inner fold. */
export const PARAMETER_GRID: readonly HyperParameters[] = [1e-4, 1e-3].flatMap((l2) => [2, 3, 10].map((epochs) => ({ epochs, l2, related: 0 })));
/** Then, where related rows exist, the best point with them at this weight. */
export const RELATED_WEIGHT = 0.3;

export interface FitOptions {
  classes: readonly SentimentLabel[];
  bits: number;
  /** Bits per stored weight. @default 16 */
  weightBits?: 8 | 16;
  seed: number;
}

/** Trains on `fit` (plus related rows at their weight) and returns P(class) for each of `test`. */
export function fitAndPredict(fit: readonly Example[], related: readonly Example[], test: readonly Example[], params: HyperParameters, options: FitOptions): Float64Array[] {
  const k = options.classes.length;
  const rows = params.related > 0 ? [...fit, ...related.map((e) => ({ ...e, weight: params.related }))] : fit;
  const trained = asShipped(trainModel(rows, { classes: k, bits: options.bits, epochs: params.epochs, l2: params.l2, seed: options.seed }), options.weightBits);
  const logits = new Float64Array(k);
  return test.map((e) => {
    const p = new Float64Array(k);
    softmax(trained.weights, trained.bias, k, e.idx, e.val, e.idx.length, logits, p);
    return p;
  });
}

/**
 * Binary pos/neg accuracy as `vigie eval` counts it: over pos and neg rows only, right when the
 * sign of P(pos) − P(neg) matches the label.
 */
export function binaryAccuracy(examples: readonly Example[], probabilities: readonly Float64Array[], classes: readonly SentimentLabel[]): number {
  const pos = classes.indexOf('pos');
  const neg = classes.indexOf('neg');
  let right = 0;
  let n = 0;
  examples.forEach((e, i) => {
    if (e.label !== pos && e.label !== neg) return;
    const p = probabilities[i];
    const score = (p?.[pos] ?? 0) - (p?.[neg] ?? 0);
    n++;
    if ((score > 0 && e.label === pos) || (score < 0 && e.label === neg)) right++;
  });
  return n === 0 ? 0 : right / n;
}

/** Folds 0..k-1 from a seeded hash of the position: inner folds need no text. */
function innerFolds(n: number, k: number, seed: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((Math.imul(i + 1, 0x9e3779b1) ^ seed) >>> 0);
  return out.map((h) => (h >>> 7) % k);
}

export interface Selection {
  best: HyperParameters;
  /** The best point without related rows. */
  withoutRelated: HyperParameters;
  /** Each grid point's mean binary accuracy over the inner folds. */
  scores: { params: HyperParameters; accuracy: number }[];
  /** P(class) of each example from the inner fold that left it out, at the best point: for calibration. */
  outOfFold: Float64Array[];
}

/**
 * The grid point with the best binary accuracy over `k` inner folds of `examples`; then, when
 * related rows are given, that point with them added, kept only if it does better.
 */
export function selectParameters(examples: readonly Example[], related: readonly Example[], options: FitOptions, k = 3): Selection {
  const folds = innerFolds(examples.length, k, options.seed);
  const measure = (params: HyperParameters) => {
    let sum = 0;
    const outOfFold: Float64Array[] = new Array<Float64Array>(examples.length);
    for (let f = 0; f < k; f++) {
      const at = examples.flatMap((_, i) => (folds[i] === f ? [i] : []));
      const fit = examples.filter((_, i) => folds[i] !== f);
      const test = at.map((i) => examples[i]).filter((e): e is Example => e !== undefined);
      const p = fitAndPredict(fit, related, test, params, options);
      at.forEach((i, j) => (outOfFold[i] = p[j] ?? new Float64Array(options.classes.length)));
      sum += binaryAccuracy(test, p, options.classes);
    }
    return { params, accuracy: sum / k, outOfFold };
  };
  const measured = PARAMETER_GRID.map(measure);
  let best = measured[0];
  for (const s of measured) if (best === undefined || s.accuracy > best.accuracy) best = s;
  if (!best) throw new Error('empty parameter grid');
  const withoutRelated = best.params;
  if (related.length > 0) {
    const withRelated = measure({ ...best.params, related: RELATED_WEIGHT });
    measured.push(withRelated);
    if (withRelated.accuracy > best.accuracy) best = withRelated;
  }
  return { best: best.params, withoutRelated, scores: measured.map(({ params, accuracy }) => ({ params, accuracy })), outOfFold: best.outOfFold };
}
