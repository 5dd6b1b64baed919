/**
 * What the crisis models learn from, shared by `npm run train:crisis` (tools/train/crisis.ts) and
 * its out-of-fold check (tools/train/crisis-folds.ts): the rows of each language, their features,
 * and the hyper-parameters, fixed beforehand (not searched on the held-out sets).
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CRISIS_CLASSES, type CrisisClass } from '../../src/classifiers/crisis-model.js';
import { readEvalTsv } from '../../src/classifiers/eval/tsv.js';
import { normalizeText } from '../../src/classifiers/normalize.js';
import { featurizerFor } from '../../src/classifiers/sentiment/dataset.js';
import { DEFAULT_FEATURES, FeatureVector, type FeatureConfig } from '../../src/classifiers/sentiment/features.js';
import { ModelRegistry } from '../../src/classifiers/sentiment/registry.js';
import { train, type Example, type TrainedWeights } from '../../src/classifiers/sentiment/train.js';
import { LexiconSentiment } from '../../src/classifiers/sentiment-lexicon.js';
import { readCrisisSet, type LabelledPost, type SetLanguage } from '../eval/crisis-sets.js';

export const ISO: Record<SetLanguage, string> = { zh: 'cmn', en: 'eng', fr: 'fra' };
export const EPOCHS = 10;
export const L2 = 1e-5;
/** Everyday posts teach what an ordinary day sounds like, at a third of a labelled row's weight. */
export const EVERYDAY_WEIGHT = 0.3;
/**
 * The model's table: the sentiment features' buckets modulo 2^16. Seven classes over 2^18 buckets
 * are 1.8 MB a language, read with a cache miss per feature (about 5 µs a post); over 2^16, 0.46 MB,
 * which a core's cache holds.
 */
export const FOLD_BITS = 16;

/** One training row: a text and the classes it teaches (a post about two categories teaches both). */
export interface CrisisRow {
  text: string;
  classes: readonly CrisisClass[];
  weight: number;
  /** An everyday post of the sentiment sets (not a labelled crisis set). */
  everyday: boolean;
}

/** The development sets: every `*.jsonl` of the folder but `heldout-*`, which only judge. */
export async function developmentSets(dir: string): Promise<{ files: string[]; posts: LabelledPost[] }> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.jsonl') && !f.startsWith('heldout')).sort();
  if (files.length === 0) throw new Error(`${dir}: no development set (*.jsonl other than heldout-*)`);
  const posts: LabelledPost[] = [];
  for (const f of files) posts.push(...(await readCrisisSet(join(dir, f))));
  return { files, posts };
}

/** A language's rows: its labelled posts, then the everyday posts of `everydayDir` when it has them. */
export async function languageRows(lang: SetLanguage, posts: readonly LabelledPost[], everydayDir: string): Promise<CrisisRow[]> {
  const rows: CrisisRow[] = posts.filter((p) => p.lang === lang).map((p) => ({ text: p.text, classes: p.want.length > 0 ? p.want : ['none'], weight: 1, everyday: false }));
  const tsv = join(everydayDir, `sentiment_${lang}.tsv`);
  if (!existsSync(tsv)) {
    process.stderr.write(`  ${lang}: ${tsv} not found, training without everyday posts\n`);
    return rows;
  }
  // Prefixed with a brand name, as a watched post would be (and as `npm run eval:crisis` reads them).
  for (const row of (await readEvalTsv(tsv)).rows) rows.push({ text: `Acme ${row.text}`, classes: ['none'], weight: EVERYDAY_WEIGHT, everyday: true });
  return rows;
}

/** The features a language's crisis model reads: the shipped sentiment model's, so the chain computes them once. */
export class CrisisFeatures {
  private readonly lexicon = new LexiconSentiment();
  private readonly sentiment = new ModelRegistry();

  settings(iso: string): FeatureConfig {
    return this.sentiment.get(iso)?.header.features ?? DEFAULT_FEATURES;
  }

  /** Each row's examples (one per class it teaches), its features folded to the model's table. */
  examples(iso: string, rows: readonly CrisisRow[]): Example[][] {
    const featurizer = featurizerFor(iso, this.settings(iso), this.lexicon);
    const v = new FeatureVector();
    return rows.map((row) => {
      featurizer.featurize(normalizeText(row.text).normalized, v);
      const { idx, val } = v.copy();
      for (let i = 0; i < idx.length; i++) idx[i] = (idx[i] ?? 0) & ((1 << FOLD_BITS) - 1);
      return row.classes.map((c) => ({ idx, val, label: CRISIS_CLASSES.indexOf(c), weight: row.weight }));
    });
  }
}

export function trainCrisis(examples: readonly Example[], seed: number): TrainedWeights {
  return train(examples, { classes: CRISIS_CLASSES.length, bits: FOLD_BITS, epochs: EPOCHS, l2: L2, seed });
}
