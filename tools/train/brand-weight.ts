/**
 * How much a post about a brand counts in training beside people's rows. The posts about brands
 * are what Vigie reads, a few hundred a language against thousands of people's posts about
 * everything; at the weight of a people's row they are outvoted where the two disagree ("no
 * complaints", a calm "third email, still nothing"). Each weight of the grid is measured twice:
 * - on the posts about brands, each scored by a model trained without its fold (people's rows and
 *   the other folds' brand posts at that weight): balanced accuracy over neg, neu and pos, read by
 *   argmax for a three-class model, through the neutral band read off the same scores for a
 *   two-class one (brand-band.ts);
 * - on people's rows, with every brand post in at that weight: the sign accuracy `vigie eval`
 *   reports, by cross-validation and, where the language has a development file, trained on the
 *   training file and measured on the development file (`vigie eval`'s held-out column, the figure
 *   nearest to a test set of people's posts never seen), which must not fall measurably.
 * The weight kept reads the brand posts best among those whose people's accuracies both stay within
 * one standard error of their values at weight 1; ties go to the smaller weight. Measured on
 * 3 December's sets: English, French and Chinese brand posts read 6, 6 and 3 points better out of
 * fold at weight 8 than at 1, while French people's held-out accuracy fell 2.8 points there (1.1 at 2).
 */
import type { SentimentLabel } from '../../src/types.js';
import { foldsOf, toExamples, type LabelledRow } from '../../src/classifiers/sentiment/dataset.js';
import type { Featurizer } from '../../src/classifiers/sentiment/features.js';
import type { NeutralBand } from '../../src/classifiers/sentiment/calibration.js';
import type { Example } from '../../src/classifiers/sentiment/train.js';
import { binaryAccuracy, fitAndPredict, type FitOptions, type HyperParameters } from '../../src/classifiers/sentiment/tuning.js';
import { brandNeutralBand, MIN_BRAND_POSTS_PER_LABEL, type BrandBand } from './brand-band.js';

/** The weights tried: beyond 8, a language's few hundred brand posts outweigh all its people's rows. */
export const BRAND_WEIGHTS = [1, 2, 4, 8] as const;
/** Folds over the brand posts and over people's rows. */
const FOLDS = 5;
const LABELS: readonly SentimentLabel[] = ['neg', 'neu', 'pos'];

export interface BrandWeightScore {
  weight: number;
  /** Balanced accuracy (neg, neu, pos) on the brand posts, out of fold. */
  brand: number;
  /** Sign accuracy on people's pos and neg rows, cross-validated. */
  people: number;
  /** Sign accuracy on the development file's pos and neg rows, trained on the training file (when there are both). */
  peopleHeldOut?: number;
  /** Whether both people's accuracies are within one standard error of their values at weight 1. */
  keepsPeople: boolean;
}

export interface BrandWeightChoice {
  weight: number;
  scores: BrandWeightScore[];
  /** Two-class models: the neutral band read off the brand posts at the chosen weight. */
  band?: BrandBand;
  rule: string;
}

export interface BrandWeightInput {
  /** People's rows, and the same rows as examples (one per row). */
  peopleRows: readonly LabelledRow[];
  people: readonly Example[];
  related: readonly Example[];
  brandRows: readonly LabelledRow[];
  featurizer: (lang: string) => Featurizer;
  params: HyperParameters;
  fit: FitOptions;
  /** Two-class models: the band calibrated on people's rows, which the brand band is compared with. */
  peopleBand?: NeutralBand;
}

/** Whether there are enough brand posts of each label to measure a weight on (as for the band). */
export function canWeighBrandPosts(brandRows: readonly LabelledRow[]): boolean {
  return LABELS.every((label) => brandRows.filter((r) => r.label === label).length >= MIN_BRAND_POSTS_PER_LABEL);
}

export function chooseBrandWeight(input: BrandWeightInput, weights: readonly number[] = BRAND_WEIGHTS): BrandWeightChoice {
  if (input.people.length !== input.peopleRows.length) throw new Error(`chooseBrandWeight: ${input.people.length} examples for ${input.peopleRows.length} people's rows`);
  if (!weights.includes(1)) throw new Error('chooseBrandWeight: the weights must include 1, the weight people’s accuracy is compared at');
  const trainRows = input.people.filter((_, i) => input.peopleRows[i]?.source === 'train');
  const devRows = input.people.filter((_, i) => input.peopleRows[i]?.source === 'dev');
  const heldOut = trainRows.length > 0 && devRows.length > 0 ? { train: trainRows, dev: devRows } : undefined;
  // Featurized once; each weight re-weighs the same examples.
  const brand = toExamples(input.brandRows, input.fit.classes, input.featurizer);
  const measured = [...weights]
    .sort((a, b) => a - b)
    .map((weight) => {
      const weighted = brand.map((e) => ({ ...e, weight }));
      const onBrand = brandScore(input, brand, weight);
      const people = peopleAccuracy(input, weighted);
      const peopleHeldOut = heldOut ? heldOutAccuracy(input, heldOut, weighted) : undefined;
      return { weight, brand: onBrand.score, band: onBrand.band, people, peopleHeldOut };
    });
  const scores = judgeWeights(measured, pairs(input.people, input.fit), pairs(heldOut?.dev ?? [], input.fit));
  const chosen = pickBrandWeight(scores);
  const best = measured.find((m) => m.weight === chosen) as (typeof measured)[number];
  const rule =
    `weight of a post about a brand: of ${weights.join(', ')}, the one whose model reads ${input.brandRows.length} brand posts best out of fold ` +
    `(balanced accuracy, ${FOLDS} folds) while people's sign accuracy (${FOLDS}-fold cross-validation${heldOut ? ', and training file → development file' : ''}) stays within one standard error of weight 1's`;
  return { weight: best.weight, scores, ...(best.band ? { band: best.band } : {}), rule };
}

/** People's pos and neg rows among `rows`: what a sign accuracy is over. */
function pairs(rows: readonly Example[], fit: FitOptions): number {
  return rows.filter((e) => fit.classes[e.label] !== 'neu').length;
}

/**
 * Marks each weight whose people's accuracies stay within one standard error of weight 1's (the
 * binomial standard error over `people` and `heldOut` rows).
 */
export function judgeWeights(measured: readonly Omit<BrandWeightScore, 'keepsPeople'>[], people: number, heldOut: number): BrandWeightScore[] {
  const atOne = measured.find((m) => m.weight === 1);
  if (!atOne) throw new Error('judgeWeights: no measure at weight 1, which people’s accuracy is compared with');
  const within = (value: number, reference: number, n: number) => value >= reference - Math.sqrt((reference * (1 - reference)) / Math.max(1, n));
  return measured.map((m) => ({
    weight: m.weight,
    brand: m.brand,
    people: m.people,
    ...(m.peopleHeldOut !== undefined ? { peopleHeldOut: m.peopleHeldOut } : {}),
    keepsPeople:
      within(m.people, atOne.people, people) &&
      (m.peopleHeldOut === undefined || atOne.peopleHeldOut === undefined || within(m.peopleHeldOut, atOne.peopleHeldOut, heldOut)),
  }));
}

/** The weight that reads the brand posts best among those that keep people's posts; the smaller on a tie, 1 when none is better. */
export function pickBrandWeight(scores: readonly BrandWeightScore[]): number {
  let best = scores.find((s) => s.weight === 1);
  if (!best) throw new Error('pickBrandWeight: no score at weight 1');
  for (const s of [...scores].sort((a, b) => a.weight - b.weight)) if (s.keepsPeople && s.brand > best.brand) best = s;
  return best.weight;
}

/**
 * Out-of-fold balanced accuracy on the brand posts with them at `weight` (and, two-class, the band
 * it reads them with). `brand`: the brand rows as examples, one per row for a three-class model.
 */
function brandScore(input: BrandWeightInput, brand: readonly Example[], weight: number): { score: number; band?: BrandBand } {
  const { fit } = input;
  if (fit.classes.length === 2) {
    if (!input.peopleBand) throw new Error('chooseBrandWeight: a two-class model needs the band calibrated on people’s rows');
    const band = brandNeutralBand(input.people, input.related, input.brandRows, input.featurizer, input.params, fit, input.peopleBand, weight);
    if (!band) throw new Error('chooseBrandWeight: too few brand posts of some label to read a band (check canWeighBrandPosts first)');
    return { score: band.balancedAccuracy, band };
  }
  const rows = input.brandRows;
  if (brand.length !== rows.length) throw new Error(`chooseBrandWeight: ${brand.length} examples for ${rows.length} brand posts (a label outside the model's classes?)`);
  const folds = foldsOf(rows, FOLDS, fit.seed);
  const right = { neg: 0, neu: 0, pos: 0 };
  const total = { neg: 0, neu: 0, pos: 0 };
  for (let f = 0; f < FOLDS; f++) {
    const trainOn = [...input.people, ...brand.filter((_, i) => folds[i] !== f).map((e) => ({ ...e, weight }))];
    const at = rows.flatMap((_, i) => (folds[i] === f ? [i] : []));
    const p = fitAndPredict(trainOn, input.related, at.map((i) => brand[i] as Example), input.params, fit);
    at.forEach((i, j) => {
      const q = p[j];
      const label = (rows[i] as LabelledRow).label;
      if (!q) return;
      let best = 0;
      for (let c = 1; c < q.length; c++) if ((q[c] ?? 0) > (q[best] ?? 0)) best = c;
      total[label] += 1;
      if (fit.classes[best] === label) right[label] += 1;
    });
  }
  const recalls = LABELS.map((l) => right[l] / (total[l] || 1));
  return { score: recalls.reduce((a, b) => a + b, 0) / LABELS.length };
}

/** People's sign accuracy, cross-validated by text, with every brand post (`brand`, weighed) in each fold's training. */
function peopleAccuracy(input: BrandWeightInput, brand: readonly Example[]): number {
  const { fit } = input;
  const folds = foldsOf(input.peopleRows, FOLDS, fit.seed);
  let right = 0;
  let n = 0;
  for (let f = 0; f < FOLDS; f++) {
    const test = input.people.filter((_, i) => folds[i] === f);
    const p = fitAndPredict([...input.people.filter((_, i) => folds[i] !== f), ...brand], input.related, test, input.params, fit);
    const counted = pairs(test, fit);
    right += binaryAccuracy(test, p, fit.classes) * counted;
    n += counted;
  }
  return n === 0 ? 0 : right / n;
}

/** People's sign accuracy on the development file, trained on the training file with every brand post (`brand`, weighed). */
function heldOutAccuracy(input: BrandWeightInput, rows: { train: readonly Example[]; dev: readonly Example[] }, brand: readonly Example[]): number {
  const p = fitAndPredict([...rows.train, ...brand], input.related, rows.dev, input.params, input.fit);
  return binaryAccuracy(rows.dev, p, input.fit.classes);
}
