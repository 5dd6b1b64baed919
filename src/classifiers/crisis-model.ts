/**
 * The trained crisis model: per language (Chinese, English, French), a multinomial logistic
 * regression over the same hashed features as the sentiment model, with the classes `none` and
 * the six crisis categories (models/crisis-<lang>.bin, `npm run train:crisis`). It runs after the
 * crisis terms and adds a category they did not find when the model finds it more likely than not
 * (probability ≥ 0.5 against every other class together): a crisis told without its words
 * ("came home from his shift with a black eye", 把会员卡剪了寄回去) is counted all the same.
 *
 * Terms stay first: they are what an alert quotes, and what a brand's own `terms` add. The model
 * widens, but not on a post the sentiment model reads as positive (praise that sounds like a
 * crisis to it: "ma sœur ne jure que par eux"); and it takes back what the lexicon's terms found
 * only when it is all but sure the post is about nothing (`CRISIS_MODEL_VETO`): everyday posts
 * borrow crisis words ("my cat attacked the box", an explosion in the news), and on a big brand
 * they make the background a wave must rise above. A brand's own `terms` are never taken back.
 * Posts about no watched brand are skipped (nothing counts them).
 */
import { CRISIS_CATEGORIES, type CrisisCategory, type CrisisSignal } from '../types.js';
import type { Classification, Classifier, SparseFeatures } from './classifier.js';
import { featurizerFor } from './sentiment/dataset.js';
import { featureSettings, FeatureVector, type Featurizer } from './sentiment/features.js';
import type { LinearModel } from './sentiment/model.js';
import { ModelRegistry } from './sentiment/registry.js';
import type { LexiconSentiment } from './sentiment-lexicon.js';

/** A crisis model's classes: `none`, then the categories. */
export type CrisisClass = 'none' | CrisisCategory;
export const CRISIS_CLASSES: readonly CrisisClass[] = ['none', ...CRISIS_CATEGORIES];

/** A category counts when the model gives it at least this: more likely than all other classes together. */
export const CRISIS_MODEL_THRESHOLD = 0.5;

/**
 * A category the crisis terms found is taken back when the model is at least this sure the post is
 * about nothing (P(none)): "my cat attacked the box", 看新闻说中东又发生了爆炸. The lowest value of a
 * fixed grid that loses at most 0.5% of the categories the terms rightly find, out of fold on the
 * development sets (`npm run train:crisis-folds`); the held-out sets judge it.
 */
export const CRISIS_MODEL_VETO = 0.98;

export function crisisModels(dir?: string): ModelRegistry<CrisisClass> {
  return new ModelRegistry<CrisisClass>(dir, 'crisis', CRISIS_CLASSES);
}

/** One language's model, its own featurizer for posts the sentiment model did not read the same way. */
class LanguageModel {
  private readonly p: Float64Array;
  private readonly own = new FeatureVector();
  readonly key: string;
  /** The model file's classes, in its own order (a file may list them in any). */
  readonly classes: readonly CrisisClass[];
  /** Where `none` stands among them. */
  readonly noneIndex: number;

  constructor(
    private readonly model: LinearModel<CrisisClass>,
    private readonly featurizer: Featurizer,
  ) {
    this.p = new Float64Array(model.classes.length);
    this.key = featureSettings(model.header.features);
    this.classes = model.classes;
    this.noneIndex = model.classes.indexOf('none');
  }

  /**
   * The class probabilities, in the order of `classes` (reused by the next call), reading `shared`
   * when it holds this post's features; undefined for a post without a word.
   */
  probabilities(normalized: string, shared: SparseFeatures | undefined): Float64Array | undefined {
    let v: SparseFeatures | undefined = shared;
    if (!v) {
      this.featurizer.featurize(normalized, this.own);
      v = this.own;
    }
    if (v.words === 0) return undefined;
    this.model.probabilities(v, this.p);
    return this.p;
  }
}

const rounded = (p: number) => Math.round(p * 1000) / 1000;

/** The categories at or above the threshold (at most one: the probabilities add up to 1). */
function likely(p: Float64Array, classes: readonly CrisisClass[]): { category: CrisisCategory; probability: number }[] {
  const out: { category: CrisisCategory; probability: number }[] = [];
  classes.forEach((c, i) => {
    const probability = p[i] ?? 0;
    if (c !== 'none' && probability >= CRISIS_MODEL_THRESHOLD) out.push({ category: c, probability: rounded(probability) });
  });
  return out;
}

/**
 * The terms' signal without the categories the model takes back (every one a brand's own `terms`
 * did not find), the taken-back ones recorded in `vetoed`; undefined when it takes nothing back.
 */
function withoutVetoed(crisis: CrisisSignal, none: number): CrisisSignal | undefined {
  if (crisis.categories.length === 0 || none < CRISIS_MODEL_VETO) return undefined;
  const own = new Set(crisis.matches.filter((m) => m.brand !== undefined).map((m) => m.category));
  const vetoed = crisis.categories.filter((c) => !own.has(c));
  if (vetoed.length === 0) return undefined;
  const matches = crisis.matches.filter((m) => own.has(m.category));
  return {
    terms: [...new Set(matches.map((m) => m.term))],
    categories: crisis.categories.filter((c) => own.has(c)),
    score: matches.length > 0 ? crisis.score : 0,
    matches,
    vetoed: vetoed.map((category) => ({ category, none: rounded(none) })),
  };
}

export interface CrisisModelOptions {
  /** Where the models come from; `null`: none (terms only). @default the shipped models */
  models?: ModelRegistry<CrisisClass> | null;
  /** The lexicon scorer whose verdict is one of the features (the sentiment scorer's, shared). */
  lexicon: LexiconSentiment;
}

export class CrisisModelClassifier implements Classifier {
  readonly name = 'crisis-model';
  private readonly models: ModelRegistry<CrisisClass> | null;
  private readonly byLang = new Map<string, LanguageModel | null>();

  constructor(private readonly options: CrisisModelOptions) {
    this.models = options.models === undefined ? crisisModels() : options.models;
  }

  apply(work: Classification): void {
    if (work.brands.length === 0 || work.official) return;
    // A post the sentiment model reads as positive is praise that happens to sound like a crisis
    // ("ma sœur ne jure que par eux"): the model alone does not make it one (and is not asked).
    if (work.crisis.categories.length === 0 && work.sentiment.label === 'pos') return;
    const model = this.modelFor(work.lang);
    if (!model) return;
    const shared = work.modelFeatures;
    const p = model.probabilities(work.brandNames?.text ?? work.normalized, shared && shared.lang === work.lang && shared.settings === model.key ? shared.vector : undefined);
    if (!p) return;
    const kept = withoutVetoed(work.crisis, p[model.noneIndex] ?? 0);
    if (kept) work.crisis = kept;
    const added = likely(p, model.classes).filter((f) => !work.crisis.categories.includes(f.category));
    if (added.length === 0) return;
    const categories = new Set([...work.crisis.categories, ...added.map((a) => a.category)]);
    work.crisis = {
      ...work.crisis,
      categories: CRISIS_CATEGORIES.filter((c) => categories.has(c)),
      // A post found by the model alone weighs as evidence like a post with one term, scaled by how sure it is.
      score: Math.max(work.crisis.score, Math.round(0.5 * Math.max(...added.map((a) => a.probability)) * 1000) / 1000),
      inferred: added,
    };
  }

  private modelFor(lang: string): LanguageModel | undefined {
    let m = this.byLang.get(lang);
    if (m === undefined) {
      const model = this.models?.get(lang);
      m = model ? new LanguageModel(model, featurizerFor(lang, model.header.features, this.options.lexicon)) : null;
      this.byLang.set(lang, m);
    }
    return m ?? undefined;
  }
}
