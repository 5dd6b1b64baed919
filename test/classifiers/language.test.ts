import { readdirSync, readFileSync } from 'node:fs';
import { francAll } from 'franc';
import { describe, expect, it } from 'vitest';
import { LanguageDetector } from '../../src/classifiers/language.js';
import { hintToIso6393 } from '../../src/classifiers/lang-codes.js';
import { normalizeText } from '../../src/classifiers/normalize.js';
import { TrigramScorer } from '../../src/classifiers/trigrams.js';

const detector = new LanguageDetector(['cmn', 'eng', 'fra']);
const detect = (text: string, hint?: string, d = detector) => d.detect(normalizeText(text).lower, hint);

describe('LanguageDetector: the script decides', () => {
  it('answers cmn for Han without kana, simplified or traditional', () => {
    expect(detect('今天天气很好，我们去公园散步吧')).toBe('cmn');
    expect(detect('這家店的服務真的很好，下次還會再來')).toBe('cmn');
  });

  it('keeps a Chinese post with Latin brand names and English words Chinese', () => {
    expect(detect('Balenciaga道歉了吗？#抵制巴黎世家#')).toBe('cmn');
    expect(detect('Balenciaga 这次真的 so disappointing 太让人失望')).toBe('cmn');
    expect(detect('巴黎世家 Balenciaga Paris')).toBe('cmn');
  });

  it('answers jpn when kana is there, or a character only Japanese writes', () => {
    const d = new LanguageDetector(['cmn', 'jpn', 'eng']);
    expect(detect('東京に行きたいです', undefined, d)).toBe('jpn');
    expect(detect('官位は従四位上・参議', undefined, d)).toBe('jpn');
    expect(detect('今天很开心', undefined, d)).toBe('cmn');
  });

  it('answers kor for Hangul when Korean is a candidate, und otherwise', () => {
    expect(detect('오늘 날씨가 정말 좋네요', undefined, new LanguageDetector(['kor', 'eng']))).toBe('kor');
    expect(detect('오늘 날씨가 정말 좋네요')).toBe('und');
  });

  it('keeps an English post quoting a Chinese word English', () => {
    expect(detect('Just tried the best 小笼包 in Shanghai, absolutely amazing and worth the queue')).toBe('eng');
  });
});

describe('LanguageDetector: trigrams among the candidates', () => {
  it('tells English and French apart in ordinary posts', () => {
    expect(detect('The staff at the store were rude and the delivery was late again')).toBe('eng');
    expect(detect("Ce n'est pas une arnaque, le service client a été très réactif")).toBe('fra');
  });

  it('never answers a language outside the candidates', () => {
    const answer = detect('Hoy tengo libre, mañana no puedo porque trabajo todo el día');
    expect(['eng', 'fra', 'und']).toContain(answer);
  });

  it('tells Spanish from Portuguese with function words', () => {
    const d = new LanguageDetector(['spa', 'por', 'eng', 'fra', 'ita']);
    expect(detect('ya somos dos, que triste es todo esto', undefined, d)).toBe('spa');
    expect(detect('não sei o que fazer com isso, você tem razão', undefined, d)).toBe('por');
  });

  it('ignores links, mentions and hashtags', () => {
    expect(detect('@user @user https://t.co/abc #MasterChefBR #TheNoite Je suis vraiment très content de ce résultat')).toBe('fra');
  });
});

describe('LanguageDetector: short or unclear text', () => {
  it('answers und for text too short to tell', () => {
    expect(detect('ok')).toBe('und');
    expect(detect('lol 😂😂')).toBe('und');
    expect(detect('https://t.co/x @user')).toBe('und');
    expect(detect('好')).toBe('und');
  });

  it("answers the platform's hint when the text cannot tell", () => {
    expect(detect('ok', 'en')).toBe('eng');
    expect(detect('Merci !', 'fr')).toBe('fra');
    expect(detect('🙂', 'zh-Hant')).toBe('cmn');
  });

  it('reads hashtags when they are all there is', () => {
    expect(detect('#boycott #shameonyou #neverforget')).not.toBe('fra');
  });
});

describe('hintToIso6393', () => {
  it('maps ISO 639-1 and 639-2 codes to the codes franc uses', () => {
    expect(hintToIso6393('en')).toBe('eng');
    expect(hintToIso6393('zh-CN')).toBe('cmn');
    expect(hintToIso6393('ara')).toBe('arb');
    expect(hintToIso6393('und')).toBeUndefined();
    expect(hintToIso6393(undefined)).toBeUndefined();
  });
});

describe('TrigramScorer', () => {
  const samples = [
    'The quick brown fox jumps over the lazy dog while the farmer watches',
    'Le service client ne répond plus depuis trois semaines, je suis furieux',
    'Hoy tengo libre, viernes no puedo, pero el sábado nos vemos en la playa',
    'Ich habe ein neues Fahrrad gekauft und fahre jetzt jeden Tag zur Arbeit',
    'Questa pizza è davvero buonissima, torneremo sicuramente la prossima volta',
    'Eu adoro esse lugar, a comida é ótima e o atendimento é muito bom',
  ];
  const candidates = ['eng', 'fra', 'spa', 'deu', 'ita', 'por'];
  const scorer = new TrigramScorer(candidates);

  it("ranks like franc itself (same models, same distance)", () => {
    for (const text of samples) {
      const ours = scorer.rank(text, 'Latin').map((d) => d.lang);
      const theirs = francAll(text, { only: candidates }).map(([lang]) => lang);
      expect(ours).toEqual(theirs);
    }
  });

  it('gives franc\'s ranking and scores on every English and French development post, and on odd texts', () => {
    const dir = new URL('../fixtures/crisis/', import.meta.url);
    const texts = readdirSync(dir)
      .filter((f) => f.startsWith('development') && f.endsWith('.jsonl'))
      .flatMap((f) => readFileSync(new URL(f, dir), 'utf8').split('\n').filter(Boolean))
      .map((line) => JSON.parse(line) as { lang: string; text: string })
      .filter((p) => p.lang === 'en' || p.lang === 'fr')
      .map((p) => p.text);
    expect(texts.length).toBeGreaterThan(500);
    const odd = [
      // Lower-casing makes İ two code units: more trigrams than franc's 2,048 characters.
      `${'İ'.repeat(1500)} ${'the quick brown fox '.repeat(27)}`,
      `Le service ${'répond pas '.repeat(400)}`,
      'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa the the the',
    ];
    let compared = 0;
    for (const text of [...texts, ...odd]) {
      const theirs = francAll(text, { only: candidates, minLength: 1 });
      // franc read the text as another script, or as too short: nothing to compare.
      if (theirs.length !== candidates.length) continue;
      const ours = scorer.rank(text, 'Latin');
      expect(ours.map((d) => d.lang), text).toEqual(theirs.map(([lang]) => lang));
      ours.forEach((d, i) => expect(d.score, text).toBeCloseTo(theirs[i]?.[1] ?? NaN, 12));
      compared += 1;
    }
    expect(compared).toBeGreaterThan(500);
  });

  it('knows only the candidates of a script group', () => {
    expect(scorer.languagesOf('Latin').sort()).toEqual([...candidates].sort());
    expect(scorer.languagesOf('Cyrillic')).toEqual([]);
  });
});
