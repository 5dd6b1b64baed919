import { createHash } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeText } from '../../src/classifiers/normalize.js';
import { LexiconSentiment } from '../../src/classifiers/sentiment-lexicon.js';
import { SentimentScorer } from '../../src/classifiers/sentiment.js';
import { FeatureVector, LatinFeaturizer, DEFAULT_FEATURES } from '../../src/classifiers/sentiment/features.js';
import { decodeModel, encodeModel } from '../../src/classifiers/sentiment/model.js';
import { ModelRegistry } from '../../src/classifiers/sentiment/registry.js';
import { train, type Example } from '../../src/classifiers/sentiment/train.js';

const scorer = new SentimentScorer({ languages: ['cmn', 'eng', 'fra'] });
const score = (text: string, lang: string) => scorer.score(normalizeText(text).normalized, lang);

describe('SentimentScorer: the trained models', () => {
  it('ships a model for each language with data, and none for others', () => {
    for (const lang of ['eng', 'fra', 'cmn', 'deu', 'spa', 'ita', 'por']) expect(scorer.hasModel(lang)).toBe(true);
    expect(scorer.hasModel('jpn')).toBe(false);
    expect(scorer.hasModel('und')).toBe(false);
  });

  it('scores plain posts', () => {
    expect(score('I love this brand, the new collection is gorgeous', 'eng').label).toBe('pos');
    expect(score('Worst service ever, rude staff and a broken zip', 'eng').label).toBe('neg');
    expect(score("J'adore, bravo à toute l'équipe", 'fra').label).toBe('pos');
    expect(score('Commande jamais reçue, service client injoignable, lamentable', 'fra').label).toBe('neg');
    expect(score('今天真的很开心，谢谢大家', 'cmn').label).toBe('pos');
    expect(score('客服态度太差了，再也不买了', 'cmn').label).toBe('neg');
  });

  it('reads negation', () => {
    expect(score('This is not good at all', 'eng').score).toBeLessThan(score('This is good', 'eng').score);
    expect(score("I don't like the new logo", 'eng').score).toBeLessThan(0);
    expect(score("Je n'aime pas cette boutique", 'fra').score).toBeLessThan(score("J'aime cette boutique", 'fra').score);
    // Short negated Chinese posts are the models' weak spot (weibo2018's posts are long): the
    // negation lowers the score, but not always below zero (docs/sentiment.md).
    expect(score('我不喜欢这个颜色', 'cmn').score).toBeLessThan(score('我喜欢这个颜色', 'cmn').score - 0.3);
    expect(score('这个包不好看', 'cmn').score).toBeLessThan(score('这个包好看', 'cmn').score - 0.3);
    expect(score('一点都不好看，太失望了', 'cmn').label).toBe('neg');
  });

  it('lowers the score on a sarcasm marker (sarcasm without one is not caught: docs/sentiment.md)', () => {
    expect(score('Great, another 3 week delay. Thanks a lot 🙄', 'eng').score).toBeLessThan(score('Great, another 3 week delay. Thanks a lot', 'eng').score);
    expect(score('Super, encore en retard 🙄', 'fra').score).toBeLessThan(score('Super, encore en retard', 'fra').score);
  });

  it('reads emoji-only posts (by the emoji ratings: the models saw few such posts)', () => {
    expect(score('😍😍', 'eng').label).toBe('pos');
    expect(score('😡😡', 'eng').label).toBe('neg');
    expect(score('[怒][怒]', 'cmn').label).toBe('neg');
    expect(score('[哈哈][哈哈]', 'cmn').label).toBe('pos');
  });

  it('reads traditional characters as simplified ones', () => {
    expect(score('這家店真的很討厭，服務太差', 'cmn')).toEqual(score('这家店真的很讨厌，服务太差', 'cmn'));
    expect(score('這家店真的很討厭，服務太差', 'cmn').label).toBe('neg');
    expect(score('質量很好，非常滿意', 'cmn').label).toBe('pos');
  });

  it('reads mixed scripts', () => {
    // The English word counts in the Chinese model's reading. This post was labelled negative
    // (-0.53) until the Chinese model learnt from 750 more posts about brands (3 December 2026),
    // which read it at -0.35, inside the neutral band: 再也不来了 ("never coming back") is a negation
    // the model's words and pairs cannot read (docs/sentiment.md, "Posts about brands").
    expect(score('这次真的很 disappointing，再也不来了', 'cmn').score).toBeLessThan(-0.2);
    // Compared with the same post without it, so the assertion fails if the English word is not read.
    expect(score('这次真的很 disappointing，再也不来了', 'cmn').score).toBeLessThan(score('这次真的很，再也不来了', 'cmn').score);
    expect(score('Balenciaga 新品太好看了 love it', 'cmn').label).toBe('pos');
  });

  it('labels plain statements of fact neutral where the data has neutral posts', () => {
    expect(score('The store on Rue Cambon opens at 10 on Saturday', 'eng').label).toBe('neu');
    expect(score('My order ships on Monday', 'eng').label).toBe('neu');
    expect(score('Le magasin ferme à 19h', 'fra').label).toBe('neu');
  });

  it('keeps the score in -1..1 and the label in line with it', () => {
    for (const [text, lang] of [
      ['amazing '.repeat(200), 'eng'],
      ['nul '.repeat(200), 'fra'],
      ['好', 'cmn'],
      ['', 'eng'],
    ] as const) {
      const s = score(text, lang);
      expect(Math.abs(s.score)).toBeLessThanOrEqual(1);
      if (s.label === 'pos') expect(s.score).toBeGreaterThan(0);
      if (s.label === 'neg') expect(s.score).toBeLessThan(0);
    }
    expect(score('', 'eng')).toEqual({ score: 0, label: 'neu' });
  });

  it('falls back on the lexicon scorer where no model ships', () => {
    expect(score('😍😍', 'und')).toEqual(new LexiconSentiment().score(normalizeText('😍😍').normalized, 'und'));
    expect(score('😡', 'jpn').label).toBe('neg');
  });

  it('gives a fixed sample the same scores every run', () => {
    const sample: [string, string][] = [
      ['Never buying from Balenciaga again. Staff were rude. #Boycott', 'eng'],
      ['Just got my order and I love it!! 😍', 'eng'],
      ["Ce n'est pas une arnaque : remboursé en deux jours, bravo 👏", 'fra'],
      ['據說這次抵製的人很多，門店都沒什麼人了', 'cmn'],
      ['Das ist wirklich nicht gut', 'deu'],
      ['Me encanta esta tienda', 'spa'],
    ];
    const first = sample.map(([t, l]) => score(t, l));
    const again = new SentimentScorer({ models: new ModelRegistry() });
    expect(sample.map(([t, l]) => again.score(normalizeText(t).normalized, l))).toEqual(first);
    expect(first).toMatchSnapshot();
  });
});

describe('ModelRegistry', () => {
  it('loads a language the first time it is asked for, and nothing before', () => {
    const registry = new ModelRegistry();
    const lazy = new SentimentScorer({ languages: ['cmn', 'eng', 'fra'], models: registry });
    expect(registry.loaded().langs).toEqual([]);
    lazy.score('great', 'eng');
    expect(registry.loaded().langs).toEqual(['eng']);
    lazy.score('bad', 'eng');
    lazy.score('😡', 'und');
    expect(registry.loaded().langs).toEqual(['eng']);
  });

  it('keeps every model in memory within 30 MB', () => {
    const registry = new ModelRegistry();
    for (const lang of ['eng', 'fra', 'cmn', 'deu', 'spa', 'ita', 'por']) expect(registry.get(lang)).toBeDefined();
    expect(registry.loaded().bytes).toBeLessThanOrEqual(30 * 1024 * 1024);
  });

  it('names the file that is not a model', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigie-models-'));
    await writeFile(join(dir, 'sentiment-eng.bin'), 'not a model');
    expect(() => new ModelRegistry(dir).get('eng')).toThrow(/sentiment-eng\.bin: not a readable sentiment model/);
    expect(new ModelRegistry(dir).get('fra')).toBeUndefined();
  });
});

describe('training', () => {
  const config = { ...DEFAULT_FEATURES, bits: 12 };
  const lexicon = new LexiconSentiment();
  const featurizer = new LatinFeaturizer('eng', config, (t) => lexicon.total(t, 'eng'));
  const rows: [number, string][] = [
    [1, 'I love it, wonderful'],
    [1, 'great service, thank you'],
    [1, 'so happy with my order'],
    [0, 'terrible, never again'],
    [0, 'rude staff and broken bag'],
    [0, 'I hate waiting this long'],
  ];
  const examples: Example[] = rows.map(([label, text]) => {
    const v = new FeatureVector();
    featurizer.featurize(normalizeText(text).normalized, v);
    return { ...v.copy(), label };
  });
  const hash = (seed: number) => {
    const t = train(examples, { classes: 2, bits: config.bits, epochs: 5, l2: 1e-4, seed });
    return createHash('sha256').update(encodeModel({ lang: 'eng', classes: ['neg', 'pos'], features: config, training: { seed } }, t.weights, t.bias)).digest('hex');
  };

  it('gives the same weights for the same seed, and other weights for another', () => {
    expect(hash(7)).toBe(hash(7));
    expect(hash(8)).not.toBe(hash(7));
  });

  it('stores what it trained: decoding gives the weights back to int8 or int16 precision', () => {
    const t = train(examples, { classes: 2, bits: config.bits, epochs: 5, l2: 1e-4, seed: 1 });
    let max = 0;
    for (const w of t.weights) max = Math.max(max, Math.abs(w));
    for (const [weightBits, top] of [
      [8, 127],
      [16, 32767],
    ] as const) {
      const model = decodeModel(encodeModel({ lang: 'eng', classes: ['neg', 'pos'], features: { ...config, weightBits }, training: {} }, t.weights, t.bias), 'test');
      expect(model.weights.BYTES_PER_ELEMENT).toBe(weightBits / 8);
      const scale = model.header.scale;
      for (let i = 0; i < t.weights.length; i++) expect(Math.abs((model.weights[i] ?? 0) * scale - (t.weights[i] ?? 0))).toBeLessThanOrEqual(max / top);
      expect([...model.bias]).toEqual([...t.bias]);
    }
  });

  it('learns the rows it is given', () => {
    const t = train(examples, { classes: 2, bits: config.bits, epochs: 20, l2: 1e-5, seed: 1 });
    const model = decodeModel(encodeModel({ lang: 'eng', classes: ['neg', 'pos'], features: config, training: {} }, t.weights, t.bias), 'test');
    const p = new Float64Array(2);
    for (const e of examples) {
      model.probabilities({ idx: e.idx, val: e.val, n: e.idx.length } as FeatureVector, p);
      expect(p[e.label]).toBeGreaterThan(0.5);
    }
  });
});
