/**
 * Sentiment: one score in -1..1 and a label with a neutral band. Words are scored by the
 * post's language (Chinese with segmentation; the languages natural has vocabularies for with
 * natural's, completed for English and French); emoji and emoticons count in every language.
 * The sum, on AFINN's scale, is squashed into -1..1 the way VADER does, so one clear word gives
 * about ±0.6 and several agreeing words approach ±1.
 */
import type { Sentiment, SentimentLabel } from '../types.js';
import type { Classification, Classifier } from './classifier.js';
import { ENGLISH, FRENCH, type LatinLanguageExtras } from './lexicons/sentiment-latin.js';
import { ChineseSentiment } from './sentiment/chinese.js';
import { LatinSentiment } from './sentiment/latin.js';
import { NATURAL_LANGUAGES, naturalVocabulary } from './sentiment/natural.js';
import { scoreSignals } from './sentiment/signals.js';

/** VADER's normalisation constant: score = total / sqrt(total² + ALPHA). */
const ALPHA = 15;

export interface SentimentOptions {
  /** Scores closer to 0 than this are labelled neutral. @default 0.05 */
  neutralBand?: number;
  /** Languages to prepare scorers for up front (others are prepared when first met). */
  languages?: readonly string[];
}

const EXTRAS: Record<string, LatinLanguageExtras> = { eng: ENGLISH, fra: FRENCH };

/** Languages with a word-level scorer; the others get emoji and emoticons only. */
export const SENTIMENT_LANGUAGES: readonly string[] = ['cmn', ...NATURAL_LANGUAGES];

export function neutralSentiment(): Sentiment {
  return { score: 0, label: 'neu' };
}

export class SentimentScorer implements Classifier {
  readonly name = 'sentiment';
  private readonly neutralBand: number;
  private readonly latin = new Map<string, LatinSentiment | null>();
  private chinese: ChineseSentiment | undefined;

  constructor(options: SentimentOptions = {}) {
    this.neutralBand = options.neutralBand ?? 0.05;
    for (const lang of options.languages ?? []) this.scorerFor(lang);
  }

  apply(work: Classification): void {
    work.sentiment = this.score(work.normalized, work.lang);
  }

  /** @param normalized text from the normaliser; @param lang ISO 639-3 or `und`. */
  score(normalized: string, lang: string): Sentiment {
    const signals = scoreSignals(normalized);
    let total = signals.total;
    const scorer = this.scorerFor(lang);
    if (scorer) total += scorer.score(normalized).total;
    return this.fromTotal(total);
  }

  /** The AFINN-scale total as a score in -1..1 and a label. */
  fromTotal(total: number): Sentiment {
    if (total === 0) return neutralSentiment();
    const score = Math.round((total / Math.sqrt(total * total + ALPHA)) * 1000) / 1000;
    const label: SentimentLabel = score >= this.neutralBand ? 'pos' : score <= -this.neutralBand ? 'neg' : 'neu';
    return { score, label };
  }

  private scorerFor(lang: string): { score(text: string): { total: number } } | undefined {
    if (lang === 'cmn') {
      this.chinese ??= new ChineseSentiment(this.latinFor('eng'));
      return this.chinese;
    }
    return this.latinFor(lang);
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
