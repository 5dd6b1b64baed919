/**
 * `npm run eval:brand-sentiment [-- FILE.jsonl ... | --models DIR | --json]`: how the sentiment
 * models read posts about brands (test/fixtures/sentiment/*.jsonl: reviews, questions, praise
 * with negations, complaints without a harsh word), beside the lexicon scorer, in the same run.
 *
 * The shipped models learn from people's posts (../shared/data: news, politics, daily life) and
 * from the development sets here (`development-*.jsonl`), so only the hard and held-out sets are
 * unseen by them and judge them (docs/sentiment.md). What alerting pays for is a wrong side: praise
 * counted among the negative posts (a brand's negative baseline, a false `negative-surge`) or anger
 * not counted (a slow burn missed), so those two are reported apart from the plain accuracy.
 * A file that cannot be read, or a bad row, stops the run with its file and line.
 */
import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { normalizeText } from '../../src/classifiers/normalize.js';
import { SentimentScorer } from '../../src/classifiers/sentiment.js';
import { hintToIso6393 } from '../../src/classifiers/lang-codes.js';
import { ModelRegistry } from '../../src/classifiers/sentiment/registry.js';
import { packageRoot } from '../../src/package-root.js';
import type { SentimentLabel } from '../../src/types.js';
import { readBrandSentimentSet, type BrandSentimentRow } from '../../src/classifiers/sentiment/brand-sets.js';
import { toolArgs } from '../args.js';

const { values, positionals } = toolArgs(
  'eval:brand-sentiment',
  'usage: npm run eval:brand-sentiment -- [--models DIR] [--json] [SET.jsonl ...]\n',
  { models: { type: 'string' }, json: { type: 'boolean', default: false } },
  true,
);

const fixtures = join(packageRoot(import.meta.url), 'test', 'fixtures', 'sentiment');
const files = positionals.length > 0 ? positionals : (await readdir(fixtures)).filter((f) => f.endsWith('.jsonl')).sort().map((f) => join(fixtures, f));

const scorers = {
  vigie: new SentimentScorer({ languages: ['cmn', 'eng', 'fra'], ...(values.models ? { models: new ModelRegistry(values.models) } : {}) }),
  lexicon: new SentimentScorer({ languages: ['cmn', 'eng', 'fra'], models: null }),
};

interface Tally {
  posts: number;
  right: number;
  /** Positive posts read as negative. */
  posAsNeg: number;
  /** Negative posts not read as negative. */
  negMissed: number;
  pos: number;
  neg: number;
}

const empty = (): Tally => ({ posts: 0, right: 0, posAsNeg: 0, negMissed: 0, pos: 0, neg: 0 });

function score(rows: readonly BrandSentimentRow[], scorer: SentimentScorer): Record<string, Tally> {
  const by: Record<string, Tally> = { all: empty() };
  for (const r of rows) {
    const got: SentimentLabel = scorer.score(normalizeText(r.text).normalized, hintToIso6393(r.lang) ?? 'und').label;
    for (const key of [r.lang, 'all']) {
      const t = (by[key] ??= empty());
      t.posts++;
      if (got === r.label) t.right++;
      if (r.label === 'pos') t.pos++;
      if (r.label === 'neg') t.neg++;
      if (r.label === 'pos' && got === 'neg') t.posAsNeg++;
      if (r.label === 'neg' && got !== 'neg') t.negMissed++;
    }
  }
  return by;
}

const pct = (n: number, of: number) => (of === 0 ? '-' : `${Math.round((n / of) * 100)}%`);
const results: Record<string, Record<string, Record<string, Tally>>> = {};
for (const file of files) {
  const rows = await readBrandSentimentSet(file).catch((err: unknown) => {
    process.stderr.write(`eval:brand-sentiment: ${(err as NodeJS.ErrnoException).code ? `cannot read ${file} (${(err as Error).message})` : (err as Error).message}\n`);
    process.exit(1);
  });
  const name = basename(file);
  const scored = { vigie: score(rows, scorers.vigie), lexicon: score(rows, scorers.lexicon) };
  results[name] = scored;
  if (values.json) continue;
  process.stdout.write(`\n${name}: ${rows.length} posts${values.models ? ` (models of ${values.models})` : ''}\n`);
  process.stdout.write(`  ${''.padEnd(6)} ${'vigie: right'.padStart(16)} ${'praise as neg'.padStart(14)} ${'anger missed'.padStart(13)}   ${'lexicon: right'.padStart(16)} ${'praise as neg'.padStart(14)} ${'anger missed'.padStart(13)}\n`);
  for (const key of Object.keys(scored.vigie)) {
    const cells = (['vigie', 'lexicon'] as const).map((s) => {
      const t = scored[s][key] ?? empty();
      return `${`${t.right}/${t.posts} ${pct(t.right, t.posts)}`.padStart(16)} ${`${t.posAsNeg}/${t.pos}`.padStart(14)} ${`${t.negMissed}/${t.neg}`.padStart(13)}`;
    });
    process.stdout.write(`  ${key.padEnd(6)} ${cells.join('   ')}\n`);
  }
}
process.stdout.write(`${values.json ? '' : '\n'}${JSON.stringify({ eval: 'brand-sentiment', ...(values.models ? { models: values.models } : {}), sets: results })}\n`);
