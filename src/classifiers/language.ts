/**
 * Language, as ISO 639-3 (`cmn`, `eng`, `fra`, ...) or `und`.
 *
 * The script decides where it can: Han without kana is Chinese, kana is Japanese, Hangul is
 * Korean, and a Chinese post that carries a Latin brand name or a few English words is still
 * Chinese (Han characters are weighed as words, not letters). Alphabetic text goes to franc's
 * trigram models, limited to the configured candidates of that script. Text too short to tell,
 * or too close between two candidates, answers the platform's hint or `und`: a wrong language
 * would send the post to the wrong lexicons.
 */
import type { Classification, Classifier } from './classifier.js';
import { classAt, LETTER, widthOf } from './char-classes.js';
import { canonicalLanguage, hintToIso6393 } from './lang-codes.js';
import { countScripts, topAlphabet, type Script } from './scripts.js';
import { FUNCTION_WORDS } from './lexicons/function-words.js';
import { TrigramScorer, type LanguageDistance } from './trigrams.js';

/** JSDoc'd tuning, one place: how much text is enough and how close is too close. */
export interface LanguageTuning {
  /** Fewer letters than this in the main alphabetic script: not enough to tell. @default 8 */
  minLetters: number;
  /** Han and kana characters per word when weighing them against alphabetic words. @default 1.7 */
  hanPerWord: number;
  /** Scores closer than this between the two best candidates: too close to call. @default 0.002 */
  minMargin: number;
  /** How much one function word of a language lowers its trigram distance. @default 300 */
  functionWordWeight: number;
  /**
   * A candidate with at least this many function words, and at least twice as many as any other,
   * is the answer without trigrams: ordinary sentences settle fast. @default 4
   */
  clearFunctionWords: number;
}

export const DEFAULT_LANGUAGE_TUNING: LanguageTuning = {
  minLetters: 8,
  hanPerWord: 1.7,
  minMargin: 0.002,
  functionWordWeight: 300,
  clearFunctionWords: 4,
};

function clearWinner(hits: Map<string, number>, minimum: number): string | undefined {
  let best: string | undefined;
  let most = 0;
  let second = 0;
  for (const [lang, n] of hits) {
    if (n > most) {
      second = most;
      most = n;
      best = lang;
    } else if (n > second) second = n;
  }
  return most >= minimum && most >= 2 * second ? best : undefined;
}

/** franc's trigram groups for the alphabetic scripts; the rest have one language each. */
const GROUP: Partial<Record<Script, string>> = {
  latin: 'Latin',
  cyrillic: 'Cyrillic',
  arabic: 'Arabic',
  devanagari: 'Devanagari',
  hebrew: 'Hebrew',
};
const SINGLE: Partial<Record<Script, string>> = { greek: 'ell', thai: 'tha' };

/** What is not language: links, @mentions, Twitter hashtags, HTML entities, retweet marks. */
const NOISE = /https?:\/\/\S+|\bwww\.\S+|\bhttps?\b|@[\p{L}\p{N}_.]+|#[\p{L}\p{N}_]+|&#?[a-z0-9]+;|\brt\b/gu;
const WEIBO_TOPIC_MARK = /#([^#\n\r]{1,64}?[\u3400-\u9fff][^#\n\r]{0,64}?)#/g;
const HASHTAG_SIGN = /#([\p{L}\p{N}_]+)/gu;
const APOSTROPHE = 0x27;
/** Characters only Japanese writes (shinjitai like 従, 駅, 気): Han text with one is Japanese. */
const JAPANESE_ONLY = /[従駅気円県関広鉄舗売読続転銭銀験戦桜伝辺両団図労営栄覚拡穂滝沢浜渓剤斎斉薬様]/;

export class LanguageDetector implements Classifier {
  readonly name = 'language';
  private readonly candidates: Set<string>;
  private readonly scorer: TrigramScorer;
  private readonly tuning: LanguageTuning;
  /** Function words → the candidates they belong to, when every Latin candidate has a list. */
  private readonly functionWords = new Map<string, string[]>();

  constructor(languages: readonly string[], tuning: Partial<LanguageTuning> = {}) {
    this.candidates = new Set(languages.map(canonicalLanguage));
    this.scorer = new TrigramScorer([...this.candidates]);
    this.tuning = { ...DEFAULT_LANGUAGE_TUNING, ...tuning };
    const latin = this.scorer.languagesOf('Latin');
    if (latin.length > 1 && latin.every((lang) => FUNCTION_WORDS[lang] !== undefined)) {
      for (const lang of latin) {
        for (const word of (FUNCTION_WORDS[lang] ?? '').split(/\s+/)) {
          if (word === '') continue;
          const langs = this.functionWords.get(word) ?? [];
          if (!langs.includes(lang)) langs.push(lang);
          this.functionWords.set(word, langs);
        }
      }
    }
  }

  apply(work: Classification): void {
    work.lang = this.detect(work.features?.lower ?? work.post.text.toLowerCase(), work.post.langHint);
  }

  /** @param lower the text, lower-cased (not accent-folded: accents tell languages apart). */
  detect(lower: string, langHint?: string): string {
    const hint = hintToIso6393(langHint);
    // Weibo topics are Chinese sentences: keep their words. Twitter hashtags are often names or
    // run-together words that read as nothing: drop them, unless they are all there is.
    const withTopics = lower.includes('#') ? lower.replace(WEIBO_TOPIC_MARK, ' $1 ') : lower;
    let text = withTopics.replace(NOISE, ' ');
    let answer = this.fromText(text, hint);
    if (answer === undefined && withTopics.includes('#')) {
      text = withTopics.replace(HASHTAG_SIGN, ' $1 ').replace(NOISE, ' ');
      answer = this.fromText(text, hint);
    }
    return answer ?? this.fallback(hint);
  }

  /** The language when the text tells, undefined when it does not. */
  private fromText(text: string, hint: string | undefined): string | undefined {
    const counts = countScripts(text);
    const cjk = counts.han + counts.kana + counts.hangul;
    let alphabeticWords = 0;
    for (const n of Object.values(counts.words)) alphabeticWords += n;
    const cjkWords = (counts.han + counts.kana) / this.tuning.hanPerWord + counts.hangul / 2.5;

    if (cjk > 0 && cjkWords >= alphabeticWords) {
      let lang: string | undefined;
      if (counts.hangul >= counts.han + counts.kana) lang = 'kor';
      else if (counts.kana >= 2 || (counts.kana >= 1 && counts.kana * 4 >= counts.han) || JAPANESE_ONLY.test(text)) lang = 'jpn';
      else if (counts.han >= 2) lang = 'cmn';
      if (lang !== undefined && this.candidates.has(lang)) return lang;
      return lang === undefined ? undefined : this.fallback(hint);
    }

    const [script, letters] = topAlphabet(counts);
    // One word (a brand name, "merci") does not tell a language, however long.
    if (letters < this.tuning.minLetters || counts.words[script] < 2) return undefined;
    const single = SINGLE[script];
    if (single !== undefined) return this.candidates.has(single) ? single : this.fallback(hint);
    const group = GROUP[script];
    if (group === undefined) return this.fallback(hint);
    const hits = group === 'Latin' && this.functionWords.size > 0 ? this.functionWordHits(text) : undefined;
    const clear = hits ? clearWinner(hits, this.tuning.clearFunctionWords) : undefined;
    if (clear !== undefined) return clear;
    const ranked = this.scorer.rank(text, group);
    if (hits) this.weigh(hits, text, ranked);
    const [best, second] = ranked;
    if (best === undefined) return this.fallback(hint);
    if (second !== undefined && best.score - second.score < this.tuning.minMargin) {
      // Too close to call: the platform's word settles it when it names one of the two.
      if (hint === best.lang || hint === second.lang) return hint;
      return undefined;
    }
    return best.lang;
  }

  /** How many of each candidate's function words the text has. */
  private functionWordHits(text: string): Map<string, number> {
    const hits = new Map<string, number>();
    // Words are runs of letters and apostrophes (`[\p{L}']+`), read with the character table: no
    // match array per word. A word with apostrophes counts whole and in its parts (l'usine: l, usine).
    const n = text.length;
    let i = 0;
    while (i < n) {
      const bits = classAt(text, i);
      if ((bits & LETTER) === 0 && text.charCodeAt(i) !== APOSTROPHE) {
        i += widthOf(bits);
        continue;
      }
      const start = i;
      let apostrophe = false;
      while (i < n) {
        const next = classAt(text, i);
        if ((next & LETTER) !== 0) i += widthOf(next);
        else if (text.charCodeAt(i) === APOSTROPHE) {
          apostrophe = true;
          i++;
        } else break;
      }
      const word = text.slice(start, i);
      this.countFunctionWord(word, hits);
      if (apostrophe) for (const part of word.split("'")) this.countFunctionWord(part, hits);
    }
    return hits;
  }

  private countFunctionWord(word: string, hits: Map<string, number>): void {
    const langs = this.functionWords.get(word);
    if (langs !== undefined) for (const lang of langs) hits.set(lang, (hits.get(lang) ?? 0) + 1);
  }

  /** Lowers each candidate's distance by its function words in the text, then ranks again. */
  private weigh(hits: Map<string, number>, text: string, ranked: LanguageDistance[]): void {
    if (hits.size === 0) return;
    const scale = text.length * 300;
    for (const d of ranked) d.distance -= (hits.get(d.lang) ?? 0) * this.tuning.functionWordWeight;
    ranked.sort((a, b) => a.distance - b.distance);
    const min = ranked[0]?.distance ?? 0;
    for (const d of ranked) d.score = 1 - (d.distance - min) / (scale - min) || 0;
  }

  private fallback(hint: string | undefined): string {
    return hint ?? 'und';
  }
}
