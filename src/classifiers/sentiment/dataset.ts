/**
 * Labelled rows for training and cross-validation: `sentiment_<xx>.tsv` from the training
 * directory and from the development (eval) directory, read with the eval's TSV reader, and the
 * development sets of posts about brands (test/fixtures/sentiment), normalised as the chain
 * normalises posts, and turned into feature vectors.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { SentimentLabel } from '../../types.js';
import { parseEvalTsv } from '../eval/tsv.js';
import { normalizeText } from '../normalize.js';
import { readBrandSentimentSet } from './brand-sets.js';
import type { LexiconSentiment } from '../sentiment-lexicon.js';
import { ChineseFeaturizer, FeatureVector, LatinFeaturizer, type FeatureConfig, type Featurizer } from './features.js';
import { hashString } from './hashing.js';
import { MODEL_FILES } from './model-files.js';
import type { Example } from './train.js';

export { MODEL_FILES } from './model-files.js';

export interface LabelledRow {
  label: SentimentLabel;
  /** The text as written (the natural baseline reads it). */
  text: string;
  /** Normalised text. */
  normalized: string;
  lang: string;
  /** Where it came from: `train` or `dev` (people's posts), `brand` (posts about brands written for Vigie). */
  source: 'train' | 'dev' | 'brand';
}

const LABELS = new Set<string>(['pos', 'neg', 'neu']);

async function readRows(file: string, lang: string, source: 'train' | 'dev'): Promise<LabelledRow[]> {
  const exists = await stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
  if (!exists) return [];
  const parsed = parseEvalTsv(await readFile(file, 'utf8'), file);
  if (parsed.task !== 'sentiment') throw new Error(`${file}: expected label<TAB>text`);
  const rows: LabelledRow[] = [];
  for (const row of parsed.rows) {
    if (!LABELS.has(row.label)) throw new Error(`${file}:${row.line}: label "${row.label}" is not pos, neg or neu`);
    rows.push({ label: row.label as SentimentLabel, text: row.text, normalized: normalizeText(row.text).normalized, lang, source });
  }
  return rows;
}

/** A language's posts from the development sets of posts about brands in `dir` (`development-*.jsonl`). */
async function readBrandRows(dir: string, lang: string): Promise<LabelledRow[]> {
  const suffix = MODEL_FILES[lang];
  const names = await readdir(dir).catch((err: unknown) => {
    throw new Error(`${dir}: cannot read the folder of posts about brands (${(err as Error).message})`);
  });
  const files = names.filter((f) => f.startsWith('development-') && f.endsWith('.jsonl')).sort();
  const rows: LabelledRow[] = [];
  for (const f of files) {
    for (const r of await readBrandSentimentSet(join(dir, f))) {
      if (r.lang === suffix) rows.push({ label: r.label, text: r.text, normalized: normalizeText(r.text).normalized, lang, source: 'brand' });
    }
  }
  return rows;
}

/** Every labelled row for a language: training set first, then the development set, then posts about brands. */
export async function loadRows(lang: string, dirs: { train?: string; dev?: string; brand?: string }): Promise<LabelledRow[]> {
  const suffix = MODEL_FILES[lang];
  if (!suffix) throw new Error(`no training data for language ${lang}`);
  const name = `sentiment_${suffix}.tsv`;
  return [
    ...(dirs.train ? await readRows(join(dirs.train, name), lang, 'train') : []),
    ...(dirs.dev ? await readRows(join(dirs.dev, name), lang, 'dev') : []),
    ...(dirs.brand ? await readBrandRows(dirs.brand, lang) : []),
  ];
}

/**
 * The classes a language's model learns: neutral only where people's data has neutral rows. Posts
 * about brands do not decide it: the Chinese data (weibo2018) has none, so its model keeps two
 * classes and a calibrated neutral band, and learns only from the brand posts labelled pos or neg.
 */
export function classesOf(rows: readonly LabelledRow[]): SentimentLabel[] {
  return rows.some((r) => r.label === 'neu' && r.source !== 'brand') ? ['neg', 'neu', 'pos'] : ['neg', 'pos'];
}

export function featurizerFor(lang: string, config: FeatureConfig, lexicon: LexiconSentiment): Featurizer {
  if (lang === 'cmn') return new ChineseFeaturizer(config, lexicon.chineseScorer());
  return new LatinFeaturizer(lang, config, (text) => lexicon.total(text, lang));
}

/** A featurizer per language, made on first use: a language's rows and its related languages' share one lexicon. */
export function featurizerCache(config: FeatureConfig, lexicon: LexiconSentiment): (lang: string) => Featurizer {
  const featurizers = new Map<string, Featurizer>();
  return (lang) => {
    let f = featurizers.get(lang);
    if (!f) featurizers.set(lang, (f = featurizerFor(lang, config, lexicon)));
    return f;
  };
}

/** Rows as training examples (rows whose label is not among `classes` are left out). */
export function toExamples(rows: readonly LabelledRow[], classes: readonly SentimentLabel[], featurizer: (lang: string) => Featurizer, weight = 1): Example[] {
  const v = new FeatureVector();
  const out: Example[] = [];
  for (const row of rows) {
    const label = classes.indexOf(row.label);
    if (label < 0) continue;
    featurizer(row.lang).featurize(row.normalized, v);
    out.push({ ...v.copy(), label, weight });
  }
  return out;
}

/**
 * Fold of each row, from a hash of its text: identical posts (retweets, copies) always fall in
 * the same fold, so a test fold never holds a copy of a training row.
 */
export function foldsOf(rows: readonly LabelledRow[], k: number, seed: number): number[] {
  return rows.map((r) => (hashString(`${seed}\u0000${r.normalized}`) % k) >>> 0);
}
