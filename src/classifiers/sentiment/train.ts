/**
 * Training of the sentiment models: multinomial logistic regression fitted by stochastic
 * gradient descent with AdaGrad step sizes (Duchi et al., 2011) and L2 regularisation applied
 * to the weights each example touches. Deterministic: a seeded shuffle and plain arithmetic,
 * so one seed gives the same weights on every machine Node runs on.
 */
import { quantize, softmax } from './model.js';

export interface Example {
  idx: Int32Array;
  val: Float32Array;
  /** Index into the classes. */
  label: number;
  /** How much the example counts (rows from another language count less). @default 1 */
  weight?: number;
}

export interface TrainOptions {
  classes: number;
  bits: number;
  /** Passes over the data. */
  epochs: number;
  /** L2 penalty per example. */
  l2: number;
  /** AdaGrad's base step. @default 0.2 */
  learningRate?: number;
  seed: number;
}

export interface TrainedWeights {
  weights: Float32Array;
  bias: Float32Array;
}

/** mulberry32: a small, good enough, seeded generator. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function train(examples: readonly Example[], options: TrainOptions): TrainedWeights {
  const k = options.classes;
  const size = (1 << options.bits) * k;
  const weights = new Float32Array(size);
  const squares = new Float32Array(size);
  const bias = new Float32Array(k);
  const biasSquares = new Float64Array(k);
  const rate = options.learningRate ?? 0.2;
  const l2 = options.l2;
  const logits = new Float64Array(k);
  const p = new Float64Array(k);
  const order = examples.map((_, i) => i);
  const random = seededRandom(options.seed);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const t = order[i] ?? 0;
      order[i] = order[j] ?? 0;
      order[j] = t;
    }
    for (const e of order) {
      const ex = examples[e];
      if (!ex) continue;
      const { idx, val } = ex;
      const n = idx.length;
      softmax(weights, bias, k, idx, val, n, logits, p);
      const weight = ex.weight ?? 1;
      for (let c = 0; c < k; c++) {
        const g = ((p[c] ?? 0) - (c === ex.label ? 1 : 0)) * weight;
        const s = (biasSquares[c] ?? 0) + g * g;
        biasSquares[c] = s;
        bias[c] = (bias[c] ?? 0) - (rate * g) / Math.sqrt(s + 1e-8);
        for (let i = 0; i < n; i++) {
          const at = (idx[i] ?? 0) * k + c;
          const w = weights[at] ?? 0;
          const grad = g * (val[i] ?? 0) + l2 * w;
          const sq = (squares[at] ?? 0) + grad * grad;
          squares[at] = sq;
          weights[at] = w - (rate * grad) / Math.sqrt(sq + 1e-8);
        }
      }
    }
  }
  return { weights, bias };
}

/**
 * Naive Bayes log-count ratios of each bucket, for two-class models (NBSVM, Wang and Manning,
 * 2012: "Baselines and bigrams"): log P(feature | pos) / P(feature | neg) from the rows given,
 * with add-`alpha` smoothing. Scaling the features by them before the logistic regression
 * lets the frequency evidence of Naive Bayes and the discriminative fit work together; it
 * costs nothing at scoring time, as the ratios are folded into the weights (`foldRatios`).
 */
export function naiveBayesRatios(examples: readonly Example[], bits: number, positive: number, alpha = 1): Float32Array {
  const size = 1 << bits;
  const pos = new Float64Array(size).fill(alpha);
  const neg = new Float64Array(size).fill(alpha);
  const seen = new Uint32Array(size);
  let stamp = 0;
  for (const e of examples) {
    stamp++;
    const counts = e.label === positive ? pos : neg;
    for (const b of e.idx) {
      if (seen[b] === stamp) continue;
      seen[b] = stamp;
      counts[b] = (counts[b] ?? 0) + (e.weight ?? 1);
    }
  }
  let sumPos = 0;
  let sumNeg = 0;
  for (let b = 0; b < size; b++) {
    sumPos += pos[b] ?? 0;
    sumNeg += neg[b] ?? 0;
  }
  const r = new Float32Array(size);
  for (let b = 0; b < size; b++) r[b] = Math.log((pos[b] ?? 1) / sumPos) - Math.log((neg[b] ?? 1) / sumNeg);
  return r;
}

/** Examples with each feature scaled by its ratio. */
export function scaleExamples(examples: readonly Example[], r: Float32Array): Example[] {
  return examples.map((e) => ({ ...e, val: e.val.map((v, j) => v * (r[e.idx[j] ?? 0] ?? 0)) }));
}

/** A model trained on scaled features as one that reads plain features: w'[b] = w[b] · r[b]. */
export function foldRatios(trained: TrainedWeights, r: Float32Array, k: number): TrainedWeights {
  const weights = new Float32Array(trained.weights.length);
  for (let i = 0; i < weights.length; i++) weights[i] = (trained.weights[i] ?? 0) * (r[Math.floor(i / k)] ?? 0);
  return { weights, bias: trained.bias };
}

/**
 * Trains the way the shipped models are trained: two-class models on Naive-Bayes-scaled
 * features (folded back into the weights), others plainly.
 */
export function trainModel(examples: readonly Example[], options: TrainOptions): TrainedWeights {
  if (options.classes !== 2) return train(examples, options);
  const r = naiveBayesRatios(examples, options.bits, 1);
  return foldRatios(train(scaleExamples(examples, r), options), r, options.classes);
}

/** The weights as they will be stored (int8 or int16), so figures measure what ships. */
export function asShipped(trained: TrainedWeights, bits: 8 | 16 = 16): TrainedWeights {
  const { q, scale } = quantize(trained.weights, bits);
  const weights = new Float32Array(q.length);
  for (let i = 0; i < q.length; i++) weights[i] = (q[i] ?? 0) * scale;
  return { weights, bias: trained.bias };
}
