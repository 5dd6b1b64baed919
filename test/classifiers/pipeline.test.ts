import { describe, expect, it } from 'vitest';
import { buildClassifierChain } from '../../src/classifiers/pipeline.js';
import { reachOf } from '../../src/classifiers/reach.js';
import type { BrandConfig } from '../../src/config/schema.js';
import type { Post } from '../../src/types.js';

const BRANDS: BrandConfig[] = [
  {
    id: 'balenciaga',
    names: ['Balenciaga', '巴黎世家'],
    aliases: [],
    keywords: [],
    exclude: ['Musée Balenciaga'],
    terms: { boycott: ['抵制巴黎世家'] },
  },
];
const chain = buildClassifierChain({ brands: BRANDS, languages: ['cmn', 'eng', 'fra'] });

const post = (text: string, extra: Partial<Post> = {}): Post => ({
  id: 'weibo:1',
  platform: 'weibo',
  sourceId: 'weibo-search',
  url: 'https://weibo.com/1',
  author: { id: 'u1', name: 'u1' },
  text,
  publishedAt: '2026-01-01T00:00:00.000Z',
  collectedAt: '2026-01-01T00:00:01.000Z',
  ...extra,
});

describe('buildClassifierChain', () => {
  it('scores a Weibo crisis post in Chinese with a Latin brand name and traditional characters', () => {
    const scored = chain.classify(post('#抵製巴黎世傢# 店員歧視中國顧客還推搡老人，Balenciaga太過分了！[怒]'));
    expect(scored.lang).toBe('cmn');
    expect(scored.brands).toEqual(['balenciaga']);
    expect(scored.sentiment.label).toBe('neg');
    expect(scored.crisis.categories).toEqual(['boycott', 'discrimination', 'violence']);
    expect(scored.crisis.matches).toContainEqual({ term: '抵制巴黎世家', category: 'boycott', brand: 'balenciaga' });
    expect(scored.crisis.score).toBeGreaterThan(0.8);
  });

  it('scores a forty-character boycott tweet', () => {
    const scored = chain.classify(post('#BoycottBalenciaga racist staff. Never again', { platform: 'twitter', langHint: 'en' }));
    expect(scored).toMatchObject({ lang: 'eng', brands: ['balenciaga'], sentiment: { label: 'neg' } });
    expect(scored.crisis.categories).toEqual(['boycott', 'discrimination']);
  });

  it('scores a French post with negation', () => {
    const scored = chain.classify(post("Balenciaga, ce n'est pas une arnaque : remboursé en deux jours, merci !"));
    expect(scored).toMatchObject({ lang: 'fra', brands: ['balenciaga'], sentiment: { label: 'pos' } });
    expect(scored.crisis.terms).toEqual([]);
  });

  it('keeps the post as it was and adds the scores', () => {
    const original = post('Ｂａｌｅｎｃｉａｇａ 😍', { metrics: { likes: 3, shares: 2, comments: 1 }, author: { id: 'u', name: 'u', followers: 10 } });
    const copy = structuredClone(original);
    const scored = chain.classify(original);
    expect(original).toEqual(copy);
    expect(scored.text).toBe('Ｂａｌｅｎｃｉａｇａ 😍');
    expect(scored.reach).toBe(10 + 3 + 2 * 2 + 1);
    expect(scored.lang).toBe('und');
  });

  it('works with no brands configured', () => {
    const bare = buildClassifierChain({ brands: [], languages: ['cmn', 'eng', 'fra'] });
    expect(bare.classify(post('Balenciaga boycott')).brands).toEqual([]);
  });
});

describe('reachOf', () => {
  it('is followers plus engagement, a share counting twice, at least 1', () => {
    expect(reachOf({ author: { id: 'a', name: 'a', followers: 100 }, metrics: { likes: 5, shares: 3, comments: 2 } })).toBe(113);
    expect(reachOf({ author: { id: 'a', name: 'a' } })).toBe(1);
    expect(reachOf({ author: { id: 'a', name: 'a', followers: -5 }, metrics: { likes: Number.NaN, shares: 0, comments: 0 } })).toBe(1);
  });
});
