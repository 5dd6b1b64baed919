import { describe, expect, it } from 'vitest';
import { mergeSpans, withinSpans, withoutBrandNames } from '../../src/classifiers/brand-names.js';
import { buildClassifierChain } from '../../src/classifiers/pipeline.js';
import type { BrandConfig } from '../../src/config/schema.js';
import type { Post, ScoredPost } from '../../src/types.js';

const brand = (id: string, names: string[], more: Partial<BrandConfig> = {}): BrandConfig => ({
  id,
  names,
  aliases: [],
  keywords: names,
  exclude: [],
  terms: {},
  ...more,
});

// Names that are words with a tone or a crisis in them, as real brands' are.
const BRANDS = [
  brand('happy', ['Happy Socks']),
  brand('poison', ['Poison'], { exclude: ['rat poison'], terms: { boycott: ['PoisonGate'] } }),
  brand('norvo', ['Norvo']),
  brand('xinghe', ['星河']),
  brand('fanlaile', ['饭来了']),
  brand('balenciaga', ['Balenciaga', '巴黎世家'], { terms: { boycott: ['抵制巴黎世家', 'BoycottBalenciaga'] } }),
];
const chain = buildClassifierChain({ languages: ['cmn', 'eng', 'fra'], brands: BRANDS });
const unmasked = buildClassifierChain({ languages: ['cmn', 'eng', 'fra'], brands: [] });

let n = 0;
const post = (text: string): Post => ({
  id: `p${++n}`,
  platform: 'twitter',
  sourceId: 'twitter-search',
  text,
  author: { id: `a${n}`, name: `a${n}` },
  publishedAt: '2026-03-10T12:00:00.000Z',
  collectedAt: '2026-03-10T12:01:00.000Z',
  url: `https://x.example/p${n}`,
});
const classify = (text: string): ScoredPost => chain.classify(post(text));

describe('brand names, taken out before sentiment and crisis terms read a post', () => {
  it('takes each name out, leaving a space, names that overlap merged', () => {
    const spans = mergeSpans([
      { start: 6, end: 16 },
      { start: 0, end: 5 },
      { start: 6, end: 10 },
    ]);
    expect(spans).toEqual([
      { start: 0, end: 5 },
      { start: 6, end: 16 },
    ]);
    expect(withoutBrandNames('happy socks lost it', [{ start: 0, end: 11 }])).toBe('  lost it');
    expect(withoutBrandNames('我爱饭来了的饭', [{ start: 2, end: 5 }])).toBe('我爱 的饭');
    // A mention stays whole: the models read every mention as @user.
    expect(withoutBrandNames('@happy socks lost it', [{ start: 1, end: 12 }])).toBe('@happy socks lost it');
    expect(withoutBrandNames('@norvo and norvo', [{ start: 1, end: 6 }, { start: 11, end: 16 }])).toBe('@norvo and  ');
    expect(withinSpans(2, 5, [{ start: 2, end: 5 }])).toBe(true);
    expect(withinSpans(0, 5, [{ start: 2, end: 5 }])).toBe(false);
  });

  it('reads a post about a brand the same whatever words its name is made of', () => {
    // "Happy Socks" and "Norvo" are both only names here: the rest of the post decides.
    for (const rest of ['restocked the striped pairs today', 'lost my order and nobody answers my emails', 'opens a shop in Lyon on Monday']) {
      const happy = classify(`Happy Socks ${rest}`);
      const plain = classify(`Norvo ${rest}`);
      expect(happy.brands).toEqual(['happy']);
      expect(plain.brands).toEqual(['norvo']);
      expect(happy.sentiment).toEqual(plain.sentiment);
      // Read without the brand configured, the name's "happy" leans the post positive.
      expect(unmasked.classify(post(`Happy Socks ${rest}`)).sentiment.score).toBeGreaterThan(happy.sentiment.score);
    }
    expect(classify('Happy Socks lost my order and nobody answers my emails').sentiment.label).toBe('neg');
    expect(classify('饭来了的外卖又迟到了一个小时').sentiment).toEqual(classify('星河的外卖又迟到了一个小时').sentiment);
  });

  it('finds no safety report in a perfume called Poison, and still finds one about it', () => {
    expect(unmasked.classify(post('Just bought Poison by Dior for my mum')).crisis.categories).toContain('safety');
    const perfume = classify('Just bought Poison by Dior for my mum');
    expect(perfume.brands).toEqual(['poison']);
    expect(perfume.crisis.categories).toEqual([]);
    expect(perfume.sentiment.label).not.toBe('neg');
    const report = classify('Poison gave my daughter an allergic reaction, her face is swollen');
    expect(report.crisis.categories).toContain('safety');
  });

  it('leaves a word an exclusion covers to the crisis terms: a namesake is not the brand', () => {
    const p = classify('Norvo cream turned out to be laced with rat poison');
    expect(p.brands).toEqual(['norvo']);
    expect(p.crisis.categories).toContain('safety');
  });

  it('reads a Chinese complaint about a brand whose name leans positive', () => {
    const p = classify('饭来了的外卖又迟到了一个小时，客服也不理人');
    expect(p.brands).toEqual(['fanlaile']);
    expect(p.sentiment.label).toBe('neg');
  });

  it('keeps a brand’s own crisis terms that hold its name', () => {
    // The term reaches beyond the name: "gate" alone is no crisis word, "poison" alone is the name.
    const gate = classify('#PoisonGate is trending again');
    expect(gate.brands).toEqual(['poison']);
    expect(gate.crisis.terms).toEqual(['PoisonGate']);
    expect(gate.crisis.categories).toEqual(['boycott']);
    expect(classify('大家一起抵制巴黎世家').crisis.categories).toContain('boycott');
    expect(classify('#BoycottBalenciaga after that campaign').crisis.categories).toContain('boycott');
  });
});
