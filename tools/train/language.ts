/**
 * One language's model: rows in, hyper-parameters chosen by cross-validation over them, the
 * final model trained on all of them, encoded as the file that ships.
 */
import type { SentimentLabel } from '../../src/types.js';
import { RELATED_LANGUAGES } from '../../src/classifiers/eval/cv.js';
import { LexiconSentiment } from '../../src/classifiers/sentiment-lexicon.js';
import { classesOf, featurizerCache, loadRows, toExamples } from '../../src/classifiers/sentiment/dataset.js';
import { DEFAULT_FEATURES, type FeatureConfig } from '../../src/classifiers/sentiment/features.js';
import { fitPlatt, neutralBand, type NeutralBand } from '../../src/classifiers/sentiment/calibration.js';
import { encodeModel } from '../../src/classifiers/sentiment/model.js';
import { trainModel, type Example } from '../../src/classifiers/sentiment/train.js';
import { selectParameters, type HyperParameters } from '../../src/classifiers/sentiment/tuning.js';
import type { BrandBand } from './brand-band.js';
import { canWeighBrandPosts, chooseBrandWeight, type BrandWeightChoice } from './brand-weight.js';

export interface TrainedLanguage {
  lang: string;
  rows: number;
  classes: SentimentLabel[];
  params: HyperParameters;
  /** Mean binary accuracy of the chosen point in the selection: optimistic, see `vigie eval`. */
  selectionAccuracy: number;
  /** Two-class models: the neutral band (from the brand posts when they allow, else people's rows). */
  neutral?: NeutralBand;
  /** Two-class models with enough brand posts of each label: how the band was read off them. */
  brandBand?: BrandBand;
  /** What a post about a brand counts for in the final fit (1 without enough of them to measure it). */
  brandWeight: number;
  /** With enough brand posts of each label: how that weight was chosen. */
  brandWeighing?: BrandWeightChoice;
  bytes: Buffer;
}

export interface TrainLanguageOptions {
  seed: number;
  features?: FeatureConfig;
  /** Folds of the selection. @default 3 */
  folds?: number;
  progress?: (line: string) => void;
}

export async function trainLanguage(lang: string, dirs: { train?: string; dev?: string; brand?: string }, options: TrainLanguageOptions): Promise<TrainedLanguage> {
  const config = options.features ?? DEFAULT_FEATURES;
  const rows = await loadRows(lang, dirs);
  if (rows.length === 0) throw new Error(`${lang}: no labelled rows in ${dirs.train ?? '-'} or ${dirs.dev ?? '-'}`);
  const classes = classesOf(rows);
  const lexicon = new LexiconSentiment();
  const featurizer = featurizerCache(config, lexicon);
  // People's posts choose the hyper-parameters and calibrate the two-class neutral band, as before
  // there were posts about brands: the selection's figure stays people's accuracy. The brand posts
  // join the final fit at the weight that reads them best out of fold without costing people's
  // posts measurably (brand-weight.ts); their own held-out set judges what they bring.
  const peopleRows = rows.filter((r) => r.source !== 'brand' && classes.includes(r.label));
  const examples = toExamples(peopleRows, classes, featurizer);
  const brandRows = rows.filter((r) => r.source === 'brand');
  const related: Example[] = [];
  for (const other of RELATED_LANGUAGES[lang] ?? []) related.push(...toExamples(await loadRows(other, { train: dirs.train }), classes, featurizer));
  const fit = { classes, bits: config.bits, weightBits: config.weightBits, seed: options.seed };
  const brandCount = brandRows.filter((r) => classes.includes(r.label)).length;
  options.progress?.(`${lang}: ${examples.length} rows${brandCount ? ` + ${brandCount} about brands` : ''}${related.length ? ` + ${related.length} related` : ''}, choosing hyper-parameters`);
  const selection = selectParameters(examples, related, fit, options.folds ?? 3);
  const params = selection.best;
  // A two-class model's band: calibrated on people's rows, then, where there are enough posts about
  // brands labelled neg, neu and pos, read off those instead (tools/train/brand-band.ts), at the
  // weight the brand posts are given.
  const peopleBand = classes.length === 2 ? binaryNeutralBand(examples, selection.outOfFold, classes) : undefined;
  if (peopleBand) options.progress?.(`${lang}: neutral band from people's rows ${peopleBand.low} to ${peopleBand.high}`);
  let brandWeighing: BrandWeightChoice | undefined;
  if (canWeighBrandPosts(brandRows)) {
    options.progress?.(`${lang}: weighing the posts about brands (out of fold, each weight against people's rows)`);
    brandWeighing = chooseBrandWeight({ peopleRows, people: examples, related, brandRows, featurizer, params, fit, ...(peopleBand ? { peopleBand } : {}) });
  }
  const brandWeight = brandWeighing?.weight ?? 1;
  const brand = toExamples(brandRows, classes, featurizer, brandWeight);
  const rowsUsed = [...examples, ...brand, ...(params.related > 0 ? related.map((e) => ({ ...e, weight: params.related })) : [])];
  const trained = trainModel(rowsUsed, { classes: classes.length, bits: config.bits, epochs: params.epochs, l2: params.l2, seed: options.seed });
  // Read off the brand posts at the chosen weight; too few of some label to weigh them, too few to read a band.
  const brandBand = brandWeighing?.band;
  const neutral = brandBand?.band ?? peopleBand;
  const counts: Record<string, number> = {};
  for (const r of rows) counts[`${r.source}:${r.label}`] = (counts[`${r.source}:${r.label}`] ?? 0) + 1;
  const bytes = encodeModel(
    {
      lang,
      classes,
      features: config,
      ...(neutral ? { neutral } : {}),
      training: {
        rows: counts,
        related: params.related > 0 ? (RELATED_LANGUAGES[lang] ?? []) : [],
        params,
        seed: options.seed,
        selection: selection.scores,
        // Languages without posts about brands keep the header (and the bytes) they had before weighing.
        ...(brandCount > 0 ? { brandWeight } : {}),
        ...(brandWeighing ? { brandWeights: brandWeighing.scores, brandWeightRule: brandWeighing.rule } : {}),
      },
    },
    trained.weights,
    trained.bias,
  );
  const selectionAccuracy = selection.scores.find((s) => s.params === params)?.accuracy ?? 0;
  return {
    lang,
    rows: rows.length,
    classes,
    params,
    selectionAccuracy,
    ...(neutral ? { neutral } : {}),
    ...(brandBand ? { brandBand } : {}),
    brandWeight,
    ...(brandWeighing ? { brandWeighing } : {}),
    bytes,
  };
}

/** Platt scaling of the out-of-fold P(pos), turned into the raw-score band that reads as neutral. */
function binaryNeutralBand(examples: readonly Example[], outOfFold: readonly Float64Array[], classes: readonly SentimentLabel[]): NeutralBand {
  const pos = classes.indexOf('pos');
  return neutralBand(
    fitPlatt(
      outOfFold.map((p) => p[pos] ?? 0.5),
      examples.map((e) => e.label === pos),
    ),
  );
}
