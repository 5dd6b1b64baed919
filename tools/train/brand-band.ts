/**
 * The neutral band of a two-class model read off posts about brands labelled neg, neu and pos:
 * people's rows (weibo2018) have no neutral ones, so a band calibrated on them says how sure the
 * model is, not where a calm complaint or a plain remark about a brand falls. Each brand post is
 * scored by a model trained without its fold (people's rows and the other folds' pos and neg
 * brand posts at their weight, the chosen hyper-parameters), and the band is read off those scores
 * (`bandFromLabelled`: the middle of the bands within one standard error of the best balanced accuracy).
 */
import type { SentimentLabel } from '../../src/types.js';
import { bandAccuracy, bandFromLabelled, modelScore, type BandFit, type NeutralBand } from '../../src/classifiers/sentiment/calibration.js';
import { foldsOf, toExamples, type LabelledRow } from '../../src/classifiers/sentiment/dataset.js';
import type { Featurizer } from '../../src/classifiers/sentiment/features.js';
import type { Example } from '../../src/classifiers/sentiment/train.js';
import { fitAndPredict, type FitOptions, type HyperParameters } from '../../src/classifiers/sentiment/tuning.js';

/** Folds over the brand posts. */
const FOLDS = 5;
/** Fewer posts of any label than this, and the band stays the one calibrated on people's rows. */
export const MIN_BRAND_POSTS_PER_LABEL = 30;

export interface BrandBand extends BandFit {
  posts: number;
  /** The same out-of-fold scores read with the band calibrated on people's rows. */
  before: Omit<BandFit, 'band'>;
}

export function brandNeutralBand(
  people: readonly Example[],
  related: readonly Example[],
  rows: readonly LabelledRow[],
  featurizer: (lang: string) => Featurizer,
  params: HyperParameters,
  fit: FitOptions,
  peopleBand: NeutralBand,
  /** What a brand post counts for beside a people's row (brand-weight.ts). */
  weight = 1,
): BrandBand | undefined {
  for (const label of ['neg', 'neu', 'pos'] as const) if (rows.filter((r) => r.label === label).length < MIN_BRAND_POSTS_PER_LABEL) return undefined;
  const folds = foldsOf(rows, FOLDS, fit.seed);
  const scores = new Array<number>(rows.length).fill(0);
  const pos = fit.classes.indexOf('pos');
  const neg = fit.classes.indexOf('neg');
  for (let f = 0; f < FOLDS; f++) {
    const inFold = rows.flatMap((r, i) => (folds[i] === f ? [i] : []));
    const trainOn = [...people, ...toExamples(rows.filter((_, i) => folds[i] !== f), fit.classes, featurizer, weight)];
    // Every label of the fold is scored (neutral posts too): the label index is not read here.
    const test = toExamples(inFold.map((i) => rows[i] as LabelledRow), ['neg', 'neu', 'pos'], featurizer);
    const p = fitAndPredict(trainOn, related, test, params, fit);
    inFold.forEach((i, j) => {
      const q = p[j];
      scores[i] = modelScore(q?.[pos] ?? 0, q?.[neg] ?? 0);
    });
  }
  const labels: SentimentLabel[] = rows.map((r) => r.label);
  const rule = `middle of the bands within one standard error of the best balanced accuracy (neg, neu, pos) over ${rows.length} posts about brands, each scored out of fold (${FOLDS} folds)`;
  const chosen = bandFromLabelled(scores, labels, rule);
  return { ...chosen, posts: rows.length, before: bandAccuracy(scores, labels, peopleBand) };
}
