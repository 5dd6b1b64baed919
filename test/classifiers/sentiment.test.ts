import { describe, expect, it } from 'vitest';
import { normalizeText } from '../../src/classifiers/normalize.js';
import { SentimentScorer } from '../../src/classifiers/sentiment.js';

const scorer = new SentimentScorer({ languages: ['cmn', 'eng', 'fra'] });
const score = (text: string, lang: string) => scorer.score(normalizeText(text).normalized, lang);

describe('SentimentScorer: English', () => {
  it('scores plain positive and negative posts', () => {
    expect(score('I love this brand, the new collection is gorgeous', 'eng').label).toBe('pos');
    expect(score('Worst service ever, rude staff and a broken zip', 'eng').label).toBe('neg');
  });

  it('turns negated words around', () => {
    expect(score('This is not good at all', 'eng').label).toBe('neg');
    expect(score("I don't like the new logo", 'eng').label).toBe('neg');
    expect(score('not bad, actually', 'eng').label).toBe('pos');
  });

  it('weighs what follows "but" more', () => {
    expect(score('The bag is nice but the service was terrible', 'eng').label).toBe('neg');
  });

  it('reads "like" as a comparison unless someone likes', () => {
    expect(score('looks like rain today', 'eng')).toEqual(score('looks rain today', 'eng'));
    expect(score('I like it', 'eng').label).toBe('pos');
  });

  it('makes intensifiers stronger', () => {
    expect(score('very good', 'eng').score).toBeGreaterThan(score('good', 'eng').score);
  });
});

describe('SentimentScorer: French', () => {
  it('handles ne ... pas and spoken negation', () => {
    expect(score("Je n'aime pas cette boutique", 'fra').label).toBe('neg');
    expect(score("Ce n'est pas bon du tout", 'fra').label).toBe('neg');
    expect(score("c'est pas terrible", 'fra').label).toBe('neg');
  });

  it('knows set phrases and inflected forms', () => {
    expect(score('Pas mal du tout !', 'fra').label).toBe('pos');
    expect(score('Franchement décevante, cette collection', 'fra').label).toBe('neg');
    expect(score("J'adore, bravo à toute l'équipe", 'fra').label).toBe('pos');
  });
});

describe('SentimentScorer: Chinese', () => {
  it('scores with segmentation and the lexicon', () => {
    expect(score('今天真的很开心，谢谢大家', 'cmn').label).toBe('pos');
    expect(score('客服态度太差了，再也不买了', 'cmn').label).toBe('neg');
  });

  it.each([
    ['这个包不好看', 'neg'],
    ['我不喜欢这个颜色', 'neg'],
    ['一点都没意思', 'neg'],
    ['别担心，一切都好', 'pos'],
    ['毫无诚意', 'neg'],
    ['不是不好', 'pos'],
    ['这个包包不好看', 'neg'],
  ])('negation: %s → %s', (text, label) => {
    expect(score(text, 'cmn').label).toBe(label);
  });

  it('makes degree words stronger or weaker', () => {
    const plain = score('好看', 'cmn').score;
    expect(score('非常好看', 'cmn').score).toBeGreaterThan(plain);
    expect(score('有点好看', 'cmn').score).toBeLessThan(plain);
    expect(score('太失望了', 'cmn').score).toBeLessThan(score('失望', 'cmn').score);
  });

  it('reads traditional characters', () => {
    expect(score('這家店真的很討厭，服務太差', 'cmn').label).toBe('neg');
    expect(score('質量很好，非常滿意', 'cmn').label).toBe('pos');
  });

  it('reads English words and pinyin insults in Chinese posts', () => {
    expect(score('这次真的很 disappointing', 'cmn').label).toBe('neg');
    expect(score('排了三个小时 mdzz', 'cmn').label).toBe('neg');
  });

  it("reads Weibo's bracketed emoticons", () => {
    expect(score('[怒][怒]', 'cmn').label).toBe('neg');
    expect(score('收到啦[哈哈]', 'cmn').label).toBe('pos');
  });
});

describe('SentimentScorer: every language', () => {
  it('scores emoji and emoticons even without words', () => {
    expect(score('😍😍', 'und').label).toBe('pos');
    expect(score('😡', 'jpn').label).toBe('neg');
    expect(score('on my way :(', 'eng').label).toBe('neg');
    expect(score('see you <3', 'fra').label).toBe('pos');
  });

  it('does not read a link as an emoticon', () => {
    expect(score('https://example.com/x', 'eng').score).toBe(0);
  });

  it('keeps the score in -1..1 and labels a neutral band', () => {
    const long = score('amazing '.repeat(200), 'eng');
    expect(long.score).toBeLessThanOrEqual(1);
    expect(long.score).toBeGreaterThan(0.9);
    expect(score('', 'eng')).toEqual({ score: 0, label: 'neu' });
    expect(new SentimentScorer({ neutralBand: 0.5 }).fromTotal(1)).toEqual({ score: 0.25, label: 'neu' });
  });
});
