/**
 * Sentiment for languages written with spaces between words: natural's vocabulary for the
 * language, Vigie's additions (set phrases, social-media words), negation that turns the next
 * few words around ("not good", "ne ... pas", "pas terrible"), intensifiers, and contrast words
 * after which the rest of the sentence counts more ("but", "mais"). Unknown words are tried
 * again by their stem (natural's Porter stemmers), so `décevante` finds `décevant`, and
 * stretched words ("nuuul") without the stretch; words listed as neutral block both.
 */
import type { LatinLanguageExtras } from '../lexicons/sentiment-latin.js';
import type { NaturalVocabulary, Stemmer } from './natural.js';
import { NEGATIVE_WEIGHT } from './weights.js';

/** VADER's damping of a negated word: "not good" is less bad than "bad" is. */
const NEGATED = -0.74;
/** How many words a negation reaches. */
const NEGATION_SCOPE = 3;
const CONTRAST_BEFORE = 0.5;
const CONTRAST_AFTER = 1.5;
/** Stems remembered per language; beyond, the cache starts over (posts repeat their words). */
const STEM_CACHE_LIMIT = 50_000;
/** Shorter words are not stemmed, and shorter stems not trusted: `faut` is not `faute`. */
const MIN_STEMMED = 5;
const MIN_STEM = 4;

const TOKEN = /[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*|[.!?;:]+/gu;
/** A token starting with `.`, `!`, `?`, `;` or `:` (a punctuation run): one per token, no expression. */
function isClauseEnd(code: number): boolean {
  return code === 0x2e || code === 0x21 || code === 0x3f || code === 0x3b || code === 0x3a;
}
/** A letter written three or more times in a row. */
const ELONGATED = /(\p{L})\1{2,}/gu;
const HAS_ELONGATED = /(\p{L})\1{2,}/u;
const LETTER = /^\p{L}$/u;

/**
 * Whether a letter stands three or more times in a row (what ELONGATED finds), by a scan of the
 * code units: asked of every word the lexicon does not know, where the expression cost more than
 * the look-up itself. A word with a letter outside the BMP (two code units) is left to the
 * expression.
 */
export function hasElongated(token: string): boolean {
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return HAS_ELONGATED.test(token);
    if (i < 2 || c !== token.charCodeAt(i - 1) || c !== token.charCodeAt(i - 2)) continue;
    if (c < 0x80 ? ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) : LETTER.test(token[i] ?? '')) return true;
  }
  return false;
}
const URL_OR_MENTION = /https?:\/\/\S+|\bwww\.\S+|@[\p{L}\p{N}_.]+/gu;

export interface LatinScore {
  /** Sum of the words' scores, AFINN scale. */
  total: number;
  /** How many words carried sentiment. */
  hits: number;
}

type Tokenize = (text: string) => string[];

/** English keeps contractions as one word without the apostrophe ("don't" → "dont"). */
const joinApostrophes: Tokenize = (text) => {
  const tokens = text.match(TOKEN) ?? [];
  // In place: no second array per post.
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] ?? '';
    if (t.includes("'")) tokens[i] = t.replace(/'/g, '');
  }
  return tokens;
};
/** French splits elisions ("j'adore" → "j", "adore"; "n'est" → "n", "est"). */
const splitElisions: Tokenize = (text) => {
  const out: string[] = [];
  for (const t of text.match(TOKEN) ?? []) {
    if (t.includes("'")) out.push(...t.split("'"));
    else out.push(t);
  }
  return out;
};

export class LatinSentiment {
  private readonly words = new Map<string, number>();
  /** First words of phrases, so a phrase is only looked for where one can start. */
  private readonly phraseStarts = new Set<string>();
  private readonly negations: Set<string>;
  private readonly intensifiers = new Map<string, number>();
  private readonly contrast: Set<string>;
  /** Stem → the score of the first lexicon word that gave it. */
  private readonly stems = new Map<string, number>();
  private readonly stemCache = new Map<string, number | null>();
  private readonly stemmer: Stemmer | undefined;
  private readonly tokenize: Tokenize;

  constructor(lang: string, natural: NaturalVocabulary | undefined, extras: LatinLanguageExtras | undefined) {
    this.tokenize = lang === 'fra' || lang === 'ita' || lang === 'cat' ? splitElisions : joinApostrophes;
    const key = (text: string) => this.tokenize(text.toLowerCase()).join(' ');
    const ignore = new Set(extras?.ignore ?? []);
    for (const [word, score] of natural?.words ?? []) {
      const k = key(foldKey(word));
      if (!ignore.has(k)) this.addWord(k, score);
    }
    // Known as no sentiment: neither natural's score nor a stem's look-alike (`pourrait` is not
    // `pourri`) counts; the additions below may still score them.
    for (const word of extras?.neutral ?? []) this.words.set(key(word), 0);
    for (const [score, list] of Object.entries(extras?.wordsByScore ?? {})) {
      for (const word of list.split(/\s+/)) if (word !== '') this.addWord(key(word.replace(/-/g, ' ')), Number(score));
    }
    for (const [word, score] of Object.entries(extras?.words ?? {})) this.addWord(key(word), score);
    this.negations = new Set([...(natural?.negations ?? []), ...(extras?.negations ?? [])].map((w) => key(foldKey(w))));
    for (const [word, factor] of Object.entries(extras?.intensifiers ?? {})) this.intensifiers.set(key(word), factor);
    this.contrast = new Set(extras?.contrast ?? []);
    this.stemmer = natural?.stemmer;
    if (this.stemmer) {
      for (const [word, score] of this.words) {
        if (word.includes(' ') || score === 0) continue;
        const stem = this.stemmer.stem(word);
        if (stem.length >= MIN_STEM && !this.stems.has(stem)) this.stems.set(stem, score);
      }
    }
  }

  private addWord(key: string, score: number): void {
    if (key === '') return;
    this.words.set(key, score);
    const space = key.indexOf(' ');
    if (space > 0) this.phraseStarts.add(key.slice(0, space));
  }

  /**
   * @param normalized folded text (lower case, no accents).
   * @param trace called with each word or phrase that counted and its value: to explain a score.
   */
  score(normalized: string, trace?: (word: string, value: number) => void): LatinScore {
    // Most posts have neither a link nor a mention: no pass of the expression over them.
    const noisy = normalized.includes('http') || normalized.includes('www.') || normalized.includes('@');
    const tokens = this.tokenize(noisy ? normalized.replace(URL_OR_MENTION, ' ') : normalized);
    let before = 0;
    let after = 0;
    let contrasted = false;
    let hits = 0;
    let negation = 0;
    let negatedAt = -2;
    let boost = 1;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i] ?? '';
      if (isClauseEnd(token.charCodeAt(0))) {
        negation = 0;
        boost = 1;
        continue;
      }
      let value: number | undefined;
      let width = 1;
      if (this.phraseStarts.has(token)) {
        const three = `${token} ${tokens[i + 1] ?? ''} ${tokens[i + 2] ?? ''}`;
        const two = `${token} ${tokens[i + 1] ?? ''}`;
        value = this.words.get(three);
        if (value !== undefined) width = 3;
        else {
          value = this.words.get(two);
          if (value !== undefined) width = 2;
        }
        if (value === undefined) {
          const factor = this.intensifiers.get(two);
          if (factor !== undefined) {
            boost *= factor;
            i++;
            continue;
          }
        }
      }
      if (value === undefined) {
        if (this.negations.has(token)) {
          // The second half of « ne … pas » after the word it negated starts no new scope.
          if (i !== negatedAt + 1) negation = NEGATION_SCOPE;
          continue;
        }
        if (this.contrast.has(token)) {
          contrasted = true;
          negation = 0;
          continue;
        }
        const factor = this.intensifiers.get(token);
        if (factor !== undefined && this.valueOf(tokens[i + 1] ?? '')) {
          boost *= factor;
          continue;
        }
        value = this.valueOf(token);
      }
      if (!value) {
        if (negation > 0) negation--;
        continue;
      }
      let v = value * boost;
      if (negation > 0 && width === 1) {
        v *= NEGATED;
        negatedAt = i;
      }
      if (v < 0) v *= NEGATIVE_WEIGHT;
      boost = 1;
      negation = 0;
      hits++;
      trace?.(tokens.slice(i, i + width).join(' '), v);
      if (contrasted) after += v;
      else before += v;
      i += width - 1;
    }
    const total = contrasted ? before * CONTRAST_BEFORE + after * CONTRAST_AFTER : before;
    return { total, hits };
  }

  private valueOf(token: string): number | undefined {
    const value = this.lookUp(token);
    if (value !== undefined || !hasElongated(token)) return value;
    // Stretched words of social media: "nuuul", "coooool", "ptdrrr".
    return this.lookUp(token.replace(ELONGATED, '$1')) ?? this.lookUp(token.replace(ELONGATED, '$1$1'));
  }

  private lookUp(token: string): number | undefined {
    const direct = this.words.get(token);
    if (direct !== undefined || !this.stemmer || token.length < MIN_STEMMED) return direct;
    const cached = this.stemCache.get(token);
    if (cached !== undefined) return cached ?? undefined;
    const stem = this.stemmer.stem(token);
    const value = stem.length >= MIN_STEM ? this.stems.get(stem) : undefined;
    if (this.stemCache.size >= STEM_CACHE_LIMIT) this.stemCache.clear();
    this.stemCache.set(token, value ?? null);
    return value;
  }
}

/** Lexicon keys folded as post text is: lower case, no accents. */
function foldKey(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}
