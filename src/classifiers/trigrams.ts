/**
 * franc's language models and distance, computed the way franc computes them but only for the
 * candidate languages and without franc's per-call overhead (trigram-utils builds and sorts
 * tuples through several intermediate strings; this takes a third of the time). The answers are
 * franc's: test/classifiers/language.test.ts checks them against `francAll` itself.
 */
import { data } from 'franc/data.js';

/** franc's penalty for a trigram the language model does not have. */
const MAX_DIFFERENCE = 300;
/** franc reads at most this much of a text. */
const MAX_LENGTH = 2048;

export interface LanguageDistance {
  lang: string;
  distance: number;
  /** franc's normalised score: 1 for the best, lower for the others. */
  score: number;
}

interface Model {
  lang: string;
  ranks: Map<string, number>;
}

const PUNCTUATION_AND_DIGITS = /[\u0021-\u0040]+/g;
const WHITESPACE = /\s+/g;

/** trigram-utils' `clean`: ASCII punctuation and digits to spaces, collapsed, trimmed, lower case. */
export function cleanForTrigrams(text: string): string {
  return text.replace(PUNCTUATION_AND_DIGITS, ' ').replace(WHITESPACE, ' ').trim().toLowerCase();
}

export class TrigramScorer {
  private readonly groups = new Map<string, Model[]>();

  /** @param languages candidate ISO 639-3 codes; those franc has no trigram model for are ignored. */
  constructor(languages: readonly string[]) {
    const wanted = new Set(languages);
    for (const [group, models] of Object.entries(data) as [string, Record<string, string>][]) {
      const chosen: Model[] = [];
      for (const [lang, model] of Object.entries(models)) {
        if (!wanted.has(lang)) continue;
        const ranks = new Map<string, number>();
        model.split('|').forEach((trigram, rank) => ranks.set(trigram, rank));
        chosen.push({ lang, ranks });
      }
      if (chosen.length > 0) this.groups.set(group, chosen);
    }
  }

  /** Candidate languages written in a franc script group (`Latin`, `Cyrillic`, `Arabic`, ...). */
  languagesOf(group: string): string[] {
    return (this.groups.get(group) ?? []).map((m) => m.lang);
  }

  /** Every candidate of the group, nearest first, as franc would rank them. */
  rank(text: string, group: string): LanguageDistance[] {
    const models = this.groups.get(group);
    if (!models || models.length === 0) return [];
    const sample = text.length > MAX_LENGTH ? text.slice(0, MAX_LENGTH) : text;
    const counts = countTrigrams(sample);
    const out: LanguageDistance[] = models.map((model) => {
      let distance = 0;
      for (const [trigram, count] of counts) {
        const rank = model.ranks.get(trigram);
        if (rank === undefined) distance += MAX_DIFFERENCE;
        else {
          // franc compares a trigram's count in the text with its rank in the model.
          const difference = count - rank - 1;
          distance += difference < 0 ? -difference : difference;
        }
      }
      return { lang: model.lang, distance, score: 0 };
    });
    out.sort((a, b) => a.distance - b.distance);
    const min = out[0]?.distance ?? 0;
    const max = sample.length * MAX_DIFFERENCE - min;
    for (const d of out) d.score = 1 - (d.distance - min) / max || 0;
    return out;
  }
}

function countTrigrams(text: string): Map<string, number> {
  const padded = ` ${cleanForTrigrams(text)} `;
  const counts = new Map<string, number>();
  for (let i = 0; i + 3 <= padded.length; i++) {
    const trigram = padded.slice(i, i + 3);
    counts.set(trigram, (counts.get(trigram) ?? 0) + 1);
  }
  return counts;
}
