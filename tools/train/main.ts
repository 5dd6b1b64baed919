/**
 * `npm run train`: trains the sentiment models from the labelled rows in ../shared/data/train
 * and ../shared/data/eval (or --train/--dev), with the development sets of posts about brands in
 * test/fixtures/sentiment (or --brand DIR; `--brand ''` for none), and writes
 * models/sentiment-<lang>.bin. Reproducible: a fixed seed gives the same bytes (the SHA-256 is
 * printed). The rows of ../shared never leave the data directories: only weights are written.
 *
 *   node dist-tools/tools/train/main.js [--train DIR] [--dev DIR] [--brand DIR] [--out DIR] [--langs eng,fra] [--seed N]
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { MODELS_DIR, modelFile } from '../../src/classifiers/sentiment/registry.js';
import { MODEL_FILES } from '../../src/classifiers/sentiment/dataset.js';
import { packageRoot } from '../../src/package-root.js';
import { toolArgs } from '../args.js';
import { trainLanguage } from './language.js';

const { values } = toolArgs('train', 'usage: npm run train -- [--train DIR] [--dev DIR] [--brand DIR] [--out DIR] [--langs cmn,eng,fra] [--seed N]\n', {
  train: { type: 'string', default: '../shared/data/train' },
  dev: { type: 'string', default: '../shared/data/eval' },
  brand: { type: 'string', default: join(packageRoot(import.meta.url), 'test', 'fixtures', 'sentiment') },
  out: { type: 'string', default: MODELS_DIR },
  langs: { type: 'string', default: Object.keys(MODEL_FILES).join(',') },
  seed: { type: 'string', default: '13' },
});

async function main(): Promise<void> {
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error(`--seed ${values.seed}: not an integer`);
  const out = resolve(values.out);
  await mkdir(out, { recursive: true });
  const langs = values.langs.split(',').map((l) => l.trim()).filter(Boolean);
  const started = performance.now();
  process.stdout.write(`training sentiment models (seed ${seed}) from ${[values.train, values.dev, values.brand].filter(Boolean).join(', ')} into ${out}\n`);
  for (const lang of langs) {
    const t0 = performance.now();
    const trained = await trainLanguage(lang, { train: values.train, dev: values.dev, brand: values.brand || undefined }, { seed, progress: (line) => process.stderr.write(`  ${line}\n`) });
    const file = modelFile(out, lang);
    await writeFile(file, trained.bytes);
    const sha = createHash('sha256').update(trained.bytes).digest('hex').slice(0, 16);
    const p = trained.params;
    process.stdout.write(
      `  ${lang}: ${trained.rows} rows (${trained.classes.join('/')}), epochs ${p.epochs}, l2 ${p.l2}, related ${p.related}; ` +
        `selection CV ${(trained.selectionAccuracy * 100).toFixed(1)}%; ${trained.neutral ? `neutral between scores ${trained.neutral.low} and ${trained.neutral.high}; ` : ''}${(trained.bytes.length / 1024).toFixed(0)} KiB, sha256 ${sha}; ` +
        `${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
    );
    const bw = trained.brandWeighing;
    if (bw) {
      const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
      const each = bw.scores.map((s) => `${s.weight}: brand posts ${pct(s.brand)}, people ${pct(s.people)}${s.peopleHeldOut !== undefined ? ` (held out ${pct(s.peopleHeldOut)})` : ''}${s.keepsPeople ? '' : ', too low'}`).join('; ');
      process.stdout.write(`    posts about brands weigh ${bw.weight} (${each})\n`);
    }
    const bb = trained.brandBand;
    if (bb) {
      const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
      const recalls = (r: { neg: number; neu: number; pos: number }) => `neg ${pct(r.neg)}, neu ${pct(r.neu)}, pos ${pct(r.pos)}`;
      process.stdout.write(
        `    band read off ${bb.posts} posts about brands (out of fold): balanced accuracy ${pct(bb.before.balancedAccuracy)} with people's band (${recalls(bb.before.recall)}) → ` +
          `${pct(bb.balancedAccuracy)} (${recalls(bb.recall)})\n`,
      );
    }
  }
  process.stdout.write(`done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`train: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
