/**
 * Sentiment: a score in -1..1 and a label pos, neu or neg. Where a trained model ships for the
 * post's language (models/, see docs/sentiment.md) it decides: the score is P(pos) − P(neg)
 * and the label the likeliest class. Languages whose data has no neutral rows (Chinese) get a
 * two-class model: their posts are labelled neutral inside a band learned by calibration. Other
 * languages fall back on the lexicon scorer (emoji and emoticons everywhere, natural's
 * vocabularies where it has them), and so do posts without a word (emoji, numbers, links only).
 */
import type { Sentiment, SentimentLabel } from '../types.js';
import type { Classification, Classifier } from './classifier.js';
import { LexiconSentiment } from './sentiment-lexicon.js';
import { modelScore } from './sentiment/calibration.js';
import { featurizerFor } from './sentiment/dataset.js';
import { featureSettings, FeatureVector, type Featurizer } from './sentiment/features.js';
import type { LinearModel } from './sentiment/model.js';
import { ModelRegistry } from './sentiment/registry.js';

export { neutralSentiment } from './sentiment-lexicon.js';

/**
 * A two-class model without a learned band in its header (models trained before calibration):
 * neutral when P(pos) is between 0.4 and 0.6. Trained models carry their own band
 * (sentiment/calibration.ts).
 */
export const BINARY_NEUTRAL_BAND = 0.2;

export interface SentimentOptions {
  /** Lexicon scorer only: scores closer to 0 than this are neutral. @default 0.05 */
  neutralBand?: number;
  /** Languages whose lexicon scorer is prepared up front (models always load on first use). */
  languages?: readonly string[];
  /** Where the models come from; `null`: none, the lexicon scorer everywhere. */
  models?: ModelRegistry | null;
  /** Language scorers prepared beforehand (a prestarted classify thread's), taken for these languages. */
  preparedLexicon?: LexiconSentiment;
}

/** One language's model with its featurizer and reusable buffers. */
class ModelScorer {
  /** The last post's features: the crisis model reads them too when its settings are the same. */
  readonly vector = new FeatureVector();
  readonly settings: string;
  private readonly p: Float64Array;
  private readonly pos: number;
  private readonly neg: number;
  /** Two-class models: raw scores strictly between these are neutral. */
  private readonly neutralLow: number;
  private readonly neutralHigh: number;

  constructor(
    readonly model: LinearModel,
    private readonly featurizer: Featurizer,
  ) {
    this.p = new Float64Array(model.classes.length);
    this.settings = featureSettings(model.header.features);
    this.pos = model.classes.indexOf('pos');
    this.neg = model.classes.indexOf('neg');
    this.neutralLow = model.header.neutral?.low ?? -BINARY_NEUTRAL_BAND;
    this.neutralHigh = model.header.neutral?.high ?? BINARY_NEUTRAL_BAND;
  }

  /** The model's verdict, or undefined for a post without words (emoji, numbers, links, mentions only). */
  score(normalized: string): Sentiment | undefined {
    this.featurizer.featurize(normalized, this.vector);
    if (this.vector.words === 0) return undefined;
    this.model.probabilities(this.vector, this.p);
    const score = modelScore(this.p[this.pos] ?? 0, this.p[this.neg] ?? 0);
    let label: SentimentLabel;
    if (this.model.classes.length === 2) label = score >= this.neutralHigh ? 'pos' : score <= this.neutralLow ? 'neg' : 'neu';
    else {
      let best = 0;
      for (let c = 1; c < this.p.length; c++) if ((this.p[c] ?? 0) > (this.p[best] ?? 0)) best = c;
      label = this.model.classes[best] ?? 'neu';
    }
    return { score, label };
  }
}

export class SentimentScorer implements Classifier {
  readonly name = 'sentiment';
  readonly lexicon: LexiconSentiment;
  private readonly models: ModelRegistry | null;
  private readonly scorers = new Map<string, ModelScorer | null>();

  constructor(options: SentimentOptions = {}) {
    this.lexicon = new LexiconSentiment({ ...options, reuse: options.preparedLexicon });
    this.models = options.models === undefined ? new ModelRegistry() : options.models;
  }

  apply(work: Classification): void {
    const scorer = this.modelScorer(work.lang);
    // The brand's own name is no opinion of it (brand-names.ts).
    const text = work.brandNames?.text ?? work.normalized;
    work.sentiment = scorer?.score(text) ?? this.lexicon.score(text, work.lang);
    if (scorer) work.modelFeatures = { lang: work.lang, settings: scorer.settings, vector: scorer.vector };
  }

  /** @param normalized text from the normaliser; @param lang ISO 639-3 or `und`. */
  score(normalized: string, lang: string): Sentiment {
    // Posts without words (emoji only, links only) go to the lexicon scorer: its emoji and
    // emoticon ratings know more than the few such posts the models were trained on.
    return this.modelScorer(lang)?.score(normalized) ?? this.lexicon.score(normalized, lang);
  }

  /** True when a trained model scores this language. */
  hasModel(lang: string): boolean {
    return this.modelScorer(lang) !== undefined;
  }

  private modelScorer(lang: string): ModelScorer | undefined {
    let scorer = this.scorers.get(lang);
    if (scorer === undefined) {
      const model = this.models?.get(lang);
      scorer = model ? new ModelScorer(model, featurizerFor(lang, model.header.features, this.lexicon)) : null;
      this.scorers.set(lang, scorer);
    }
    return scorer ?? undefined;
  }
}
