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
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CRISIS_CLASSES, type CrisisClass } from '../../src/classifiers/crisis-model.js';
import { encodeModel } from '../../src/classifiers/sentiment/model.js';
import { MODELS_DIR, modelFile } from '../../src/classifiers/sentiment/registry.js';
import { asShipped } from '../../src/classifiers/sentiment/train.js';
import { packageRoot } from '../../src/package-root.js';
import { toolArgs } from '../args.js';
import { SET_LANGUAGES } from '../eval/crisis-sets.js';
import { CrisisFeatures, developmentSets, EPOCHS, EVERYDAY_WEIGHT, FOLD_BITS, ISO, L2, languageRows, trainCrisis } from './crisis-data.js';

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
  const { files, posts } = await developmentSets(values.sets);
  const out = resolve(values.out);
  await mkdir(out, { recursive: true });
  const features = new CrisisFeatures();
  process.stdout.write(`training crisis models (seed ${seed}) from ${files.join(', ')} and ${values.everyday} into ${out}\n`);
  for (const lang of SET_LANGUAGES) {
    const t0 = performance.now();
    const iso = ISO[lang];
    const rows = await languageRows(lang, posts, values.everyday);
    const examples = features.examples(iso, rows).flat();
    const counts: Record<string, number> = {};
    for (const row of rows) for (const c of row.classes) counts[c] = (counts[c] ?? 0) + 1;
    const everyday = rows.filter((r) => r.everyday).length;
    const trained = asShipped(trainCrisis(examples, seed), features.settings(iso).weightBits);
    const bytes = encodeModel<CrisisClass>(
      { lang: iso, classes: [...CRISIS_CLASSES], features: features.settings(iso), foldBits: FOLD_BITS, training: { rows: counts, everyday, everydayWeight: EVERYDAY_WEIGHT, epochs: EPOCHS, l2: L2, seed, sets: files } },
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
