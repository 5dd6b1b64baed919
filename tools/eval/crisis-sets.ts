/**
 * Labelled crisis posts (test/fixtures/crisis/*.jsonl): one JSON object a line,
 * `{"lang": "zh" | "en" | "fr", "want": ["boycott", ...], "text": "..."}`, `want: []` for an
 * ordinary post that borrows crisis words. Read here, scored against any finder of categories.
 */
import { readFile } from 'node:fs/promises';
import { InputError } from '../../src/errors.js';
import { CRISIS_CATEGORIES, type CrisisCategory } from '../../src/types.js';
import { jsonlRows } from '../../src/classifiers/eval/jsonl-rows.js';

export const SET_LANGUAGES = ['zh', 'en', 'fr'] as const;
export type SetLanguage = (typeof SET_LANGUAGES)[number];

/** The categories that can page as critical (`criticalMetrics` of the surge rule). */
export const PAGING: readonly CrisisCategory[] = ['boycott', 'discrimination', 'violence', 'safety'];

export interface LabelledPost {
  lang: SetLanguage;
  want: CrisisCategory[];
  text: string;
}

export function parseCrisisSet(content: string, file: string): LabelledPost[] {
  return jsonlRows(content, file).map(({ row, where }) => {
    const { lang, want, text } = row;
    if (!SET_LANGUAGES.includes(lang as SetLanguage)) throw new InputError(`"lang" must be one of ${SET_LANGUAGES.join(', ')}`, where);
    if (typeof text !== 'string' || text.trim() === '') throw new InputError('"text" must be a non-empty string', where);
    if (!Array.isArray(want) || !want.every((c) => CRISIS_CATEGORIES.includes(c as CrisisCategory))) {
      throw new InputError(`"want" must be a list of categories (${CRISIS_CATEGORIES.join(', ')}), [] for an ordinary post`, where);
    }
    return { lang: lang as SetLanguage, want: want as CrisisCategory[], text };
  });
}

export async function readCrisisSet(file: string): Promise<LabelledPost[]> {
  return parseCrisisSet(await readFile(file, 'utf8'), file);
}

export interface Tally {
  found: number;
  of: number;
}

export interface SetScore {
  /** Crisis posts where at least one wanted category was found, by language. */
  crisisByLanguage: Record<SetLanguage, Tally>;
  /** Crisis posts where that category was found, by category (a post counts once per category it wants). */
  byCategory: Record<CrisisCategory, Tally>;
  /** Ordinary posts given a category that can page, by language (`found` = wrongly paged). */
  ordinaryPagedByLanguage: Record<SetLanguage, Tally>;
}

const tallies = <K extends string>(keys: readonly K[]): Record<K, Tally> =>
  Object.fromEntries(keys.map((k) => [k, { found: 0, of: 0 }])) as Record<K, Tally>;

/** Scores one finder (text → categories) on a set. */
export function scoreSet(posts: readonly LabelledPost[], find: (text: string, lang: SetLanguage) => readonly CrisisCategory[]): SetScore {
  const score: SetScore = {
    crisisByLanguage: tallies(SET_LANGUAGES),
    byCategory: tallies(CRISIS_CATEGORIES),
    ordinaryPagedByLanguage: tallies(SET_LANGUAGES),
  };
  for (const post of posts) {
    const got = find(post.text, post.lang);
    if (post.want.length > 0) {
      const lang = score.crisisByLanguage[post.lang];
      lang.of++;
      if (post.want.some((c) => got.includes(c))) lang.found++;
      for (const c of post.want) {
        score.byCategory[c].of++;
        if (got.includes(c)) score.byCategory[c].found++;
      }
    } else {
      const lang = score.ordinaryPagedByLanguage[post.lang];
      lang.of++;
      if (got.some((c) => PAGING.includes(c))) lang.found++;
    }
  }
  return score;
}

export function total(t: Record<string, Tally>): Tally {
  return Object.values(t).reduce((sum, x) => ({ found: sum.found + x.found, of: sum.of + x.of }), { found: 0, of: 0 });
}
