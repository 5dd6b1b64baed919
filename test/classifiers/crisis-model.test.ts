import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Classification } from '../../src/classifiers/classifier.js';
import { CrisisDetector } from '../../src/classifiers/crisis.js';
import { CRISIS_MODEL_VETO, CrisisModelClassifier, crisisModels } from '../../src/classifiers/crisis-model.js';
import { normalizeText } from '../../src/classifiers/normalize.js';
import { buildClassifierChain } from '../../src/classifiers/pipeline.js';
import { SentimentScorer } from '../../src/classifiers/sentiment.js';
import { MODELS_DIR } from '../../src/classifiers/sentiment/registry.js';
import { brandSchema } from '../../src/config/schema.js';
import type { Post } from '../../src/types.js';

const brands = [{ id: 'acme', ...brandSchema.parse({ names: ['Acme', '艾克美'] }) }];
const languages = ['cmn', 'eng', 'fra'];
const chain = buildClassifierChain({ brands, languages });
const termsOnly = buildClassifierChain({ brands, languages, crisisModels: null });

function post(text: string, extra: Partial<Post> = {}): Post {
  return {
    id: 'weibo:1',
    platform: 'weibo',
    sourceId: 'test',
    url: 'https://example.test/1',
    author: { id: 'u1', name: 'someone', followers: 120 },
    text,
    publishedAt: '2026-12-02T10:00:00.000Z',
    collectedAt: '2026-12-02T10:01:00.000Z',
    metrics: { likes: 0, shares: 0, comments: 0 },
    ...extra,
  };
}

// Crises told without any crisis term: a slap with a folder, a repairman who never comes, a
// customer dragged out by the arm, a support address that only auto-replies.
const UNWORDED = [
  { lang: 'cmn', text: '艾克美的店长当着所有顾客的面把文件夹砸在店员脸上，她眼角现在还是青的。', category: 'violence' },
  { lang: 'cmn', text: '艾克美的维修师傅约了三次都没来，每次都说今天排不过来，我已经请了三天假。', category: 'service' },
  { lang: 'fra', text: "Le vendeur Acme m'a attrapée par le bras et m'a sortie du magasin devant tout le monde. J'ai des bleus.", category: 'violence' },
  { lang: 'eng', text: 'Acme emailed me about my refund four times, all auto-replies. Are there any humans working there?', category: 'service' },
] as const;

describe('CrisisModelClassifier: the trained crisis models', () => {
  it('finds the category of crises no term names, in Chinese, French and English', () => {
    for (const { text, category } of UNWORDED) {
      expect(termsOnly.classify(post(text)).crisis.categories, text).toEqual([]);
      const scored = chain.classify(post(text));
      expect(scored.crisis.categories, text).toEqual([category]);
      expect(scored.crisis.terms).toEqual([]);
      expect(scored.crisis.inferred?.[0]).toMatchObject({ category });
      expect(scored.crisis.inferred?.[0]?.probability).toBeGreaterThanOrEqual(0.5);
      expect(scored.crisis.score).toBeGreaterThan(0);
    }
  });

  it('adds nothing to praise, to a post about no brand, to the brand’s own account, or where terms already found it', () => {
    for (const text of ['艾克美新款口红太好看了，已经回购三支', "Acme's new lipstick is everything, obsessed.", 'Le nouveau parfum Acme sent divinement bon, je suis fan.']) {
      expect(chain.classify(post(text)).crisis.categories, text).toEqual([]);
    }
    const violent = UNWORDED[0].text;
    expect(chain.classify(post(violent.replace('艾克美', '某品牌'))).crisis.categories).toEqual([]);
    const official = buildClassifierChain({ brands: [{ id: 'acme', ...brandSchema.parse({ names: ['Acme', '艾克美'], accounts: { weibo: ['acme-official'] } }) }], languages });
    expect(official.classify(post(violent, { author: { id: 'acme-official', name: 'Acme', followers: 10 } })).crisis.categories).toEqual([]);
    const worded = chain.classify(post('Acme security guards beat up a customer and broke his nose.'));
    expect(worded.crisis.categories).toContain('violence');
    expect(worded.crisis.inferred?.some((i) => i.category === 'violence') ?? false).toBe(false);
  });

  it('takes back a term’s category when all but sure the post is about nothing, never a crisis nor a brand’s own terms', () => {
    // Everyday posts that borrow a crisis word: the terms read a report, the model (P(none) ≥ CRISIS_MODEL_VETO) does not.
    // (Its English twin, "Lol my cat attacked the Acme box before I could even open it", fell from
    // P(none) 0.988 to 0.966 with the seventh round's rows, 5 December, and keeps its violence.)
    const BORROWED = [
      { text: '艾克美 看新闻说中东又发生了爆炸，希望世界和平', category: 'safety' },
      { text: "Acme : mon chat a attaqué le carton avant que je l'ouvre, trop drôle", category: 'violence' },
    ] as const;
    for (const { text, category } of BORROWED) {
      expect(termsOnly.classify(post(text)).crisis.categories, text).toEqual([category]);
      const scored = chain.classify(post(text)).crisis;
      expect(scored.categories, text).toEqual([]);
      expect(scored.terms, text).toEqual([]);
      expect(scored.score).toBe(0);
      expect(scored.vetoed?.[0]?.category).toBe(category);
      expect(scored.vetoed?.[0]?.none).toBeGreaterThanOrEqual(CRISIS_MODEL_VETO);
    }
    // Crises keep what the terms found.
    for (const text of ['Acme air fryer caught fire in my kitchen, the fire brigade came', 'Acme security guards beat up a customer and broke his nose.', '艾克美的面膜用完脸上全是红疹，去医院说是过敏']) {
      const scored = chain.classify(post(text)).crisis;
      expect(scored.categories.length, text).toBeGreaterThan(0);
      expect(scored.vetoed, text).toBeUndefined();
    }
    // A brand's own terms are what ops asked for: kept, while the lexicon's are taken back.
    const withOwn = buildClassifierChain({ brands: [{ id: 'acme', ...brandSchema.parse({ names: ['Acme'], terms: { boycott: ['#AcmeOut'] } }) }], languages });
    const own = withOwn.classify(post("Acme : mon chat a attaqué le carton avant que je l'ouvre, trop drôle #AcmeOut")).crisis;
    expect(own.categories).toEqual(['boycott']);
    expect(own.terms).toEqual(['#AcmeOut']);
    expect(own.vetoed?.map((v) => v.category)).toEqual(['violence']);
  });

  it('reads the sentiment model’s features when its settings are the same, with the same answer as featurizing alone', () => {
    const sentiment = new SentimentScorer({ languages });
    const detector = new CrisisDetector();
    const shared = new CrisisModelClassifier({ lexicon: sentiment.lexicon });
    const alone = new CrisisModelClassifier({ lexicon: sentiment.lexicon });
    for (const { text, lang } of UNWORDED) {
      const n = normalizeText(text);
      const a = { normalized: n.normalized, lang, brands: ['acme'] } as Classification;
      sentiment.apply(a);
      expect(a.modelFeatures?.lang).toBe(lang);
      a.crisis = detector.detect(n.normalized, n.compoundHashtags, []);
      shared.apply(a);
      const b = { normalized: n.normalized, lang, brands: ['acme'], sentiment: a.sentiment, crisis: detector.detect(n.normalized, n.compoundHashtags, []) } as Classification;
      alone.apply(b);
      expect(b.crisis).toEqual(a.crisis);
    }
  });

  it('scores seven classes as the plain weighted sum does, buckets folded to the table', () => {
    const model = crisisModels().get('eng');
    if (!model) throw new Error('the English crisis model does not ship');
    const k = model.classes.length;
    const mask = (1 << (model.header.foldBits ?? model.header.features.bits)) - 1;
    // Buckets over the whole 18-bit range: the model reads them modulo its table.
    const idx = Int32Array.from({ length: 300 }, (_, i) => (i * 2654435761) >>> 14);
    const val = Float32Array.from({ length: 300 }, (_, i) => ((i % 7) - 3) / 10);
    const got = new Float64Array(k);
    model.probabilities({ idx, val, n: idx.length }, got);
    const logits = Array.from({ length: k }, (_, c) => model.bias[c] ?? 0);
    for (let i = 0; i < idx.length; i++) for (let c = 0; c < k; c++) logits[c] = (logits[c] ?? 0) + (model.weights[((idx[i] ?? 0) & mask) * k + c] ?? 0) * model.header.scale * (val[i] ?? 0);
    const max = Math.max(...logits);
    const e = logits.map((l) => Math.exp(l - max));
    const sum = e.reduce((a, b) => a + b, 0);
    e.forEach((x, c) => expect(got[c]).toBeCloseTo(x / sum, 9));
  });

  it('refuses a model file of another kind, naming the file and the classes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigie-crisis-model-'));
    await writeFile(join(dir, 'crisis-eng.bin'), await readFile(join(MODELS_DIR, 'sentiment-eng.bin')));
    expect(() => crisisModels(dir).get('eng')).toThrow(/crisis-eng\.bin: not a readable crisis model .*classes neg, neu, pos are not among none, boycott/);
    expect(crisisModels(dir).get('fra')).toBeUndefined();
  });
});
