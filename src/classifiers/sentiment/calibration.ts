/**
 * The neutral band of a two-class model (Chinese: weibo2018 has no neutral rows), learned
 * rather than picked. Platt scaling (Platt, 1999) maps the model's P(pos) to a calibrated
 * probability, fitted on out-of-fold predictions of the training rows (the inner folds of the
 * hyper-parameter selection: never on rows the model was trained on, which it reads
 * over-confidently). A post is labelled pos or neg only when the calibrated probability of that
 * label reaches NEUTRAL_CONFIDENCE; the band is where neither does, stored as raw scores
 * (P(pos) − P(neg)) so that scoring costs one comparison.
 */

/** A label is given when it is right at least three times in four on posts the model scores alike. */
export const NEUTRAL_CONFIDENCE = 0.75;

/** Calibrated P(pos) = σ(a · logit(P(pos)) + b). */
export interface PlattScaling {
  a: number;
  b: number;
}

/** Raw scores strictly between `low` and `high` are neutral. */
export interface NeutralBand {
  low: number;
  high: number;
  /** How it was chosen, for people reading the model's header. */
  rule: string;
}

const EPSILON = 1e-6;

function logit(p: number): number {
  const q = Math.min(1 - EPSILON, Math.max(EPSILON, p));
  return Math.log(q / (1 - q));
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/**
 * Fits (a, b) by Newton's method on the log-loss, with Platt's smoothed targets
 * ((n₊ + 1)/(n₊ + 2) and 1/(n₋ + 2)) so that a separable fold does not send a to infinity.
 * @param pos P(pos) of each row, out of fold; @param isPos its label.
 */
export function fitPlatt(pos: readonly number[], isPos: readonly boolean[]): PlattScaling {
  if (pos.length !== isPos.length || pos.length === 0) throw new Error(`fitPlatt: ${pos.length} probabilities for ${isPos.length} labels`);
  const nPos = isPos.filter(Boolean).length;
  const nNeg = isPos.length - nPos;
  const high = (nPos + 1) / (nPos + 2);
  const low = 1 / (nNeg + 2);
  const z = pos.map(logit);
  let a = 1;
  let b = 0;
  for (let iteration = 0; iteration < 100; iteration++) {
    // Gradient and Hessian of the log-loss in (a, b), with a small ridge for stability.
    let ga = 0;
    let gb = 0;
    let haa = 1e-9;
    let hab = 0;
    let hbb = 1e-9;
    z.forEach((zi, i) => {
      const q = sigmoid(a * zi + b);
      const d = q - (isPos[i] ? high : low);
      const w = q * (1 - q);
      ga += d * zi;
      gb += d;
      haa += w * zi * zi;
      hab += w * zi;
      hbb += w;
    });
    const det = haa * hbb - hab * hab;
    if (det <= 0) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-9) break;
  }
  return { a, b };
}

/** The raw score (2·P(pos) − 1) at which the calibrated P(pos) equals `q`. */
function rawScoreAt(scaling: PlattScaling, q: number): number {
  const p = sigmoid((logit(q) - scaling.b) / scaling.a);
  return 2 * p - 1;
}

/** The band of raw scores where neither label reaches `confidence` once calibrated. */
export function neutralBand(scaling: PlattScaling, confidence = NEUTRAL_CONFIDENCE): NeutralBand {
  if (!(scaling.a > 0)) throw new Error(`neutralBand: calibration slope ${scaling.a} is not positive (the model's scores do not rank the rows)`);
  const low = rawScoreAt(scaling, 1 - confidence);
  const high = rawScoreAt(scaling, confidence);
  const rule = `Platt-calibrated P(pos) (a ${scaling.a.toFixed(3)}, b ${scaling.b.toFixed(3)}, out-of-fold on the training rows) between ${(1 - confidence).toFixed(2)} and ${confidence.toFixed(2)}`;
  return { low: round(low), high: round(high), rule };
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
