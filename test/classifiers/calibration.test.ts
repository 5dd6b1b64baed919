import { describe, expect, it } from 'vitest';
import { bandAccuracy, bandFromLabelled, fitPlatt, neutralBand } from '../../src/classifiers/sentiment/calibration.js';
import { seededRandom } from '../../src/classifiers/sentiment/train.js';
import { ModelRegistry } from '../../src/classifiers/sentiment/registry.js';
import { normalizeText } from '../../src/classifiers/normalize.js';
import { SentimentScorer } from '../../src/classifiers/sentiment.js';

/** Rows whose label is drawn with probability `truth(p)` for a model that says `p`. */
function sample(truth: (p: number) => number, n = 20000): { pos: number[]; isPos: boolean[] } {
  const random = seededRandom(7);
  const pos: number[] = [];
  const isPos: boolean[] = [];
  for (let i = 0; i < n; i++) {
    const p = 0.01 + 0.98 * random();
    pos.push(p);
    isPos.push(random() < truth(p));
  }
  return { pos, isPos };
}

describe('Platt scaling of a two-class model', () => {
  it('leaves a calibrated model about as it is', () => {
    const { pos, isPos } = sample((p) => p);
    const { a, b } = fitPlatt(pos, isPos);
    expect(a).toBeCloseTo(1, 1);
    expect(b).toBeCloseTo(0, 1);
    const band = neutralBand({ a, b });
    // Calibrated already: neutral where P(pos) is between 0.25 and 0.75, raw scores -0.5..0.5.
    expect(band.low).toBeCloseTo(-0.5, 1);
    expect(band.high).toBeCloseTo(0.5, 1);
  });

  it('widens the band of an over-confident model and shifts it toward the rarer class', () => {
    // The model says 0.9 where the truth is about 0.7: its scores must go further to be trusted.
    const overconfident = sample((p) => 1 / (1 + Math.exp(-0.5 * Math.log(p / (1 - p)))));
    const wide = neutralBand(fitPlatt(overconfident.pos, overconfident.isPos));
    expect(wide.low).toBeLessThan(-0.7);
    expect(wide.high).toBeGreaterThan(0.7);
    // Labels lean positive beyond what the model says: a negative label needs a lower score.
    const leaning = sample((p) => Math.min(1, p + 0.1));
    const shifted = neutralBand(fitPlatt(leaning.pos, leaning.isPos));
    expect(shifted.low).toBeLessThan(-0.5);
    expect(shifted.high).toBeLessThan(0.5);
  });

  it('names bad input', () => {
    expect(() => fitPlatt([0.5], [])).toThrow(/1 probabilities for 0 labels/);
    expect(() => neutralBand({ a: -1, b: 0 })).toThrow(/slope -1 is not positive/);
  });

  it('gives the shipped Chinese model a band read off posts about brands', () => {
    const header = new ModelRegistry().get('cmn')?.header;
    expect(header?.classes).toEqual(['neg', 'pos']);
    expect(header?.neutral?.rule).toMatch(/posts about brands, each scored out of fold/);
    expect(header?.neutral?.low).toBeLessThan(0);
    expect(header?.neutral?.high).toBeGreaterThan(0);
  });

  it('labels Chinese posts by the learned band, not by the sign of the score', () => {
    const band = new ModelRegistry().get('cmn')?.header.neutral;
    if (!band) throw new Error('the Chinese model has no neutral band');
    const scorer = new SentimentScorer();
    for (const text of ['據說這次抵製的人很多，門店都沒什麼人了', '客服态度太差了，再也不买了', '今天真的很开心，谢谢大家', '明天下午三点开会', '这个包不好看']) {
      const { score, label } = scorer.score(normalizeText(text).normalized, 'cmn');
      expect(label).toBe(score >= band.high ? 'pos' : score <= band.low ? 'neg' : 'neu');
    }
  });
});

type Label = 'neg' | 'neu' | 'pos';

/** Scores of labelled posts, each label's around its own centre (normal, clipped to -1..1). */
function labelled(centres: Record<Label, number>, counts: Record<Label, number>, spread = 0.2, seed = 11): { scores: number[]; labels: Label[] } {
  const random = seededRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const scores: number[] = [];
  const labels: Label[] = [];
  for (const label of ['neg', 'neu', 'pos'] as const) {
    for (let i = 0; i < counts[label]; i++) {
      scores.push(Math.round(Math.max(-1, Math.min(1, centres[label] + spread * normal())) * 1000) / 1000);
      labels.push(label);
    }
  }
  return { scores, labels };
}

describe('a neutral band read off posts labelled neg, neu and pos', () => {
  it('puts the thresholds between the labels, where their scores cross', () => {
    const { scores, labels } = labelled({ neg: -0.6, neu: 0, pos: 0.6 }, { neg: 2000, neu: 2000, pos: 2000 });
    const fit = bandFromLabelled(scores, labels, 'test');
    // Equal spreads: the best thresholds are halfway between the centres.
    expect(fit.band.low).toBeGreaterThan(-0.36);
    expect(fit.band.low).toBeLessThan(-0.24);
    expect(fit.band.high).toBeGreaterThan(0.24);
    expect(fit.band.high).toBeLessThan(0.36);
    expect(fit.balancedAccuracy).toBeGreaterThan(0.8);
    expect(fit.band.rule).toBe('test');
  });

  it('follows neutral posts that lean negative (calm complaints and plain remarks scored alike)', () => {
    const { scores, labels } = labelled({ neg: -0.6, neu: -0.2, pos: 0.6 }, { neg: 2000, neu: 2000, pos: 2000 });
    const fit = bandFromLabelled(scores, labels, 'test');
    expect(fit.band.low).toBeLessThan(-0.34);
    expect(fit.band.high).toBeLessThan(0.3);
  });

  it('is not chosen by how many posts of each label a set was written with', () => {
    const even = labelled({ neg: -0.5, neu: 0.05, pos: 0.5 }, { neg: 300, neu: 300, pos: 300 }, 0.25);
    // The same posts, the negative ones five times over: recalls, and so the band, do not move.
    const negatives = even.scores.flatMap((s, i) => (even.labels[i] === 'neg' ? [s, s, s, s] : []));
    const skewed = { scores: [...even.scores, ...negatives], labels: [...even.labels, ...negatives.map((): Label => 'neg')] };
    expect(bandFromLabelled(skewed.scores, skewed.labels, 'test').band).toEqual(bandFromLabelled(even.scores, even.labels, 'test').band);
  });

  it('reads a score on a threshold as the scorer does (pos from high up, neg from low down)', () => {
    const fit = bandAccuracy([-0.2, -0.1, 0.3, 0.31, 0.29], ['neg', 'neu', 'pos', 'pos', 'neu'], { low: -0.2, high: 0.3 });
    expect(fit.recall).toEqual({ neg: 1, neu: 1, pos: 1 });
    expect(fit.balancedAccuracy).toBe(1);
  });

  it('names what is missing', () => {
    const { scores, labels } = labelled({ neg: -0.6, neu: 0, pos: 0.6 }, { neg: 40, neu: 29, pos: 40 });
    expect(() => bandFromLabelled(scores, labels, 'test')).toThrow(/29 posts labelled neu, at least 30 needed/);
    expect(() => bandFromLabelled([0.1], [], 'test')).toThrow(/1 scores for 0 labels/);
  });
});
