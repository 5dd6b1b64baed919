/**
 * `npm run train:crisis-folds`: how far the crisis model can be trusted to take back a category
 * the crisis terms found, measured out of fold (each development row scored by a model trained
 * without it), so that the threshold is chosen on rows the model did not learn, and not on the
 * held-out sets, which only judge.
 *
 * The rows of `npm run train:crisis` (tools/train/crisis-data.ts) are split in five folds (one
 * seeded shuffle a language); five models are trained a language, each without one fold, which it
 * then scores. For every row whose terms find a category, the table gives, at each threshold τ of
 * the grid, how many categories the model would take back (P(none) ≥ τ): on crisis posts, where
 * the category is one the writer meant (lost), and on ordinary and everyday posts (cleared).
 * The rule, fixed before the first run: the shipped `CRISIS_MODEL_VETO` is the lowest τ of the grid
 * at which at most 0.5% of the categories the terms rightly find are lost.
 *
 *   node dist-tools/tools/train/crisis-folds.js [--sets DIR] [--everyday DIR] [--folds N] [--seed N]
 */
import { join } from 'node:path';
import { CrisisDetector } from '../../src/classifiers/crisis.js';
import { CRISIS_CLASSES, CRISIS_MODEL_VETO, type CrisisClass } from '../../src/classifiers/crisis-model.js';
import { normalizeText } from '../../src/classifiers/normalize.js';
import { decodeModel, encodeModel } from '../../src/classifiers/sentiment/model.js';
import { asShipped, seededRandom } from '../../src/classifiers/sentiment/train.js';
import { packageRoot } from '../../src/package-root.js';
import { toolArgs } from '../args.js';
import { SET_LANGUAGES } from '../eval/crisis-sets.js';
import { CrisisFeatures, developmentSets, FOLD_BITS, ISO, languageRows, trainCrisis } from './crisis-data.js';

const GRID = [0.8, 0.9, 0.95, 0.98, 0.99];
/** The share of rightly found categories the veto may lose at the chosen τ. */
const MAX_LOST = 0.005;

const root = packageRoot(import.meta.url);
const { values } = toolArgs('train:crisis-folds', 'usage: npm run train:crisis-folds -- [--sets DIR] [--everyday DIR] [--folds N] [--seed N]\n', {
  sets: { type: 'string', default: join(root, 'test', 'fixtures', 'crisis') },
  everyday: { type: 'string', default: join(root, '..', 'shared', 'data', 'train') },
  folds: { type: 'string', default: '5' },
  seed: { type: 'string', default: '13' },
});

/** Out-of-fold P(none) of the rows whose terms found a category, by kind of row. */
interface Scored {
  /** Crisis posts, for each category the terms found that the writer meant. */
  right: number[];
  /** Crisis posts, categories the terms found that the writer did not mean. */
  wrong: number[];
  /** Ordinary posts of the labelled sets, each category the terms found. */
  ordinary: number[];
  everyday: number[];
}

async function main(): Promise<void> {
  const seed = Number(values.seed);
  const k = Number(values.folds);
  if (!Number.isInteger(seed)) throw new Error(`--seed ${values.seed}: not an integer`);
  if (!Number.isInteger(k) || k < 2) throw new Error(`--folds ${values.folds}: expected an integer of at least 2`);
  const { files, posts } = await developmentSets(values.sets);
  const features = new CrisisFeatures();
  const detector = new CrisisDetector();
  const all: Scored = { right: [], wrong: [], ordinary: [], everyday: [] };
  process.stdout.write(`out-of-fold check of the crisis model's veto: ${k} folds (seed ${seed}) over ${files.join(', ')} and ${values.everyday}\n`);
  for (const lang of SET_LANGUAGES) {
    const t0 = performance.now();
    const iso = ISO[lang];
    const rows = await languageRows(lang, posts, values.everyday);
    const examples = features.examples(iso, rows);
    const random = seededRandom(seed);
    const fold = rows.map(() => Math.floor(random() * k));
    const found = rows.map((r) => {
      const n = normalizeText(r.text);
      return detector.detect(n.normalized, n.compoundHashtags, []).categories;
    });
    const p = new Float64Array(CRISIS_CLASSES.length);
    for (let f = 0; f < k; f++) {
      const trained = asShipped(trainCrisis(examples.filter((_, i) => fold[i] !== f).flat(), seed), features.settings(iso).weightBits);
      const bytes = encodeModel<CrisisClass>({ lang: iso, classes: [...CRISIS_CLASSES], features: features.settings(iso), foldBits: FOLD_BITS, training: {} }, trained.weights, trained.bias);
      const model = decodeModel<CrisisClass>(bytes, `fold ${f}`, CRISIS_CLASSES);
      const noneAt = model.classes.indexOf('none');
      rows.forEach((row, i) => {
        const categories = found[i] ?? [];
        const first = examples[i]?.[0];
        if (fold[i] !== f || categories.length === 0 || !first) return;
        model.probabilities({ idx: first.idx, val: first.val, n: first.idx.length }, p);
        const none = p[noneAt] ?? 0;
        for (const c of categories) {
          if (row.everyday) all.everyday.push(none);
          else if (row.classes.includes('none')) all.ordinary.push(none);
          else (row.classes.includes(c) ? all.right : all.wrong).push(none);
        }
      });
    }
    process.stdout.write(`  ${iso}: ${rows.length} rows, ${found.filter((c) => c.length > 0).length} with a category from the terms; ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  const at = (xs: number[], t: number) => xs.filter((x) => x >= t).length;
  const pct = (n: number, of: number) => `${n}/${of} (${of === 0 ? '-' : ((100 * n) / of).toFixed(1)}%)`;
  process.stdout.write(`\ncategories the terms found, taken back by the model at P(none) ≥ τ (out of fold):\n`);
  process.stdout.write(`  ${'τ'.padEnd(6)}${'meant by the writer (lost)'.padEnd(30)}${'not meant'.padEnd(20)}${'ordinary posts'.padEnd(20)}everyday posts\n`);
  let chosen: number | undefined;
  for (const t of GRID) {
    const lost = at(all.right, t);
    if (chosen === undefined && lost <= MAX_LOST * all.right.length) chosen = t;
    process.stdout.write(
      `  ${String(t).padEnd(6)}${pct(lost, all.right.length).padEnd(30)}${pct(at(all.wrong, t), all.wrong.length).padEnd(20)}${pct(at(all.ordinary, t), all.ordinary.length).padEnd(20)}${pct(at(all.everyday, t), all.everyday.length)}\n`,
    );
  }
  process.stdout.write(`\nlowest τ losing at most ${MAX_LOST * 100}% of the rightly found categories: ${chosen ?? 'none of the grid'}; shipped CRISIS_MODEL_VETO: ${CRISIS_MODEL_VETO}\n`);
  console.log(JSON.stringify({ folds: k, seed, grid: GRID, chosen: chosen ?? null, shipped: CRISIS_MODEL_VETO, rows: { right: all.right.length, wrong: all.wrong.length, ordinary: all.ordinary.length, everyday: all.everyday.length }, lost: GRID.map((t) => at(all.right, t)), cleared: { ordinary: GRID.map((t) => at(all.ordinary, t)), everyday: GRID.map((t) => at(all.everyday, t)) } }));
}

main().catch((err: unknown) => {
  process.stderr.write(`train:crisis-folds: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
