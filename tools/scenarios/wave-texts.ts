/**
 * `--wave-texts FILE,...`: the crisis posts of a suite told in other writers' words. The suite's own
 * templates are few and the terms know their words, so a suite that passes with them says little
 * about waves told otherwise; this puts posts of labelled sets (test/fixtures/crisis, the held-out
 * ones especially: written by people who never saw the terms) in place of every crisis post, with
 * the brand's name in front, each of a category that kind of wave is made of and of the post's
 * language. Times, authors, platforms and every other post stay what they are without it. A
 * labelled post that names one of the suite's brands is left out (`namesSuiteBrand`).
 */
import { BrandMatcher } from '../../src/classifiers/brands.js';
import { normalizeText } from '../../src/classifiers/normalize.js';
import type { CrisisCategory } from '../../src/types.js';
import type { DemoLang } from '../demo/scenario.js';
import { readCrisisSet, type LabelledPost } from '../eval/crisis-sets.js';
import { suiteConfig } from './brands.js';
import type { TextKind } from './writer.js';

/** What each crisis kind of the suite is made of: a labelled post wanting any of these stands in for it. */
export const WAVE_CATEGORIES: Partial<Record<TextKind, readonly CrisisCategory[]>> = {
  boycott: ['boycott'],
  safety: ['safety'],
  allergy: ['safety'],
  // The cross-platform story (the demo's kind): customers insulted and pushed, then calls to stop buying.
  crisis: ['discrimination', 'violence', 'boycott'],
  service: ['service'],
};

/** Labelled crisis posts by the suite's crisis kind and language. */
export interface WaveTexts {
  rows: Partial<Record<TextKind, Record<DemoLang, readonly string[]>>>;
  /** The files they came from, for suite.yaml. */
  files: readonly string[];
  /** Crisis posts left out because they name one of the suite's brands. */
  leftOut: number;
}

/**
 * Whether a text names one of the suite's brands, as the scenarios' configs match them (the real
 * brand matcher, every name and alias). A writer who never saw the suite may have invented a
 * "Kestrel" car maker: told as another brand's wave, such a post would also be a post about the
 * suite's Kestrel, a bystander, and make it a false alarm that is the test data's, not the rules'.
 */
export function namesSuiteBrand(): (text: string) => boolean {
  const matcher = new BrandMatcher(suiteConfig().brands);
  return (text) => {
    const n = normalizeText(text);
    return matcher.match(n.normalized, n.compoundHashtags).length > 0;
  };
}

/**
 * Sorts labelled posts by the kinds they can stand in for; every kind needs a post in each language.
 * Posts that `namesBrand` says name a brand of the suite are left out.
 */
export function waveTextsFrom(posts: readonly LabelledPost[], files: readonly string[], namesBrand: (text: string) => boolean = () => false): WaveTexts {
  const rows: WaveTexts['rows'] = {};
  const missing: string[] = [];
  const waveCategories = new Set(Object.values(WAVE_CATEGORIES).flat());
  const candidates = posts.filter((p) => p.want.some((c) => waveCategories.has(c)));
  const usable = candidates.filter((p) => !namesBrand(p.text));
  for (const [kind, categories] of Object.entries(WAVE_CATEGORIES) as [TextKind, readonly CrisisCategory[]][]) {
    const byLang: Record<DemoLang, string[]> = { zh: [], en: [], fr: [] };
    for (const p of usable) if (p.want.some((c) => categories.includes(c))) byLang[p.lang].push(p.text.replace(/\s+/g, ' ').trim());
    for (const lang of Object.keys(byLang) as DemoLang[]) if (byLang[lang].length === 0) missing.push(`${kind} (${categories.join(' or ')}) in ${lang}`);
    rows[kind] = byLang;
  }
  if (missing.length > 0) throw new Error(`--wave-texts ${files.join(',')}: no labelled post for ${missing.join('; ')}`);
  return { rows, files, leftOut: candidates.length - usable.length };
}

export async function readWaveTexts(files: readonly string[]): Promise<WaveTexts> {
  const posts: LabelledPost[] = [];
  if (files.length === 0) throw new Error('--wave-texts: name at least one labelled set (a .jsonl file of test/fixtures/crisis)');
  for (const f of files) {
    try {
      posts.push(...(await readCrisisSet(f)));
    } catch (e) {
      // A bad line already names its file and line; a missing file says only ENOENT.
      throw (e as NodeJS.ErrnoException).code ? new Error(`--wave-texts: cannot read ${f} (${(e as Error).message})`) : e;
    }
  }
  return waveTextsFrom(posts, files, namesSuiteBrand());
}
