/**
 * Reads the everyday posts `--everyday` puts into a suite: the sentiment sets of ../shared/data
 * (people's own posts, Chinese from Weibo, English and French from X). Read where they are at
 * generation time; the rows never go into the repository.
 */
import { join } from 'node:path';
import { readEvalTsv } from '../../src/classifiers/eval/tsv.js';
import type { DemoLang } from '../demo/scenario.js';
import type { EverydayTexts } from './writer.js';

const FILES: Record<DemoLang, string> = { zh: 'sentiment_zh.tsv', en: 'sentiment_en.tsv', fr: 'sentiment_fr.tsv' };

/** The eval part by default: the crisis model learnt from the train part, so these are posts it never saw. */
export async function readEverydayTexts(dir: string, share: number): Promise<EverydayTexts & { dir: string }> {
  const rows = {} as Record<DemoLang, readonly string[]>;
  for (const [lang, name] of Object.entries(FILES) as [DemoLang, string][]) {
    const file = join(dir, name);
    try {
      rows[lang] = (await readEvalTsv(file)).rows.map((r) => r.text.replace(/\s+/g, ' ').trim());
    } catch (e) {
      throw new Error(`--everyday: cannot read ${file} (${(e as Error).message}); name the folder of sentiment_{zh,en,fr}.tsv with --everyday-from`);
    }
  }
  return { share, rows, dir };
}
