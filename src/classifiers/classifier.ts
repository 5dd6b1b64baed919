import type { BrandConfig } from '../config/schema.js';
import type { CrisisSignal, Post, ScoredPost, Sentiment } from '../types.js';
import type { TextSpan } from './brand-names.js';

/**
 * The work one post carries through the chain. Each classifier reads what earlier ones found and
 * fills its own field. Synchronous on purpose: the chain runs at tens of thousands of posts a
 * second and has no I/O.
 */
export interface Classification {
  post: Post;
  /** Text prepared for matching (normalised); `post.text` itself is never changed. */
  normalized: string;
  lang: string;
  brands: string[];
  sentiment: Sentiment;
  crisis: CrisisSignal;
  /** The brand whose own account wrote the post (`brands.X.accounts`). */
  official?: string;
  /** What the normaliser found besides `normalized`, for the classifiers after it. */
  features?: TextFeatures;
  /**
   * Where the brand matcher found brand names in `normalized` (merged, in order), and the text with
   * each replaced by a space: what sentiment and the crisis model read (brand-names.ts).
   * Absent when the post names no brand.
   */
  brandNames?: { spans: readonly TextSpan[]; text: string };
  /**
   * The hashed features the sentiment model read (its language and settings with them): the crisis
   * model, trained on the same settings, reads the same vector instead of cutting the text again.
   */
  modelFeatures?: { lang: string; settings: string; vector: SparseFeatures };
}

/** A post's hashed features as the trained models read them (sentiment/features.ts fills them). */
export interface SparseFeatures {
  idx: Int32Array;
  val: Float32Array;
  n: number;
  /** Words among them: with none, a model has little to go on. */
  words: number;
}

/** Side products of normalisation that later classifiers need and should not recompute. */
export interface TextFeatures {
  /**
   * NFKC and lower-cased but not accent-folded nor converted to simplified Chinese, hashtags as
   * written: accents and hashtags tell languages apart.
   */
  lower: string;
  /**
   * Hashtags written as one run of letters that case changes could not split into words
   * (`#boycottbalenciaga`), folded like `normalized`, without `#`: matchers look for terms at
   * their start and end. Split ones (`#BoycottBalenciaga`) are already words in `normalized`.
   */
  compoundHashtags: string[];
}

export interface Classifier {
  readonly name: string;
  apply(work: Classification): void;
}

export interface ClassifierOptions {
  brands: BrandConfig[];
  /** Candidate languages, ISO 639-3. */
  languages: string[];
}

/** The whole chain, as the classify stage and `vigie classify` use it. */
export interface ClassifierChain {
  classify(post: Post): ScoredPost;
}
