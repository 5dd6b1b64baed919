/**
 * `npm run eval:crisis [-- FILE.jsonl ... | --ordinary DIR | --json]`: how many crisis posts Vigie
 * finds the category of (crisis terms, then the trained crisis model), and how many ordinary posts
 * it wrongly gives a category that can page, beside the terms alone and the keyword query a team
 * would type (keyword-query.ts), measured in the same run.
 *
 * Sets: test/fixtures/crisis/*.jsonl by default (crisis-sets.ts gives the format). Ordinary posts:
 * the sentiment sets of ../shared/data (eval and train, English, French, Chinese), when that
 * folder is there, each prefixed with a brand name as a watched post would be; nothing of them
 * is stored in the repository. A set written after the terms it measures is the honest figure;
 * a set the terms were written against (or the model trained on) shows only that they hold. The
 * crisis model is trained on the development sets and the `train` part of the everyday posts
 * (npm run train:crisis): the held-out sets and the `eval` part are what judge it.
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Classification } from '../../src/classifiers/classifier.js';
import { CrisisDetector } from '../../src/classifiers/crisis.js';
import { CrisisModelClassifier } from '../../src/classifiers/crisis-model.js';
import { SentimentScorer } from '../../src/classifiers/sentiment.js';
import { readEvalTsv } from '../../src/classifiers/eval/tsv.js';
import { normalizeText } from '../../src/classifiers/normalize.js';
import { packageRoot } from '../../src/package-root.js';
import { CRISIS_CATEGORIES, type CrisisCategory } from '../../src/types.js';
import { PAGING, readCrisisSet, scoreSet, SET_LANGUAGES, total, type SetScore, type Tally } from './crisis-sets.js';
import { toolArgs } from '../args.js';
import { keywordQuery } from './keyword-query.js';

const root = packageRoot(import.meta.url);
const { values, positionals } = toolArgs(
  'eval:crisis',
  'usage: npm run eval:crisis -- [--ordinary DIR] [--json] [SET.jsonl ...]\n',
  { ordinary: { type: 'string' }, json: { type: 'boolean', default: false } },
  true,
);

const fixtures = join(root, 'test', 'fixtures', 'crisis');
const files = positionals.length > 0 ? positionals : (await readdir(fixtures)).filter((f) => f.endsWith('.jsonl')).sort().map((f) => join(fixtures, f));

const detector = new CrisisDetector();
const sentiment = new SentimentScorer({ languages: ['cmn', 'eng', 'fra'] });
const model = new CrisisModelClassifier({ lexicon: sentiment.lexicon });
const ISO = { zh: 'cmn', en: 'eng', fr: 'fra' } as const;
const termsOnly = (text: string): readonly CrisisCategory[] => {
  const n = normalizeText(text);
  return detector.detect(n.normalized, n.compoundHashtags, []).categories;
};
/** As the classify chain does it: terms, then the model (here with the language the set says, about one brand). */
const vigie = (text: string, lang: keyof typeof ISO): readonly CrisisCategory[] => {
  const n = normalizeText(text);
  // As the classify chain runs them, with the set's language and about one brand: sentiment, terms, model.
  const work = { normalized: n.normalized, lang: ISO[lang], brands: ['acme'] } as Classification;
  sentiment.apply(work);
  work.crisis = detector.detect(n.normalized, n.compoundHashtags, []);
  model.apply(work);
  return work.crisis.categories;
};
const keywords = keywordQuery();

const pct = (t: Tally): string => (t.of === 0 ? '-' : `${((100 * t.found) / t.of).toFixed(0)}%`);
const cell = (t: Tally): string => `${t.found}/${t.of} ${pct(t)}`.padStart(13);

interface Scores {
  vigie: SetScore;
  termsOnly: SetScore;
  keywordQuery: SetScore;
}

function table(name: string, r: Scores): string {
  const lines = [`${name}`, `  ${''.padEnd(16)}${'vigie'.padStart(13)}  ${'terms only'.padStart(13)}  ${'keyword query'.padStart(13)}`];
  const row = (label: string, pick: (s: SetScore) => Tally) => lines.push(`  ${label.padEnd(16)}${cell(pick(r.vigie))}  ${cell(pick(r.termsOnly))}  ${cell(pick(r.keywordQuery))}`);
  lines.push('  crisis posts whose category was found');
  for (const lang of SET_LANGUAGES) if (r.vigie.crisisByLanguage[lang].of > 0) row(`  ${lang}`, (s) => s.crisisByLanguage[lang]);
  row('  all', (s) => total(s.crisisByLanguage));
  lines.push('  by category');
  for (const c of CRISIS_CATEGORIES) if (r.vigie.byCategory[c].of > 0) row(`  ${c}`, (s) => s.byCategory[c]);
  if (total(r.vigie.ordinaryPagedByLanguage).of > 0) {
    lines.push(`  ordinary posts given a category that can page (${PAGING.join(', ')}): lower is better`);
    for (const lang of SET_LANGUAGES) if (r.vigie.ordinaryPagedByLanguage[lang].of > 0) row(`  ${lang}`, (s) => s.ordinaryPagedByLanguage[lang]);
    row('  all', (s) => total(s.ordinaryPagedByLanguage));
  }
  return lines.join('\n');
}

const report: Record<string, Scores> = {};
for (const file of files) {
  const posts = await readCrisisSet(file);
  const result = { vigie: scoreSet(posts, vigie), termsOnly: scoreSet(posts, termsOnly), keywordQuery: scoreSet(posts, keywords) };
  report[basename(file)] = result;
  if (!values.json) console.log(`${table(`${basename(file)}: ${posts.length} posts`, result)}\n`);
}

// Everyday posts of the sentiment sets, which hold no crisis Vigie should page for. The crisis
// model learnt from the `train` part: the `eval` part is the fair figure for it.
const ordinaryDir = values.ordinary ?? join(root, '..', 'shared', 'data');
const everyday: Record<string, { posts: number; vigie: number; termsOnly: number; keywordQuery: number }> = {};
if (existsSync(ordinaryDir)) {
  for (const part of ['eval', 'train'] as const) {
    for (const lang of SET_LANGUAGES) {
      const file = join(ordinaryDir, part, `sentiment_${lang}.tsv`);
      if (!existsSync(file)) continue;
      const texts = (await readEvalTsv(file)).rows.map((r) => `Acme ${r.text}`);
      const paged = (find: (t: string) => readonly CrisisCategory[]) => texts.filter((t) => find(t).some((c) => PAGING.includes(c))).length;
      everyday[`${part}:${lang}`] = { posts: texts.length, vigie: paged((t) => vigie(t, lang)), termsOnly: paged(termsOnly), keywordQuery: paged(keywords) };
    }
  }
  if (!values.json && Object.keys(everyday).length > 0) {
    console.log(`everyday posts of ${ordinaryDir} (sentiment sets; the crisis model learnt from train, not eval) given a category that can page: lower is better`);
    for (const [key, e] of Object.entries(everyday)) {
      const share = (n: number) => `${n} (${((100 * n) / e.posts).toFixed(2)}%)`;
      console.log(`  ${key.padEnd(9)} ${String(e.posts).padStart(6)} posts   vigie ${share(e.vigie).padStart(12)}   terms only ${share(e.termsOnly).padStart(12)}   keyword query ${share(e.keywordQuery).padStart(12)}`);
    }
    console.log('');
  }
} else if (values.ordinary !== undefined) {
  throw new Error(`--ordinary ${values.ordinary}: no such folder`);
}

console.log(JSON.stringify({ eval: 'crisis', sets: report, everyday }));
