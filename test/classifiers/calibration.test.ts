import { describe, expect, it } from 'vitest';
import { fitPlatt, neutralBand, NEUTRAL_CONFIDENCE } from '../../src/classifiers/sentiment/calibration.js';
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

  it('gives the shipped Chinese model a learned band at the stated confidence', () => {
    const header = new ModelRegistry().get('cmn')?.header;
    expect(header?.classes).toEqual(['neg', 'pos']);
    expect(header?.neutral?.rule).toContain(`${NEUTRAL_CONFIDENCE.toFixed(2)}`);
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
