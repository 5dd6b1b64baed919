import { describe, expect, it } from 'vitest';
import { normalizeTerm, normalizeText, Normalizer, splitHashtag } from '../../src/classifiers/normalize.js';
import { foldCase } from '../../src/classifiers/fold.js';
import { toSimplified } from '../../src/classifiers/hanzi.js';
import { emptyCrisis } from '../../src/classifiers/crisis.js';
import { neutralSentiment } from '../../src/classifiers/sentiment.js';
import type { Classification } from '../../src/classifiers/classifier.js';
import type { Post } from '../../src/types.js';

describe('normalizeText', () => {
  it('turns full-width forms into ASCII and folds case (NFKC)', () => {
    expect(normalizeText('ＢＡＬＥＮＣＩＡＧＡ！１２３').normalized).toBe('balenciaga!123');
  });

  it('folds Latin accents and ligatures but leaves other scripts alone', () => {
    expect(foldCase('Cœur ÉCRASÉ à Noël, Straße')).toBe('coeur ecrase a noel, strasse');
    expect(foldCase('한국어 Ελληνικά')).toBe('한국어 ελληνικά');
  });

  it('converts traditional characters to simplified, including Taiwan and Hong Kong forms', () => {
    expect(normalizeText('巴黎世傢 抵製 頭髮 裡面 為什麼').normalized).toBe('巴黎世家 抵制 头发 里面 为什么');
  });

  it('leaves simplified characters that look like variants alone', () => {
    expect(toSimplified('什么 吃饭 台湾 么么哒')).toBe('什么 吃饭 台湾 么么哒');
  });

  it('unwraps Weibo topics into their words', () => {
    const { normalized } = normalizeText('#抵制巴黎世家#太过分了');
    expect(normalized).toBe(' 抵制巴黎世家 太过分了');
  });

  it('splits camel-case Twitter hashtags into words', () => {
    expect(normalizeText('Done. #BoycottBalenciaga #NBAFinals').normalized).toBe('done. boycott balenciaga nba finals');
    expect(splitHashtag('stop_it')).toBe('stop it');
  });

  it('keeps run-together hashtags whole and lists them for compound matching', () => {
    const text = normalizeText('#boycottbalenciaga and #Dior');
    expect(text.normalized).toBe('boycottbalenciaga and dior');
    expect(text.compoundHashtags).toEqual(['boycottbalenciaga', 'dior']);
  });

  it('does not take two Twitter hashtags for one Weibo topic', () => {
    const text = normalizeText('#love this #paris');
    expect(text.normalized).toBe('love this paris');
  });

  it('removes zero-width characters that would split a name, and keeps emoji', () => {
    expect(normalizeText('Bal\u200benci\u00adaga 😡👍🏽').normalized).toBe('balenciaga 😡👍');
  });

  it('makes typographic apostrophes plain', () => {
    expect(normalizeText('it’s n’importe quoi').normalized).toBe("it's n'importe quoi");
  });

  it('keeps accents and hashtags in the text language detection reads', () => {
    expect(normalizeText('Déçu #Boycott').lower).toBe('déçu #boycott');
  });

  it('folds terms the same way as posts', () => {
    expect(normalizeTerm('#BoycottBalenciaga')).toBe('boycottbalenciaga');
    expect(normalizeTerm('Musée Balenciaga')).toBe('musee balenciaga');
    expect(normalizeTerm('巴黎世傢')).toBe('巴黎世家');
  });
});

describe('Normalizer', () => {
  it('fills normalized and features and never changes the post', () => {
    const post: Post = {
      id: 'weibo:1',
      platform: 'weibo',
      sourceId: 's',
      url: '',
      author: { id: 'a', name: 'a' },
      title: 'Titre',
      text: '#抵製巴黎世傢# ＯＫ',
      publishedAt: '2026-01-01T00:00:00Z',
      collectedAt: '2026-01-01T00:00:00Z',
    };
    const work: Classification = { post, normalized: '', lang: 'und', brands: [], sentiment: neutralSentiment(), crisis: emptyCrisis() };
    new Normalizer().apply(work);
    expect(work.normalized).toBe('titre\n 抵制巴黎世家  ok');
    expect(work.features?.lower).toBe('titre\n#抵製巴黎世傢# ok');
    expect(post.text).toBe('#抵製巴黎世傢# ＯＫ');
  });
});
