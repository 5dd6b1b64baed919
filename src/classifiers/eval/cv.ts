/**
 * k-fold cross-validation of a language's trained sentiment model over the training and
 * development rows together, beside the baselines on the same folds. Nothing is fitted outside
 * a fold: features are hashed (no vocabulary), and the hyper-parameters are chosen inside each
 * outer fold by an inner cross-validation of its training rows (nested cross-validation).
 * Also: a held-out figure (trained on the training file only, measured on the development
 * file) and the shipped model on the development file (it was trained on those rows).
 */
import type { SentimentLabel } from '../../types.js';
import { LexiconSentiment } from '../sentiment-lexicon.js';
import { SentimentScorer } from '../sentiment.js';
import { classesOf, featurizerCache, foldsOf, loadRows, toExamples, type LabelledRow } from '../sentiment/dataset.js';
import { DEFAULT_FEATURES, type FeatureConfig } from '../sentiment/features.js';
import type { Example } from '../sentiment/train.js';
import { fitAndPredict, RELATED_WEIGHT, selectParameters, type HyperParameters } from '../sentiment/tuning.js';
import { naturalBaseline } from './baselines.js';
import { ConfusionCounter } from './metrics.js';

/** Romance languages whose rows may help French (shared subwords). */
export const RELATED_LANGUAGES: Readonly<Record<string, readonly string[]>> = { fra: ['spa', 'ita', 'por'] };

export interface CvOptions {
  /** Outer folds. @default 5 */
  folds?: number;
  seed?: number;
  features?: FeatureConfig;
  /** Use related languages' rows where listed (the inner selection decides their weight). @default true */
  related?: boolean;
  /** Called with a line of progress. */
  progress?: (line: string) => void;
}

/** One system's figures on each fold. */
export interface FoldFigures {
  /** pos/neg rows, sign of the score (0 counts as wrong), as `vigie eval` counts. */
  binaryAccuracy: number;
  binaryMacroF1: number;
  /** pos/neu/neg rows, the label (languages with neutral rows only). */
  accuracy3?: number;
  macroF13?: number;
}

export interface SystemCv {
  name: string;
  folds: FoldFigures[];
}

export interface LanguageCv {
  lang: string;
  rows: number;
  /** Which files the rows came from: `train`, `dev` or both. */
  sources: string[];
  counts: Record<SentimentLabel, number>;
  classes: SentimentLabel[];
  k: number;
  systems: SystemCv[];
  /** Hyper-parameters the inner selection chose, per outer fold. */
  chosen: HyperParameters[];
  /** Trained on the training file only (parameters by CV on it), measured on the dev file. */
  heldOut?: FoldFigures & { trainRows: number; devRows: number };
  /** The shipped model on the dev file (in-sample: it was trained on these rows). */
  shippedOnDev?: FoldFigures;
  seconds: number;
}

type Predict = (row: LabelledRow, i: number) => { score: number; label: SentimentLabel };

const signOf = (score: number): string => (score > 0 ? 'pos' : score < 0 ? 'neg' : 'neu');

function figures(rows: readonly LabelledRow[], indices: readonly number[], predict: Predict, threeClass: boolean): FoldFigures {
  const binary = new ConfusionCounter();
  const three = new ConfusionCounter();
  for (const i of indices) {
    const row = rows[i];
    if (!row) continue;
    const p = predict(row, i);
    if (row.label !== 'neu') binary.add(row.label, signOf(p.score));
    three.add(row.label, p.label);
  }
  const b = binary.scores(['pos', 'neg']);
  const out: FoldFigures = { binaryAccuracy: b.accuracy, binaryMacroF1: b.macroF1 };
  if (threeClass) {
    const t = three.scores(['pos', 'neu', 'neg']);
    out.accuracy3 = t.accuracy;
    out.macroF13 = t.macroF1;
  }
  return out;
}

/** A model's probabilities as a score and label, the way SentimentScorer reads them. */
function readProbabilities(p: Float64Array, classes: readonly SentimentLabel[]): { score: number; label: SentimentLabel } {
  const score = (p[classes.indexOf('pos')] ?? 0) - (p[classes.indexOf('neg')] ?? 0);
  let best = 0;
  for (let c = 1; c < p.length; c++) if ((p[c] ?? 0) > (p[best] ?? 0)) best = c;
  return { score, label: classes[best] ?? 'neu' };
}

export async function crossValidate(lang: string, dirs: { train?: string; dev?: string }, options: CvOptions = {}): Promise<LanguageCv> {
  const started = performance.now();
  const k = options.folds ?? 5;
  const seed = options.seed ?? 13;
  const config = options.features ?? DEFAULT_FEATURES;
  const rows = await loadRows(lang, dirs);
  if (rows.length < k * 10) throw new Error(`${lang}: ${rows.length} labelled rows, too few for ${k}-fold cross-validation`);
  const classes = classesOf(rows);
  const threeClass = classes.includes('neu');
  const lexicon = new LexiconSentiment();
  const featurizer = featurizerCache(config, lexicon);
  const examples = toExamples(rows, classes, featurizer);
  const relatedLangs = options.related === false ? [] : (RELATED_LANGUAGES[lang] ?? []);
  const related: Example[] = [];
  for (const other of relatedLangs) related.push(...toExamples(await loadRows(other, { train: dirs.train }), classes, featurizer));
  const fit = { classes, bits: config.bits, weightBits: config.weightBits, seed };
  const folds = foldsOf(rows, k, seed);
  const natural = naturalBaseline(lang);

  const model: SystemCv = { name: 'vigie model', folds: [] };
  const alone: SystemCv = { name: `  only ${lang} rows`, folds: [] };
  const helped: SystemCv = { name: `  + ${relatedLangs.join('/')} rows ×${RELATED_WEIGHT}`, folds: [] };
  const lexiconCv: SystemCv = { name: 'lexicon scorer (before)', folds: [] };
  const naturalCv: SystemCv = { name: 'natural alone', folds: [] };
  const chosen: HyperParameters[] = [];
  for (let f = 0; f < k; f++) {
    const trainIdx: number[] = [];
    const testIdx: number[] = [];
    folds.forEach((fold, i) => (fold === f ? testIdx : trainIdx).push(i));
    const trainEx = trainIdx.map((i) => examples[i]).filter((e): e is Example => e !== undefined);
    const testEx = testIdx.map((i) => examples[i]).filter((e): e is Example => e !== undefined);
    const { best, withoutRelated } = selectParameters(trainEx, related, fit);
    chosen.push(best);
    const measure = (params: HyperParameters): FoldFigures => {
      const probabilities = fitAndPredict(trainEx, related, testEx, params, fit);
      const byRow = new Map(testIdx.map((row, j) => [row, probabilities[j] ?? new Float64Array(classes.length)]));
      return figures(rows, testIdx, (_row, i) => readProbabilities(byRow.get(i) ?? new Float64Array(classes.length), classes), threeClass);
    };
    if (related.length > 0) {
      // Both arms on every fold, to show whether the related rows help.
      const without = measure(withoutRelated);
      const withRows = measure({ ...withoutRelated, related: RELATED_WEIGHT });
      alone.folds.push(without);
      helped.folds.push(withRows);
      model.folds.push(best.related > 0 ? withRows : without);
    } else model.folds.push(measure(best));
    lexiconCv.folds.push(figures(rows, testIdx, (row) => lexicon.score(row.normalized, lang), threeClass));
    naturalCv.folds.push(
      figures(
        rows,
        testIdx,
        (row) => {
          const score = natural(row.text);
          return { score, label: score > 0 ? 'pos' : score < 0 ? 'neg' : 'neu' };
        },
        threeClass,
      ),
    );
    const last = model.folds[model.folds.length - 1];
    options.progress?.(
      `${lang}: fold ${f + 1}/${k}, binary accuracy ${((last?.binaryAccuracy ?? 0) * 100).toFixed(1)}% (epochs ${best.epochs}, l2 ${best.l2}${related.length ? `, related ${best.related}` : ''})`,
    );
  }

  const counts: Record<SentimentLabel, number> = { pos: 0, neg: 0, neu: 0 };
  for (const r of rows) counts[r.label]++;
  const sources = [...new Set(rows.map((r) => r.source))];
  const result: LanguageCv = { lang, rows: rows.length, sources, counts, classes, k, systems: [model, ...(related.length > 0 ? [alone, helped] : []), lexiconCv, naturalCv], chosen, seconds: 0 };

  const trainIdx = rows.flatMap((r, i) => (r.source === 'train' ? [i] : []));
  const devIdx = rows.flatMap((r, i) => (r.source === 'dev' ? [i] : []));
  if (trainIdx.length >= 20 && devIdx.length > 0) {
    const trainEx = trainIdx.map((i) => examples[i]).filter((e): e is Example => e !== undefined);
    const devEx = devIdx.map((i) => examples[i]).filter((e): e is Example => e !== undefined);
    const { best } = selectParameters(trainEx, related, fit);
    const probabilities = fitAndPredict(trainEx, related, devEx, best, fit);
    const byRow = new Map(devIdx.map((row, j) => [row, probabilities[j] ?? new Float64Array(classes.length)]));
    const held = figures(rows, devIdx, (_row, i) => readProbabilities(byRow.get(i) ?? new Float64Array(classes.length), classes), threeClass);
    result.heldOut = { ...held, trainRows: trainIdx.length, devRows: devIdx.length };
  }
  if (devIdx.length > 0) {
    const shipped = new SentimentScorer();
    if (shipped.hasModel(lang)) result.shippedOnDev = figures(rows, devIdx, (row) => shipped.score(row.normalized, lang), threeClass);
  }
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

/** Mean, standard deviation, min and max of one figure across folds. */
export function spread(values: readonly number[]): { mean: number; sd: number; min: number; max: number } {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / Math.max(1, n);
  const sd = n > 1 ? Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, sd, min: Math.min(...values), max: Math.max(...values) };
}
