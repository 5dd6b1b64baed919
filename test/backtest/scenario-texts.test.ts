import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/configure.js';
import { buildClassifierChain } from '../../src/classifiers/pipeline.js';
import type { ScoredPost } from '../../src/types.js';
import { brandConfig, SUITE_BRANDS } from '../../tools/scenarios/brands.js';
import { stringify } from 'yaml';
import { EVERYWHERE, generatePosts, type Flow, type TextKind } from '../../tools/scenarios/writer.js';

/**
 * The suite's posts are what they claim to be, as the real classifiers read them: the backtest
 * judges rules on these labels, so a "crisis" post without a crisis term, or an "ordinary complaint"
 * with one, would make the suite judge the wrong thing.
 */
const brands = Object.values(SUITE_BRANDS);
const config = parseConfig(
  stringify({ redis: { url: 'redis://127.0.0.1:6379', prefix: 'unused' }, brands: Object.fromEntries(brands.map((b) => [b.id, brandConfig(b)])) }),
  'texts.yaml',
);
const chain = buildClassifierChain({ brands: config.brands, languages: config.languages });
const START = Date.parse('2026-03-10T08:00:00Z');

function posts(kind: TextKind, brand = SUITE_BRANDS.arcadia, notTheBrand = false): { scored: ScoredPost[]; brand: string } {
  const flow: Flow = { label: kind, brand, rate: () => 4, kinds: [[kind, 1]], platforms: EVERYWHERE, notTheBrand };
  return { scored: [...generatePosts(11, START, START + 150 * 60_000, [flow])].map((p) => chain.classify(p.post)), brand: brand.id };
}

const share = (xs: ScoredPost[], f: (p: ScoredPost) => boolean) => xs.filter(f).length / xs.length;
const SEVERE = ['boycott', 'discrimination', 'violence', 'safety'];
const severe = (p: ScoredPost) => p.crisis.categories.some((c) => SEVERE.includes(c));

describe('scenario texts, read by the classifiers', () => {
  it.each([
    ['boycott', SUITE_BRANDS.lune, ['boycott', 'discrimination']],
    ['safety', SUITE_BRANDS.arcadia, ['safety']],
    ['allergy', SUITE_BRANDS.camelia, ['safety']],
  ] as const)('%s posts name the brand, are not positive, and carry their crisis category', (kind, brand, categories) => {
    const { scored } = posts(kind, brand);
    expect(scored.length).toBeGreaterThan(400);
    expect(share(scored, (p) => p.brands.includes(brand.id))).toBeGreaterThan(0.97);
    expect(share(scored, (p) => p.crisis.categories.some((c) => (categories as readonly string[]).includes(c)))).toBeGreaterThan(0.9);
    // The sentiment models have a neutral class: a factual report of a recall or an allergy is often
    // neutral rather than negative. Detection of these crises rests on the category; what matters
    // for the negative metrics is that more of them read negative than positive, and few positive.
    // (Before the Chinese model's neutral band was learned, it read about a quarter of the safety
    // posts as positive: weibo2018 has almost no product-safety vocabulary, so its scores for them
    // sit near the middle, where the calibrated band now says neutral; docs/sentiment.md.)
    const neg = share(scored, (p) => p.sentiment.label === 'neg');
    const pos = share(scored, (p) => p.sentiment.label === 'pos');
    expect(neg).toBeGreaterThan(0.4);
    expect(neg).toBeGreaterThan(pos);
    expect(pos).toBeLessThan(0.15);
  });

  it('customer-service anger is negative and service-only: no boycott, discrimination, violence or safety terms', () => {
    const { scored } = posts('service', SUITE_BRANDS.pixel);
    expect(share(scored, (p) => p.brands.includes('pixel'))).toBeGreaterThan(0.97);
    expect(share(scored, severe)).toBe(0);
    expect(share(scored, (p) => p.sentiment.label === 'neg')).toBeGreaterThan(0.7);
  });

  it('ordinary complaints are negative without any crisis term', () => {
    const { scored } = posts('grumble', SUITE_BRANDS.kestrel);
    expect(share(scored, (p) => p.crisis.categories.length > 0)).toBe(0);
    expect(share(scored, (p) => p.sentiment.label === 'neg')).toBeGreaterThan(0.6);
  });

  it('launch excitement is positive without any crisis term', () => {
    const { scored } = posts('launch', SUITE_BRANDS.aurore);
    expect(share(scored, (p) => p.crisis.categories.length > 0)).toBe(0);
    expect(share(scored, (p) => p.sentiment.label === 'pos')).toBeGreaterThan(0.7);
  });

  it("namesake posts are full of crisis words and ruled out by the brand's exclude", () => {
    const { scored } = posts('namesake', SUITE_BRANDS.northwind, true);
    expect(share(scored, (p) => p.crisis.categories.length > 0)).toBeGreaterThan(0.9);
    expect(share(scored, (p) => p.brands.includes('northwind'))).toBe(0);
  });
});

describe('--everyday: people’s own posts in place of a share of the ordinary ones', () => {
  const rows = {
    zh: ['今天加班到十点，累炸了', '这部电影真的绝了'],
    en: ['this playlist is the bomb', 'killing it at the gym today'],
    fr: ['ce concert était une tuerie', 'journée de dingue au boulot'],
  };
  const flows = (kind: TextKind): Flow[] => [{ label: kind, brand: SUITE_BRANDS.lune, rate: () => 4, kinds: [[kind, 1]], platforms: EVERYWHERE }];
  const END = START + 120 * 60_000;
  const everydayText = (text: string) => Object.values(rows).some((list) => list.some((r) => text.endsWith(r)));

  it('replaces about the share asked for, names the brand, and keeps times, authors and platforms', () => {
    const plain = [...generatePosts(5, START, END, flows('chatter'))].map((p) => p.post);
    const mixed = [...generatePosts(5, START, END, flows('chatter'), { share: 0.5, rows })].map((p) => p.post);
    expect(mixed.map((p) => [p.publishedAt, p.author?.id, p.platform])).toEqual(plain.map((p) => [p.publishedAt, p.author?.id, p.platform]));
    const replaced = mixed.filter((p) => everydayText(p.text));
    expect(replaced.length / mixed.length).toBeGreaterThan(0.4);
    expect(replaced.length / mixed.length).toBeLessThan(0.6);
    expect(share(replaced.map((p) => chain.classify(p)), (p) => p.brands.includes('lune'))).toBe(1);
  });

  it('leaves crisis waves alone', () => {
    const wave = [...generatePosts(5, START, END, flows('boycott'), { share: 1, rows })].map((p) => p.post);
    expect(wave.filter((p) => everydayText(p.text))).toEqual([]);
  });
});
