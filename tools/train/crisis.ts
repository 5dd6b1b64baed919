/**
 * `npm run train:crisis`: trains the crisis models (models/crisis-<lang>.bin, read by
 * src/classifiers/crisis-model.ts) for Chinese, English and French.
 *
 * Rows: the development sets of test/fixtures/crisis (crisis posts with their categories, ordinary
 * posts that borrow crisis words, ordinary posts about brands), and the everyday posts of
 * ../shared/data/train (sentiment_<lang>.tsv) as `none`, at a third of a row's weight: they teach
 * what an ordinary day sounds like, and they stay in that folder (only weights are written). The
 * held-out sets (`heldout-*.jsonl`) and ../shared/data/eval are never read here: they judge the
 * model (`npm run eval:crisis`). Features are the shipped sentiment model's of the language, so
 * the classify chain computes them once for both models. Reproducible: one seed, the same bytes.
 *
 *   node dist-tools/tools/train/crisis.js [--sets DIR] [--everyday DIR] [--out DIR] [--seed N]
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CRISIS_CLASSES, type CrisisClass } from '../../src/classifiers/crisis-model.js';
import { readEvalTsv } from '../../src/classifiers/eval/tsv.js';
import { normalizeText } from '../../src/classifiers/normalize.js';
import { featurizerFor } from '../../src/classifiers/sentiment/dataset.js';
import { DEFAULT_FEATURES, FeatureVector } from '../../src/classifiers/sentiment/features.js';
import { encodeModel } from '../../src/classifiers/sentiment/model.js';
import { MODELS_DIR, ModelRegistry, modelFile } from '../../src/classifiers/sentiment/registry.js';
import { asShipped, train, type Example } from '../../src/classifiers/sentiment/train.js';
import { LexiconSentiment } from '../../src/classifiers/sentiment-lexicon.js';
import { packageRoot } from '../../src/package-root.js';
import { toolArgs } from '../args.js';
import { readCrisisSet, SET_LANGUAGES, type LabelledPost, type SetLanguage } from '../eval/crisis-sets.js';

const ISO: Record<SetLanguage, string> = { zh: 'cmn', en: 'eng', fr: 'fra' };
/** Hyper-parameters, fixed beforehand (not searched on the held-out sets). */
const EPOCHS = 10;
const L2 = 1e-5;
const EVERYDAY_WEIGHT = 0.3;
/**
 * The model's table: the sentiment features' buckets modulo 2^16. Seven classes over 2^18 buckets
 * are 1.8 MB a language, read with a cache miss per feature (about 5 µs a post); over 2^16, 0.46 MB,
 * which a core's cache holds.
 */
const FOLD_BITS = 16;

const root = packageRoot(import.meta.url);
const { values } = toolArgs('train:crisis', 'usage: npm run train:crisis -- [--sets DIR] [--everyday DIR] [--out DIR] [--seed N]\n', {
  sets: { type: 'string', default: join(root, 'test', 'fixtures', 'crisis') },
  everyday: { type: 'string', default: join(root, '..', 'shared', 'data', 'train') },
  out: { type: 'string', default: MODELS_DIR },
  seed: { type: 'string', default: '13' },
});

async function main(): Promise<void> {
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error(`--seed ${values.seed}: not an integer`);
  const files = (await readdir(values.sets)).filter((f) => f.endsWith('.jsonl') && !f.startsWith('heldout')).sort();
  if (files.length === 0) throw new Error(`${values.sets}: no development set (*.jsonl other than heldout-*)`);
  const posts: LabelledPost[] = [];
  for (const f of files) posts.push(...(await readCrisisSet(join(values.sets, f))));
  const out = resolve(values.out);
  await mkdir(out, { recursive: true });
  const lexicon = new LexiconSentiment();
  const sentiment = new ModelRegistry();
  process.stdout.write(`training crisis models (seed ${seed}) from ${files.join(', ')} and ${values.everyday} into ${out}\n`);
  for (const lang of SET_LANGUAGES) {
    const t0 = performance.now();
    const iso = ISO[lang];
    const features = sentiment.get(iso)?.header.features ?? DEFAULT_FEATURES;
    const featurizer = featurizerFor(iso, features, lexicon);
    const v = new FeatureVector();
    const examples: Example[] = [];
    const counts: Record<string, number> = {};
    const add = (text: string, classes: readonly CrisisClass[], weight: number) => {
      featurizer.featurize(normalizeText(text).normalized, v);
      const { idx, val } = v.copy();
      for (let i = 0; i < idx.length; i++) idx[i] = (idx[i] ?? 0) & ((1 << FOLD_BITS) - 1);
      // A post about two categories teaches both.
      for (const c of classes) {
        examples.push({ idx, val, label: CRISIS_CLASSES.indexOf(c), weight });
        counts[c] = (counts[c] ?? 0) + 1;
      }
    };
    for (const p of posts.filter((p) => p.lang === lang)) add(p.text, p.want.length > 0 ? p.want : ['none'], 1);
    const tsv = join(values.everyday, `sentiment_${lang}.tsv`);
    let everyday = 0;
    if (existsSync(tsv)) {
      // Prefixed with a brand name, as a watched post would be (and as `npm run eval:crisis` reads them).
      const rows = (await readEvalTsv(tsv)).rows;
      for (const row of rows) add(`Acme ${row.text}`, ['none'], EVERYDAY_WEIGHT);
      everyday = rows.length;
    } else process.stderr.write(`  ${lang}: ${tsv} not found, training without everyday posts\n`);
    const trained = asShipped(train(examples, { classes: CRISIS_CLASSES.length, bits: FOLD_BITS, epochs: EPOCHS, l2: L2, seed }), features.weightBits);
    const bytes = encodeModel<CrisisClass>(
      { lang: iso, classes: [...CRISIS_CLASSES], features, foldBits: FOLD_BITS, training: { rows: counts, everyday, everydayWeight: EVERYDAY_WEIGHT, epochs: EPOCHS, l2: L2, seed, sets: files } },
      trained.weights,
      trained.bias,
    );
    const file = modelFile(out, iso, 'crisis');
    await writeFile(file, bytes);
    const sha = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
    process.stdout.write(
      `  ${iso}: ${examples.length} rows (${CRISIS_CLASSES.map((c) => `${c} ${counts[c] ?? 0}`).join(', ')}; ${everyday} everyday), ` +
        `${(bytes.length / 1024).toFixed(0)} KiB, sha256 ${sha}; ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
    );
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`train:crisis: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
