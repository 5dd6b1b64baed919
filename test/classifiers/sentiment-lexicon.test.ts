import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeText } from '../../src/classifiers/normalize.js';
import { LexiconSentiment } from '../../src/classifiers/sentiment-lexicon.js';
import { mostFrequentWords } from '../../src/classifiers/sentiment/chinese.js';
import { hasElongated } from '../../src/classifiers/sentiment/latin.js';

// The lexicon scorer: a feature of the trained models, the fallback for languages without one,
// and the "before" baseline of `vigie eval`. The trained models are tested in sentiment.test.ts.
const scorer = new LexiconSentiment({ languages: ['cmn', 'eng', 'fra'] });
const score = (text: string, lang: string) => scorer.score(normalizeText(text).normalized, lang);

describe('LexiconSentiment: English', () => {
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

describe('LexiconSentiment: French', () => {
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

  it.each([
    ["Je n'aime pas du tout ce service", 'neg'],
    ["Ce n'est jamais décevant", 'pos'],
    ["Je n'aime pas, c'est nul", 'neg'],
    ["On n'est pas déçus, c'est vraiment génial", 'pos'],
  ])('French negation: %s → %s', (text, label) => {
    expect(score(text, 'fra').label).toBe(label);
  });

  it('ends « ne … pas » at the word it negates', () => {
    // Without this, « pas » would open a second scope and turn « horrible » around.
    expect(score("Je n'aime pas ce film horrible", 'fra').score).toBeLessThan(score("Je n'aime pas ce film", 'fra').score);
  });

  it('reads fighting or reducing a bad thing as good', () => {
    expect(score('Lutter contre la pollution des rivières', 'fra').label).toBe('pos');
    expect(score('Un plan pour réduire le chômage', 'fra').label).toBe('pos');
    expect(score('La pollution des rivières', 'fra').label).toBe('neg');
  });

  it('makes French degree words stronger', () => {
    expect(score('vraiment décevant', 'fra').score).toBeLessThan(score('décevant', 'fra').score);
    expect(score('très prometteur', 'fra').score).toBeGreaterThan(score('prometteur', 'fra').score);
  });

  it('weighs what follows « mais » more', () => {
    expect(score("L'accueil était sympa mais le repas était franchement médiocre", 'fra').label).toBe('neg');
    expect(score('Un peu cher mais délicieux et copieux', 'fra').label).toBe('pos');
  });

  it('knows news and everyday words of praise and complaint', () => {
    expect(score('Une étape prometteuse pour le projet', 'fra').label).toBe('pos');
    expect(score('Encore un fiasco, quel amateurisme', 'fra').label).toBe('neg');
    expect(score('Le train est encore en retard, ras le bol', 'fra').label).toBe('neg');
  });

  it('reads stretched words', () => {
    expect(score('nuuuul', 'fra').label).toBe('neg');
    expect(score('trop cooool', 'fra').label).toBe('pos');
  });

  it('sees a stretched letter exactly where /(\\p{L})\\1{2,}/u does (the scan that replaced it)', () => {
    // Letters of several scripts and planes, digits, marks and symbols, repeated or not.
    const piece = fc.constantFrom('a', 'b', 'Z', 'é', 'ß', 'ж', 'ع', '家', '1', '_', "'", '\u0301', '😀', '𝐚', '!');
    fc.assert(
      fc.property(fc.array(fc.tuple(piece, fc.integer({ min: 1, max: 4 })), { maxLength: 8 }), (runs) => {
        const token = runs.map(([p, n]) => p.repeat(n)).join('');
        expect(hasElongated(token)).toBe(/(\p{L})\1{2,}/u.test(token));
      }),
      { numRuns: 3000, seed: 11 },
    );
  });

  it('does not read the conditional of pouvoir as pourri', () => {
    expect(score('Ils pourraient venir demain', 'fra').score).toBe(0);
  });
});

describe('LexiconSentiment: Chinese', () => {
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

  it.each([
    ['[泪]', 'neg'],
    ['[赞]', 'pos'],
    ['[心]', 'pos'],
    ['[拜拜]', 'neg'],
    ['[允悲]', 'neg'],
    ['[doge]', 'pos'],
    ['[二哈]', 'neu'],
  ])('emoticon code %s → %s', (text, label) => {
    expect(score(text, 'cmn').label).toBe(label);
  });

  it('weighs the clause after a contrast word more', () => {
    expect(score('外观很漂亮，但是质量太差了', 'cmn').label).toBe('neg');
    expect(score('价格有点贵，不过真的很好用', 'cmn').label).toBe('pos');
    expect(score('虽然排队很久，可是味道绝绝子', 'cmn').label).toBe('pos');
  });

  it('knows internet slang', () => {
    expect(score('这服务真是无语了，心累', 'cmn').label).toBe('neg');
    expect(score('看完直接破防了', 'cmn').label).toBe('neg');
    expect(score('这家店太给力了，良心商家', 'cmn').label).toBe('pos');
    expect(score('又被坑了，垃圾', 'cmn').label).toBe('neg');
  });

  it('reads laughter and sobbing of any length', () => {
    expect(score('哈哈哈哈哈哈哈哈', 'cmn').label).toBe('pos');
    expect(score('hhhhhhhh', 'cmn').label).toBe('pos');
    expect(score('呜呜呜呜呜', 'cmn').label).toBe('neg');
  });

  it('does not turn swearing around after a negation', () => {
    expect(score('别他妈烦我', 'cmn').label).toBe('neg');
    expect(score('不要脸', 'cmn').label).toBe('neg');
  });

  it('does not read Latin words by their parts', () => {
    expect(score('demo', 'cmn').score).toBeGreaterThanOrEqual(0);
    expect(score('今天很emo', 'cmn').label).toBe('neg');
  });

  it('lets a weak unknown word leave a negation in place', () => {
    expect(score('我觉得并不好看', 'cmn').label).toBe('neg');
  });
});

describe("jieba's dictionary, trimmed to its most frequent words", () => {
  const dict = Buffer.from('一一 5 m\n好看 300 a\n门店 40 n\n差劲 40 a\n抵制 40 v\n烦死 7 v');

  it('keeps the most frequent lines in their order, ties to the earlier lines', () => {
    expect(mostFrequentWords(dict, 3).toString()).toBe('好看 300 a\n门店 40 n\n差劲 40 a\n');
    expect(mostFrequentWords(dict, 5).toString()).toBe('好看 300 a\n门店 40 n\n差劲 40 a\n抵制 40 v\n烦死 7 v\n');
  });

  it('returns the dictionary as it is when it has no more words than asked', () => {
    expect(mostFrequentWords(dict, 6)).toBe(dict);
    expect(mostFrequentWords(Buffer.from(''), 10).length).toBe(0);
  });
});

describe('LexiconSentiment: every language', () => {
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
    expect(new LexiconSentiment({ neutralBand: 0.5 }).fromTotal(1)).toEqual({ score: 0.25, label: 'neu' });
  });
});

describe('LexiconSentiment: scorers prepared by another (a prestarted classify thread)', () => {
  const texts: [string, string][] = [
    ['this is not good at all, terrible service', 'eng'],
    ["je n'aime pas du tout, c'est nul", 'fra'],
    ['das ist wirklich schlecht', 'deu'],
    ['这个品牌太让人失望了，再也不买', 'cmn'],
    ['质量很好 love it', 'cmn'],
  ];

  it('takes the prepared languages it is asked for, builds the others, and scores as a new one does', () => {
    const prepared = new LexiconSentiment({ languages: ['cmn', 'eng', 'fra'] });
    const reusing = new LexiconSentiment({ languages: ['cmn', 'eng', 'deu'], reuse: prepared });
    const fresh = new LexiconSentiment({ languages: ['cmn', 'eng', 'deu'] });
    expect(reusing.chineseScorer()).toBe(prepared.chineseScorer());
    expect(fresh.chineseScorer()).not.toBe(prepared.chineseScorer());
    for (const [text, lang] of texts) {
      const { normalized } = normalizeText(text);
      expect(reusing.score(normalized, lang), text).toEqual(fresh.score(normalized, lang));
      expect(reusing.score(normalized, lang).score, text).not.toBe(0);
    }
  });
});
