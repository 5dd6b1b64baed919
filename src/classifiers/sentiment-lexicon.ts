/**
 * The lexicon scorer: Vigie's sentiment before the trained models, kept for three uses. Its
 * total is one feature of the trained models; it scores languages that have no model (emoji and
 * emoticons in every language, natural's vocabularies elsewhere); and `vigie eval` shows it as
 * a baseline. Words are scored by the post's language (Chinese with segmentation; the languages
 * natural has vocabularies for with natural's, completed for English and French); emoji and
 * emoticons count in every language. The sum, on AFINN's scale, is squashed into -1..1 the way
 * VADER does, so one clear word gives about ±0.6 and several agreeing words approach ±1.
 */
import type { Sentiment, SentimentLabel } from '../types.js';
import { ENGLISH, FRENCH, type LatinLanguageExtras } from './lexicons/sentiment-latin.js';
import { ChineseSentiment } from './sentiment/chinese.js';
import { LatinSentiment } from './sentiment/latin.js';
import { NATURAL_LANGUAGES, naturalVocabulary } from './sentiment/natural.js';
import { scoreSignals } from './sentiment/signals.js';

/** VADER's normalisation constant: score = total / sqrt(total² + ALPHA). */
const ALPHA = 15;

export interface LexiconOptions {
  /** Scores closer to 0 than this are labelled neutral. @default 0.05 */
  neutralBand?: number;
  /** Languages to prepare scorers for up front (others are prepared when first met). */
  languages?: readonly string[];
  /** Takes the scorers this one has prepared for those languages instead of preparing them again. */
  reuse?: LexiconSentiment;
}

const EXTRAS: Record<string, LatinLanguageExtras> = { eng: ENGLISH, fra: FRENCH };

/** Languages with a word-level lexicon scorer; the others get emoji and emoticons only. */
export const LEXICON_LANGUAGES: readonly string[] = ['cmn', ...NATURAL_LANGUAGES];

export function neutralSentiment(): Sentiment {
  return { score: 0, label: 'neu' };
}

/** `total` on AFINN's scale squashed into -1..1 (VADER's normalisation). */
export function squash(total: number): number {
  return total === 0 ? 0 : total / Math.sqrt(total * total + ALPHA);
}

export class LexiconSentiment {
  private readonly neutralBand: number;
  private readonly latin = new Map<string, LatinSentiment | null>();
  private chinese: ChineseSentiment | undefined;

  constructor(options: LexiconOptions = {}) {
    this.neutralBand = options.neutralBand ?? 0.05;
    for (const lang of options.languages ?? []) {
      // A language's scorer depends on nothing but the language: another lexicon's will do.
      if (lang === 'cmn') this.chinese = options.reuse?.chinese;
      else if (options.reuse?.latin.has(lang)) this.latin.set(lang, options.reuse.latin.get(lang) ?? null);
      this.wordScorer(lang);
    }
  }

  /** @param normalized text from the normaliser; @param lang ISO 639-3 or `und`. */
  score(normalized: string, lang: string): Sentiment {
    return this.fromTotal(this.total(normalized, lang));
  }

  /** Emoji, emoticons and words on AFINN's scale. */
  total(normalized: string, lang: string): number {
    let total = scoreSignals(normalized).total;
    const scorer = this.wordScorer(lang);
    if (scorer) total += scorer.score(normalized).total;
    return total;
  }

  /** The AFINN-scale total as a score in -1..1 and a label. */
  fromTotal(total: number): Sentiment {
    if (total === 0) return neutralSentiment();
    const score = Math.round(squash(total) * 1000) / 1000;
    const label: SentimentLabel = score >= this.neutralBand ? 'pos' : score <= -this.neutralBand ? 'neg' : 'neu';
    return { score, label };
  }

  /** The Chinese scorer (jieba and the lexicon), built on first use. */
  chineseScorer(): ChineseSentiment {
    this.chinese ??= new ChineseSentiment(this.latinFor('eng'));
    return this.chinese;
  }

  private wordScorer(lang: string): { score(text: string): { total: number } } | undefined {
    return lang === 'cmn' ? this.chineseScorer() : this.latinFor(lang);
  }

  private latinFor(lang: string): LatinSentiment | undefined {
    let scorer = this.latin.get(lang);
    if (scorer === undefined) {
      const natural = naturalVocabulary(lang);
      const extras = EXTRAS[lang];
      scorer = natural || extras ? new LatinSentiment(lang, natural, extras) : null;
      this.latin.set(lang, scorer);
    }
    return scorer ?? undefined;
  }
}
