/**
 * What the trained sentiment models read in a post: hashed features computed from the
 * normalised text, the same code at training and at scoring time.
 *
 * Languages written with spaces: words (with the few words after a negation marked as negated,
 * "not good" → NOT_good, Das and Chen 2001), pairs of words, character n-grams of each word
 * (they carry inflections and stretched spellings: `décevante`, `nuuul`), emoji, `!`/`?` runs.
 * Chinese: jieba's words (negation marked the same way), pairs of words, characters and pairs
 * of characters, and Weibo's bracketed emoticons ([允悲], [泪]) each as one feature: jieba does
 * not see them (they are cut out before segmentation), and their characters alone say less. Both: the lexicon scorer's verdict as two dense features, so the model can lean
 * on it where its own evidence is thin. Sparse features are scaled to unit length, so a long
 * post does not shout louder than a short one.
 */
import { classAt, LETTER, NUMBER, PICTOGRAPHIC, widthOf } from '../char-classes.js';
import { ZH_NEGATIONS } from '../lexicons/sentiment-zh.js';
import { squash } from '../sentiment-lexicon.js';
import type { ChineseSentiment } from './chinese.js';
import { avalanche, combine, FNV_OFFSET, fnvStep, hashRange, hashString, KIND } from './hashing.js';
import { scoreSignals } from './signals.js';

export interface FeatureConfig {
  /** log2 of the number of hash buckets. */
  bits: number;
  /** Character n-grams of words from `minGram` to `maxGram` characters (Latin scripts; 0: none). */
  minGram: number;
  maxGram: number;
  /** Characters n-grams of Chinese text, from 1 to `hanGram` characters. */
  hanGram: number;
  /** The lexicon scorer's verdict as features: its value, and which of a few bands it falls in. */
  lexicon: boolean;
  /**
   * Bits per stored weight, 8 or 16 (model.ts). Not a feature, but part of the model's shape that
   * training and cross-validation must see: figures are measured on the weights as stored.
   * @default 16 (models written before it existed)
   */
  weightBits?: 8 | 16;
}

export const DEFAULT_FEATURES: FeatureConfig = { bits: 18, minGram: 3, maxGram: 5, hanGram: 2, lexicon: true, weightBits: 8 };

/** What decides the features a post gets (not how weights are stored): two models with the same key read the same vector. */
export function featureSettings(c: FeatureConfig): string {
  return `${c.bits}/${c.minGram}/${c.maxGram}/${c.hanGram}/${c.lexicon}`;
}

/** A reusable sparse vector: bucket indices and values, possibly repeated (they add up). */
export class FeatureVector {
  idx: Int32Array;
  val: Float32Array;
  n = 0;
  /** Words (not emoji or punctuation) the post had: with none, the model has little to go on. */
  words = 0;

  constructor(capacity = 1024) {
    this.idx = new Int32Array(capacity);
    this.val = new Float32Array(capacity);
  }

  push(bucket: number, value: number): void {
    if (this.n === this.idx.length) {
      const idx = new Int32Array(this.n * 2);
      const val = new Float32Array(this.n * 2);
      idx.set(this.idx);
      val.set(this.val);
      this.idx = idx;
      this.val = val;
    }
    this.idx[this.n] = bucket;
    this.val[this.n] = value;
    this.n++;
  }

  /** Sparse features so far scaled to unit length (each was pushed with 1). */
  normalize(): void {
    if (this.n === 0) return;
    const scale = 1 / Math.sqrt(this.n);
    for (let i = 0; i < this.n; i++) this.val[i] = (this.val[i] ?? 0) * scale;
  }

  /** A compact copy, for training sets. */
  copy(): { idx: Int32Array; val: Float32Array } {
    return { idx: this.idx.slice(0, this.n), val: this.val.slice(0, this.n) };
  }
}

/** Turns normalised text into features. */
export interface Featurizer {
  featurize(normalized: string, out: FeatureVector): void;
}

/** Lexicon total (AFINN scale) of a post, as the lexicon scorer computes it. */
export type LexiconTotal = (normalized: string) => number;

const NEGATION_SCOPE = 3;
/** The lexicon's verdict, positive and negative sides apart. */
const LEXICON_POS = avalanche(combine(KIND.dense, 1));
const LEXICON_NEG = avalanche(combine(KIND.dense, 2));

/** Bands of the squashed lexicon score: lets a linear model weigh a strong verdict apart from a weak one. */
const LEXICON_BANDS = [-0.7, -0.4, -0.1, 0.1, 0.4, 0.7];

function pushLexicon(out: FeatureVector, mask: number, total: number): void {
  const s = squash(total);
  if (s > 0) out.push(LEXICON_POS & mask, s);
  else if (s < 0) out.push(LEXICON_NEG & mask, -s);
  let band = 0;
  while (band < LEXICON_BANDS.length && s > (LEXICON_BANDS[band] ?? 0)) band++;
  out.push(avalanche(combine(KIND.dense, 16 + band)) & mask, 1);
}

/** Negation words by language, folded like post text (no accents, lower case). */
const LATIN_NEGATIONS: Record<string, readonly string[]> = {
  // Apostrophes split words: "don't" gives "don" and "t".
  eng: ['not', 'no', 'never', 'neither', 'nor', 'none', 'nobody', 'nothing', 'nowhere', 'cannot', 'without', 't', 'dont', 'doesnt', 'didnt', 'isnt', 'arent', 'wasnt', 'werent', 'cant', 'couldnt', 'wont', 'wouldnt', 'shouldnt', 'aint', 'hardly'],
  fra: ['ne', 'n', 'pas', 'jamais', 'rien', 'aucun', 'aucune', 'sans', 'ni', 'personne', 'nullement'],
  deu: ['nicht', 'kein', 'keine', 'keinen', 'keinem', 'keiner', 'keines', 'nie', 'niemals', 'nichts', 'ohne', 'weder'],
  spa: ['no', 'nunca', 'nada', 'ni', 'sin', 'jamas', 'tampoco', 'ningun', 'ninguna', 'ninguno', 'nadie'],
  ita: ['non', 'mai', 'niente', 'nulla', 'senza', 'ne', 'nessun', 'nessuno', 'nessuna'],
  por: ['nao', 'nunca', 'nada', 'nem', 'sem', 'jamais', 'nenhum', 'nenhuma', 'ninguem'],
};

/** Languages with a Latin-script featurizer. */
export const LATIN_FEATURE_LANGUAGES: readonly string[] = Object.keys(LATIN_NEGATIONS);

/**
 * What the Latin featurizer reads: a word (a run of letters and digits), one pictograph (an
 * emoji), or a run of `!?` or of `.;:,`; anything else separates them. This is the regular
 * expression `([\p{L}\p{N}]+)|(\p{Extended_Pictographic})|[!?]+|[.;:,]+` read with a table
 * (char-classes.ts), which makes no match array nor substring per token.
 */
const TOKEN_WORD = 1;
const TOKEN_EMOJI = 2;
const TOKEN_PUNCT = 3;

interface LatinToken {
  kind: number;
  start: number;
  end: number;
}

function isBang(code: number): boolean {
  return code === 0x21 || code === 0x3f;
}

function isStop(code: number): boolean {
  return code === 0x2e || code === 0x3b || code === 0x3a || code === 0x2c;
}

/** The next token from `token.end` on, into `token`; false at the end of the text. */
export function nextLatinToken(text: string, token: LatinToken): boolean {
  const n = text.length;
  let i = token.end;
  while (i < n) {
    const bits = classAt(text, i);
    const start = i;
    i += widthOf(bits);
    if ((bits & (LETTER | NUMBER)) !== 0) {
      while (i < n) {
        const next = classAt(text, i);
        if ((next & (LETTER | NUMBER)) === 0) break;
        i += widthOf(next);
      }
      token.kind = TOKEN_WORD;
    } else if ((bits & PICTOGRAPHIC) !== 0) {
      token.kind = TOKEN_EMOJI;
    } else {
      const code = text.charCodeAt(start);
      const inRun = isBang(code) ? isBang : isStop(code) ? isStop : undefined;
      if (inRun === undefined) continue;
      while (i < n && inRun(text.charCodeAt(i))) i++;
      token.kind = TOKEN_PUNCT;
    }
    token.start = start;
    token.end = i;
    return true;
  }
  token.end = n;
  return false;
}

const URL = /https?:\/\/\S+|\bwww\.\S+/g;
const MENTION = /@[\p{L}\p{N}_.]+/gu;
/** Character n-grams are taken from the first characters of very long words only. */
const MAX_GRAM_WORD = 24;
const SPACE = 0x20;

const HTTP = hashRange('http', 0, 4);
const USER = hashRange('user', 0, 4);

/** Links and mentions as the training data writes them (`http`, `@user`). */
function placeholders(text: string): string {
  let out = text;
  if (out.includes('http') || out.includes('www.')) out = out.replace(URL, ' http ');
  if (out.includes('@')) out = out.replace(MENTION, ' @user ');
  return out;
}

export class LatinFeaturizer implements Featurizer {
  private readonly negations: Set<number>;
  private readonly mask: number;
  private readonly token: LatinToken = { kind: 0, start: 0, end: 0 };

  constructor(
    lang: string,
    private readonly config: FeatureConfig,
    private readonly lexicon?: LexiconTotal,
  ) {
    this.negations = new Set((LATIN_NEGATIONS[lang] ?? []).map(hashString));
    this.mask = (1 << config.bits) - 1;
  }

  featurize(normalized: string, out: FeatureVector): void {
    out.n = 0;
    out.words = 0;
    const text = placeholders(normalized);
    const mask = this.mask;
    let previous: number = KIND.pair;
    let negated = 0;
    const token = this.token;
    token.end = 0;
    while (nextLatinToken(text, token)) {
      const { start, end } = token;
      const isEmoji = token.kind === TOKEN_EMOJI;
      if (token.kind === TOKEN_PUNCT) {
        // Punctuation ends a negation's reach; `!`, `?` and `...` are features.
        const first = text.charCodeAt(start);
        negated = 0;
        if (first === 0x21 || first === 0x3f || end - start >= 3) {
          out.push(avalanche(combine(KIND.punct, first * 4 + Math.min(3, end - start))) & mask, 1);
        }
        previous = KIND.pair;
        continue;
      }
      const word = hashRange(text, start, end);
      if (isEmoji) {
        out.push(avalanche(combine(KIND.emoji, word)) & mask, 1);
        previous = combine(KIND.pair, word);
        continue;
      }
      const first = text.charCodeAt(start);
      // Numbers and the link and mention placeholders are features but not words of substance.
      if ((first < 0x30 || first > 0x39) && word !== HTTP && word !== USER) out.words++;
      const isNegation = this.negations.has(word >>> 0);
      out.push(avalanche(combine(negated > 0 ? KIND.negated : KIND.word, word)) & mask, 1);
      out.push(avalanche(combine(previous, word)) & mask, 1);
      previous = combine(KIND.pair, word);
      this.pushGrams(text, start, Math.min(end, start + MAX_GRAM_WORD), end - start > MAX_GRAM_WORD, out);
      if (isNegation) negated = NEGATION_SCOPE;
      else if (negated > 0) negated--;
    }
    out.normalize();
    if (this.config.lexicon && this.lexicon) pushLexicon(out, mask, this.lexicon(normalized));
  }

  /** Character n-grams of ` word ` (spaces mark the word's start and end). */
  private pushGrams(text: string, start: number, end: number, cut: boolean, out: FeatureVector): void {
    const { minGram, maxGram } = this.config;
    if (maxGram === 0) return;
    const length = end - start + (cut ? 1 : 2);
    for (let from = 0; from < length; from++) {
      let h = FNV_OFFSET;
      for (let n = 1; n <= maxGram && from + n <= length; n++) {
        const at = from + n - 1;
        const code = at === 0 || (!cut && at === length - 1) ? SPACE : text.charCodeAt(start + at - 1);
        h = fnvStep(h, code);
        if (n >= minGram) out.push(avalanche(combine(KIND.gram, h)) & this.mask, 1);
      }
    }
  }
}

const ZH_NEGATION_WORDS = new Set(Object.keys(ZH_NEGATIONS).map(hashString));
const ZH_CLAUSE_END = /^[，,。.！!？?；;～~…\s]+$/;
/** Most tokens start with a Chinese character, a Latin letter or a digit: none can end a clause, no expression run. */
function mayEndClause(code: number): boolean {
  return !((code >= 0x4e00 && code <= 0x9fff) || (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39));
}
/** Weibo's emoticons as the normaliser leaves them (same shape as signals.ts reads them). */
const WEIBO_EMOTICON = /\[([^[\]\s]{1,12})\]/g;

export class ChineseFeaturizer implements Featurizer {
  private readonly mask: number;

  constructor(
    private readonly config: FeatureConfig,
    private readonly chinese: ChineseSentiment,
  ) {
    this.mask = (1 << config.bits) - 1;
  }

  featurize(normalized: string, out: FeatureVector): void {
    out.n = 0;
    out.words = 0;
    const mask = this.mask;
    const tokens = this.chinese.cut(normalized);
    let previous: number = KIND.pair;
    let negated = 0;
    for (const token of tokens) {
      if (mayEndClause(token.charCodeAt(0)) && ZH_CLAUSE_END.test(token)) {
        negated = 0;
        previous = KIND.pair;
        if (token.trim() !== '') out.push(avalanche(combine(KIND.punct, hashString(token))) & mask, 1);
        continue;
      }
      const word = hashString(token);
      out.words++;
      out.push(avalanche(combine(negated > 0 ? KIND.negated : KIND.word, word)) & mask, 1);
      out.push(avalanche(combine(previous, word)) & mask, 1);
      previous = combine(KIND.pair, word);
      if (ZH_NEGATION_WORDS.has(word)) negated = NEGATION_SCOPE;
      else if (negated > 0) negated--;
    }
    // Not words: a post of emoticons only still goes to the lexicon scorer's ratings.
    if (normalized.includes('[')) {
      for (const m of normalized.matchAll(WEIBO_EMOTICON)) out.push(avalanche(combine(KIND.emoji, hashString(m[1] ?? ''))) & mask, 1);
    }
    // Characters and runs of up to `hanGram` characters outside ASCII (Latin words are jieba's
    // words above), hashed as they are read: no substring is made.
    const maxGram = this.config.hanGram;
    let run = 0;
    for (let i = 0; i < normalized.length; i++) {
      const code = normalized.charCodeAt(i);
      if (code < 0x80 || code === 0x3000) {
        run = 0;
        continue;
      }
      run++;
      let h = FNV_OFFSET;
      for (let n = 1; n <= Math.min(run, maxGram); n++) {
        h = fnvStep(h, normalized.charCodeAt(i - n + 1));
        out.push(avalanche(combine(KIND.char, h)) & mask, 1);
      }
    }
    out.normalize();
    if (this.config.lexicon) pushLexicon(out, mask, scoreSignals(normalized).total + this.chinese.scoreTokens(tokens).total);
  }
}
