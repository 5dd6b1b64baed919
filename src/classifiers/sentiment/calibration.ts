/**
 * The neutral band of a two-class model (Chinese: weibo2018 has no neutral rows), learned
 * rather than picked. Platt scaling (Platt, 1999) maps the model's P(pos) to a calibrated
 * probability, fitted on out-of-fold predictions of the training rows (the inner folds of the
 * hyper-parameter selection: never on rows the model was trained on, which it reads
 * over-confidently). A post is labelled pos or neg only when the calibrated probability of that
 * label reaches NEUTRAL_CONFIDENCE; the band is where neither does, stored as raw scores
 * (P(pos) − P(neg)) so that scoring costs one comparison.
 *
 * Where posts labelled neg, neu and pos exist (the posts about brands of test/fixtures/sentiment),
 * the band is read off them instead (`bandFromLabelled`, called by tools/train/brand-band.ts): the
 * Platt band says how sure the model is about the rows it learnt from, not where a post of the kind
 * Vigie reads turns from a remark into a complaint.
 */

import type { SentimentLabel } from '../../types.js';

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

/**
 * A model's score as the sentiment scorer gives it and a neutral band is stated in: P(pos) − P(neg),
 * to 0.001. One function for both, so a band is always read off the very scores it will be compared with.
 */
export function modelScore(pPos: number, pNeg: number): number {
  return round(pPos - pNeg);
}

/** Out-of-fold scores of posts labelled with all three labels, and how well a band reads them. */
export interface BandFit {
  band: NeutralBand;
  /** Mean of the three labels' recalls with this band. */
  balancedAccuracy: number;
  recall: Record<SentimentLabel, number>;
}

/** Balanced accuracy (mean recall of neg, neu, pos) of a band over labelled raw scores. */
export function bandAccuracy(scores: readonly number[], labels: readonly SentimentLabel[], band: Pick<NeutralBand, 'low' | 'high'>): Omit<BandFit, 'band'> {
  const right = { neg: 0, neu: 0, pos: 0 };
  const n = { neg: 0, neu: 0, pos: 0 };
  scores.forEach((s, i) => {
    const label = labels[i];
    if (!label) return;
    n[label] += 1;
    // As the scorer labels: pos from `high` up, neg from `low` down, neutral strictly between.
    const read = s >= band.high ? 'pos' : s <= band.low ? 'neg' : 'neu';
    if (read === label) right[label] += 1;
  });
  const recall = { neg: right.neg / (n.neg || 1), neu: right.neu / (n.neu || 1), pos: right.pos / (n.pos || 1) };
  return { recall, balancedAccuracy: (recall.neg + recall.neu + recall.pos) / 3 };
}

/**
 * The neutral band read off posts labelled neg, neu and pos, for a two-class model whose own
 * training rows have no neutral ones: the thresholds, on a grid of `step` in raw score, that give
 * the best balanced accuracy over the posts' out-of-fold scores. Balanced, so that the mix of
 * labels a set was written with (so many of each) does not choose the band; and the middle of the
 * bands within one standard error of the best rather than the best alone, which a few posts move.
 * Needs at least `minPerLabel` posts of each label.
 */
export function bandFromLabelled(scores: readonly number[], labels: readonly SentimentLabel[], rule: string, step = 0.01, minPerLabel = 30): BandFit {
  if (scores.length !== labels.length) throw new Error(`bandFromLabelled: ${scores.length} scores for ${labels.length} labels`);
  for (const label of ['neg', 'neu', 'pos'] as const) {
    const count = labels.filter((l) => l === label).length;
    if (count < minPerLabel) throw new Error(`bandFromLabelled: ${count} posts labelled ${label}, at least ${minPerLabel} needed`);
  }
  const steps = Math.round(2 / step);
  const grid = Array.from({ length: steps + 1 }, (_, i) => round(-1 + i * step));
  // Per label, how many scores lie at or below and at or above each grid point: a band's recalls
  // are then read from these counts, so the search costs the grid squared, not times the posts.
  const sorted = { neg: [] as number[], neu: [] as number[], pos: [] as number[] };
  scores.forEach((s, i) => {
    const label = labels[i];
    if (label) sorted[label].push(s);
  });
  for (const list of Object.values(sorted)) list.sort((a, b) => a - b);
  const atOrBelow = (list: readonly number[], x: number) => upperBound(list, x);
  const atOrAbove = (list: readonly number[], x: number) => list.length - lowerBound(list, x);
  const negRead = grid.map((g) => atOrBelow(sorted.neg, g) / sorted.neg.length);
  const posRead = grid.map((g) => atOrAbove(sorted.pos, g) / sorted.pos.length);
  const neuBelow = grid.map((g) => atOrBelow(sorted.neu, g));
  const neuAbove = grid.map((g) => atOrAbove(sorted.neu, g));
  const accuracy: { low: number; high: number; value: number }[] = [];
  let best: { low: number; high: number; value: number } | undefined;
  for (let i = 0; i < grid.length; i++) {
    for (let j = i + 1; j < grid.length; j++) {
      const neu = (sorted.neu.length - (neuBelow[i] as number) - (neuAbove[j] as number)) / sorted.neu.length;
      const point = { low: grid[i] as number, high: grid[j] as number, value: ((negRead[i] as number) + neu + (posRead[j] as number)) / 3 };
      accuracy.push(point);
      if (!best || point.value > best.value) best = point;
    }
  }
  if (!best) throw new Error(`bandFromLabelled: step ${step} leaves no band`);
  // The best point alone moves with a few posts' scores (the surface is flat near its top), so the
  // band is the middle (median low, median high) of every band within one standard error of the
  // best: those the posts cannot tell apart from it. Falls back to the best if that middle is not one of them.
  const r = bandAccuracy(scores, labels, best).recall;
  const se = Math.sqrt((r.neg * (1 - r.neg)) / sorted.neg.length + (r.neu * (1 - r.neu)) / sorted.neu.length + (r.pos * (1 - r.pos)) / sorted.pos.length) / 3;
  const floor = best.value - se;
  const near = accuracy.filter((a) => a.value >= floor);
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] as number;
  let low = median(near.map((a) => a.low));
  let high = median(near.map((a) => a.high));
  if (!(low < high) || bandAccuracy(scores, labels, { low, high }).balancedAccuracy < floor) ({ low, high } = best);
  const fit = bandAccuracy(scores, labels, { low, high });
  return { band: { low, high, rule }, ...fit };
}

/** First index whose value is ≥ x in an ascending list. */
function lowerBound(list: readonly number[], x: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose value is > x in an ascending list. */
function upperBound(list: readonly number[], x: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
