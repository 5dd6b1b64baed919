import { describe, expect, it } from 'vitest';
import { BrandMatcher } from '../../src/classifiers/brands.js';
import { normalizeText } from '../../src/classifiers/normalize.js';
import type { BrandConfig } from '../../src/config/schema.js';

const brand = (id: string, b: Partial<BrandConfig> & { names: string[] }): BrandConfig => ({
  id,
  aliases: [],
  keywords: [],
  exclude: [],
  terms: {},
  ...b,
});

const BRANDS = [
  brand('balenciaga', {
    names: ['Balenciaga', '巴黎世家'],
    aliases: ['B家', '#Balenci'],
    exclude: ['Musée Balenciaga', '巴黎世家博物馆', 'Cristóbal Balenciaga Museoa'],
  }),
  brand('dior', { names: ['Dior'] }),
  brand('northwind', { names: ['Northwind'], exclude: ['Northwind Traders'] }),
  brand('apple', { names: ['Apple'], exclude: ['apple pie'] }),
];
const matcher = new BrandMatcher(BRANDS);
const match = (text: string) => {
  const n = normalizeText(text);
  return matcher.match(n.normalized, n.compoundHashtags);
};

describe('BrandMatcher', () => {
  it('finds names across scripts and cases', () => {
    expect(match('BALENCIAGA sneakers')).toEqual(['balenciaga']);
    expect(match('我在巴黎世家买了鞋')).toEqual(['balenciaga']);
    expect(match('ｂａｌｅｎｃｉａｇａ')).toEqual(['balenciaga']);
  });

  it('finds a Latin brand name inside Chinese text (no word boundary needed there)', () => {
    expect(match('Balenciaga必须道歉')).toEqual(['balenciaga']);
    expect(match('今天去B家看了看')).toEqual(['balenciaga']);
  });

  it('matches traditional spellings of a simplified name', () => {
    expect(match('巴黎世傢這次太過分了')).toEqual(['balenciaga']);
  });

  it('needs word boundaries in Latin scripts', () => {
    expect(match('The Diorama at the museum')).toEqual([]);
    expect(match("Dior's new bag")).toEqual(['dior']);
    expect(match('Balenciagas everywhere')).toEqual([]);
  });

  it('finds brands in hashtags, split or run together, and in Weibo topics', () => {
    expect(match('#BoycottBalenciaga')).toEqual(['balenciaga']);
    expect(match('#boycottbalenciaga now')).toEqual(['balenciaga']);
    expect(match('#balenciagaboycott')).toEqual(['balenciaga']);
    expect(match('#抵制巴黎世家#')).toEqual(['balenciaga']);
    expect(match('#Balenci is trending')).toEqual(['balenciaga']);
  });

  it('does not read a short name into a longer hashtag word', () => {
    expect(match('#diorama')).toEqual([]);
  });

  it('drops a mention the exclusion contains (a museum, a namesake)', () => {
    expect(match('Visiting the Musée Balenciaga in Getaria')).toEqual([]);
    expect(match('参观了巴黎世家博物馆')).toEqual([]);
    expect(match('Northwind Traders sample database')).toEqual([]);
  });

  it('keeps the brand when the same post mentions it outside the exclusion', () => {
    expect(match('After the Musée Balenciaga I bought Balenciaga shoes')).toEqual(['balenciaga']);
  });

  it('rules the post out when an exclusion stands apart from the name', () => {
    expect(match('Apple announced a new phone; also my apple pie recipe')).toEqual(['apple']);
    expect(match('apple pie')).toEqual([]);
  });

  it('reports several brands in config order', () => {
    expect(match('Dior et Balenciaga, même combat')).toEqual(['balenciaga', 'dior']);
  });

  it('finds nothing when no brand is configured', () => {
    const none = new BrandMatcher([]);
    expect(none.match('balenciaga', [])).toEqual([]);
  });
});
