/**
 * `npm run eval:crisis [-- FILE.jsonl ... | --ordinary DIR | --json]`: how many crisis posts the
 * crisis terms find, and how many ordinary posts they wrongly give a category that can page,
 * beside the keyword query a team would type (keyword-query.ts), measured in the same run.
 *
 * Sets: test/fixtures/crisis/*.jsonl by default (crisis-sets.ts gives the format). Ordinary posts:
 * the sentiment sets of ../shared/data (eval and train, English, French, Chinese), when that
 * folder is there, each prefixed with a brand name as a watched post would be; nothing of them
 * is stored in the repository. A set written after the terms it measures is the honest figure;
 * a set the terms were written against shows only that they hold.
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { CrisisDetector } from '../../src/classifiers/crisis.js';
import { readEvalTsv } from '../../src/classifiers/eval/tsv.js';
import { normalizeText } from '../../src/classifiers/normalize.js';
import { packageRoot } from '../../src/package-root.js';
import { CRISIS_CATEGORIES, type CrisisCategory } from '../../src/types.js';
import { PAGING, readCrisisSet, scoreSet, SET_LANGUAGES, total, type SetScore, type Tally } from './crisis-sets.js';
import { keywordQuery } from './keyword-query.js';

const root = packageRoot(import.meta.url);
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { ordinary: { type: 'string' }, json: { type: 'boolean', default: false } },
});

const fixtures = join(root, 'test', 'fixtures', 'crisis');
const files = positionals.length > 0 ? positionals : (await readdir(fixtures)).filter((f) => f.endsWith('.jsonl')).sort().map((f) => join(fixtures, f));

const detector = new CrisisDetector();
const vigie = (text: string): readonly CrisisCategory[] => {
  const n = normalizeText(text);
  return detector.detect(n.normalized, n.compoundHashtags, []).categories;
};
const keywords = keywordQuery();

const pct = (t: Tally): string => (t.of === 0 ? '-' : `${((100 * t.found) / t.of).toFixed(0)}%`);
const cell = (t: Tally): string => `${t.found}/${t.of} ${pct(t)}`.padStart(13);

function table(name: string, ours: SetScore, theirs: SetScore): string {
  const lines = [`${name}`, `  ${''.padEnd(16)}${'vigie'.padStart(13)}  ${'keyword query'.padStart(13)}`];
  const row = (label: string, a: Tally, b: Tally) => lines.push(`  ${label.padEnd(16)}${cell(a)}  ${cell(b)}`);
  lines.push('  crisis posts whose category was found');
  for (const lang of SET_LANGUAGES) if (ours.crisisByLanguage[lang].of > 0) row(`  ${lang}`, ours.crisisByLanguage[lang], theirs.crisisByLanguage[lang]);
  row('  all', total(ours.crisisByLanguage), total(theirs.crisisByLanguage));
  lines.push('  by category');
  for (const c of CRISIS_CATEGORIES) if (ours.byCategory[c].of > 0) row(`  ${c}`, ours.byCategory[c], theirs.byCategory[c]);
  const ordinary = total(ours.ordinaryPagedByLanguage);
  if (ordinary.of > 0) {
    lines.push(`  ordinary posts given a category that can page (${PAGING.join(', ')}): lower is better`);
    for (const lang of SET_LANGUAGES) if (ours.ordinaryPagedByLanguage[lang].of > 0) row(`  ${lang}`, ours.ordinaryPagedByLanguage[lang], theirs.ordinaryPagedByLanguage[lang]);
    row('  all', ordinary, total(theirs.ordinaryPagedByLanguage));
  }
  return lines.join('\n');
}

const report: Record<string, { vigie: SetScore; keywordQuery: SetScore }> = {};
for (const file of files) {
  const posts = await readCrisisSet(file);
  const result = { vigie: scoreSet(posts, vigie), keywordQuery: scoreSet(posts, keywords) };
  report[basename(file)] = result;
  if (!values.json) console.log(`${table(`${basename(file)}: ${posts.length} posts`, result.vigie, result.keywordQuery)}\n`);
}

// Everyday posts of the sentiment sets, which hold no crisis the terms should page for.
const ordinaryDir = values.ordinary ?? join(root, '..', 'shared', 'data');
const everyday: Record<string, { posts: number; vigie: number; keywordQuery: number }> = {};
if (existsSync(ordinaryDir)) {
  for (const [lang, code] of [['zh', 'zh'], ['en', 'en'], ['fr', 'fr']] as const) {
    const texts: string[] = [];
    for (const part of ['eval', 'train']) {
      const file = join(ordinaryDir, part, `sentiment_${code}.tsv`);
      if (existsSync(file)) texts.push(...(await readEvalTsv(file)).rows.map((r) => `Acme ${r.text}`));
    }
    if (texts.length === 0) continue;
    const paged = (find: (t: string) => readonly CrisisCategory[]) => texts.filter((t) => find(t).some((c) => PAGING.includes(c))).length;
    everyday[lang] = { posts: texts.length, vigie: paged(vigie), keywordQuery: paged(keywords) };
  }
  if (!values.json && Object.keys(everyday).length > 0) {
    console.log(`everyday posts of ${ordinaryDir} (sentiment sets, eval + train) given a category that can page: lower is better`);
    for (const [lang, e] of Object.entries(everyday)) {
      const share = (n: number) => `${n} (${((100 * n) / e.posts).toFixed(2)}%)`;
      console.log(`  ${lang}  ${String(e.posts).padStart(6)} posts   vigie ${share(e.vigie).padStart(12)}   keyword query ${share(e.keywordQuery).padStart(12)}`);
    }
    console.log('');
  }
} else if (values.ordinary !== undefined) {
  throw new Error(`--ordinary ${values.ordinary}: no such folder`);
}

console.log(JSON.stringify({ eval: 'crisis', sets: report, everyday }));
