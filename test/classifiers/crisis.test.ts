import { describe, expect, it } from 'vitest';
import { CrisisDetector, crisisScore } from '../../src/classifiers/crisis.js';
import { normalizeText } from '../../src/classifiers/normalize.js';
import type { BrandConfig } from '../../src/config/schema.js';

const BALENCIAGA: BrandConfig = {
  id: 'balenciaga',
  names: ['Balenciaga'],
  aliases: [],
  keywords: [],
  exclude: [],
  terms: { boycott: ['#BalenciagaOut', '拉黑巴黎世家'], safety: ['sole peeling'] },
};
const detector = new CrisisDetector([BALENCIAGA]);
const detect = (text: string, brands: string[] = []) => {
  const n = normalizeText(text);
  return detector.detect(n.normalized, n.compoundHashtags, brands);
};

describe('CrisisDetector: categories in three languages', () => {
  it('finds boycott, discrimination and violence in Chinese and reports each term', () => {
    const signal = detect('抵制！店员歧视中国顾客，还推搡老人');
    expect(signal.categories).toEqual(['boycott', 'discrimination', 'violence']);
    expect(signal.matches).toContainEqual({ term: '歧视', category: 'discrimination' });
    expect(signal.terms).toEqual(expect.arrayContaining(['抵制', '歧视', '推搡']));
  });

  it('finds terms in English and French, reporting the word a stem matched', () => {
    expect(detect('They are boycotting the brand after the racist remarks').matches).toEqual([
      { term: 'boycotting', category: 'boycott' },
      { term: 'racist', category: 'discrimination' },
    ]);
    expect(detect('Rappel conso : risque de surchauffe, produit défectueux').categories).toEqual(['safety']);
    expect(detect("C'est une arnaque, j'ai porté plainte").categories).toEqual(['fraud']);
  });

  it('finds service failures', () => {
    expect(detect('My fridge was delivered in the wrong colour and it never arrived on time').categories).toContain('service');
    expect(detect('快递发错货了，颜色不对').categories).toEqual(['service']);
  });

  it('matches traditional characters through normalisation', () => {
    expect(detect('大家一起抵製！').terms).toEqual(['抵制']);
  });

  it('finds terms in hashtags of every form', () => {
    expect(detect('#抵制巴黎世家#').categories).toEqual(['boycott']);
    expect(detect('#BoycottBalenciaga').matches).toEqual([{ term: 'boycott', category: 'boycott' }]);
    expect(detect('#boycottbalenciaga').matches).toEqual([{ term: 'boycott', category: 'boycott' }]);
    expect(detect('#scampi for dinner').terms).toEqual([]);
  });

  it('does not see terms inside longer words', () => {
    expect(detect('Scampi and scampering squirrels').terms).toEqual([]);
  });
});

describe('CrisisDetector: negation', () => {
  it.each([
    ['This is not a scam, they refunded me'],
    ["Ce n'est pas une arnaque, ils m'ont remboursé"],
    ["Ce n'est pas du tout une arnaque"],
    ['No racism here, the staff were lovely'],
    ['这不是骗子，是官方店'],
    ['店员没有歧视任何人'],
    ['大家别抵制了，已经道歉'.slice(0, 5)],
    ['产品无安全隐患'],
    ['这个品牌从来没有种族歧视'],
  ])('"%s" has no crisis term', (text) => {
    expect(detect(text).terms).toEqual([]);
  });

  it('still counts the term when the negation is further away or does not negate it', () => {
    expect(detect("I can't believe this scam").terms).toEqual(['scam']);
    expect(detect("Ce n'est qu'une arnaque").terms).toEqual(['arnaque']);
    expect(detect('No. This is a scam.').terms).toEqual(['scam']);
    expect(detect('不知道为什么大家都说这是骗子').terms).toEqual(['骗子']);
  });
});

describe('CrisisDetector: one mention, one term', () => {
  it('reports a phrase once, not also the shorter term inside it', () => {
    expect(detect('I had an allergic reaction to the cream').terms).toEqual(['allergic reaction']);
    expect(detect('Ten guests got food poisoning').terms).toEqual(['food poisoning']);
    expect(detect('Allergic to the new formula, with hives').terms).toEqual(['allergic', 'hives']);
  });

  it('ignores a term used in an everyday sense, and keeps it elsewhere in the same post', () => {
    expect(detect('颜值美到爆炸').terms).toEqual([]);
    expect(detect('美到爆炸，可惜充电宝突然爆炸了').terms).toEqual(['爆炸']);
  });
});

describe('CrisisDetector: terms from the config', () => {
  it("counts a brand's own terms only in posts about that brand, and says whose they are", () => {
    expect(detect('#BalenciagaOut', ['balenciaga']).matches).toContainEqual({ term: '#BalenciagaOut', category: 'boycott', brand: 'balenciaga' });
    expect(detect('#BalenciagaOut', []).matches.filter((m) => m.brand)).toEqual([]);
    expect(detect('my sole peeling after a week', ['balenciaga']).categories).toEqual(['safety']);
  });
});

describe('crisis score', () => {
  it('is 0 with nothing and grows with terms, repeats and categories, below 1', () => {
    expect(detect('lovely day').score).toBe(0);
    const one = detect('boycott').score;
    const two = detect('boycott, they are racist').score;
    const three = detect('boycott, racist, and a scam').score;
    expect(one).toBeGreaterThan(0.3);
    expect(two).toBeGreaterThan(one);
    expect(three).toBeGreaterThan(two);
    expect(three).toBeLessThan(1);
    expect(crisisScore(1, 3, 1)).toBeGreaterThan(crisisScore(1, 1, 1));
  });
});
