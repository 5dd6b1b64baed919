/**
 * Chinese sentiment: jieba segmentation (@node-rs/jieba), Vigie's lexicon, negation (不, 没,
 * 别, 无, 未, ...) that turns the next sentiment word around, degree words (很, 太, 非常 make it
 * stronger; 有点 weaker), and contrast (但是, 可是) after which the rest counts more. A word jieba
 * keeps whole but the lexicon does not know is read as negation plus a known word (不靠谱 = 不 +
 * 靠谱) or, failing that, by the longest known words inside it. Latin words in a Chinese post
 * ("真的很 disappointing") are looked up in English. Laughter and sobbing count at any length
 * (哈哈哈哈哈哈), and a negation does not soften swearing (别他妈烦我).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Jieba } from '@node-rs/jieba';
import { ZH_CONTRAST, ZH_DEGREE, ZH_LATIN, ZH_NEGATIONS, ZH_WORDS } from '../lexicons/sentiment-zh.js';
import { ZH_MORE_WORDS, ZH_UNNEGATED } from '../lexicons/sentiment-zh-more.js';
import type { LatinSentiment } from './latin.js';
import { withoutBracketed } from './signals.js';
import { NEGATIVE_WEIGHT } from './weights.js';

/** The frequency jieba is told for lexicon words: common enough to be kept as one word. */
const LEXICON_WORD_FREQUENCY = 2000;
const CONTRAST_BEFORE = 0.5;
const CONTRAST_AFTER = 1.5;
/** How many words a negation or degree word reaches before it lapses. */
const SCOPE = 3;
const CLAUSE_END = new Set(['，', ',', '。', '.', '！', '!', '？', '?', '；', ';', '～', '~', '…', '\n', ' ']);
const LATIN_WORD = /^[a-z][a-z']*$/;
/** Laughter of any length (哈哈哈哈哈哈哈, hhhhh, 嘻嘻嘻) and sobbing (呜呜呜, 555). */
const LAUGHTER = /^(?:哈{2,}|h{3,}|(?:ha){2,}|嘻{2,}|嘿{2,})$/;
const SOBBING = /^(?:呜{2,}|5{3,}|嘤{2,})$/;
const LAUGHTER_SCORE = 2;
const SOBBING_SCORE = -2;
const NOISE = /https?:\/\/\S+|\bwww\.\S+|@[\p{L}\p{N}_\-]+/gu;

/**
 * A word neither the lexicon nor its parts know is read by its characters (Ku, Liang and Chen,
 * 2006: a Chinese word's polarity follows its characters'): each character's polarity is the
 * mean score of the lexicon words that contain it, centred on the lexicon's mean so that common
 * characters lean neither way, kept only where those words agree. Weak on purpose: it tips posts
 * the lexicon says little about.
 */
const CHAR_WEIGHT = 0.2;
/** A character's polarity needs at least this many lexicon words containing it. */
const CHAR_MIN_WORDS = 3;

/** Each character's mean polarity over the lexicon words that contain it, where the words agree. */
function characterPolarity(words: Map<string, number>): Map<string, number> {
  const sums = new Map<string, { sum: number; n: number; pos: number; neg: number }>();
  for (const [word, score] of words) {
    for (const ch of new Set(word)) {
      if (!/[\u4e00-\u9fff]/.test(ch)) continue;
      const e = sums.get(ch) ?? { sum: 0, n: 0, pos: 0, neg: 0 };
      e.sum += score;
      e.n++;
      if (score > 0) e.pos++;
      else e.neg++;
      sums.set(ch, e);
    }
  }
  const out = new Map<string, number>();
  let total = 0;
  let count = 0;
  for (const e of sums.values()) {
    total += e.sum;
    count += e.n;
  }
  const center = count > 0 ? total / count : 0;
  for (const [ch, e] of sums) {
    const mean = e.sum / e.n - center;
    // Words that disagree (a quarter or more on the other side) leave the character unrated.
    if (e.n >= CHAR_MIN_WORDS && Math.min(e.pos, e.neg) * 4 <= e.n && mean !== 0) out.set(ch, mean);
  }
  return out;
}

export interface ChineseScore {
  total: number;
  hits: number;
}

/**
 * jieba, shared by the Chinese scorers alive (a reload's new chain reuses the old one's tables),
 * but not kept once none uses it: a configuration without Chinese gets its 16 MB back.
 */
let sharedJieba: WeakRef<Jieba> | undefined;

/**
 * How many of the default dictionary's 349,045 words jieba is given, the most frequent first, for
 * memory: jieba keeps its tables in native memory, 35 MB for the whole dictionary and 16 MB for
 * these 100,000 (RSS growth across `Jieba.withDict` alone; building this scorer, lexicon words
 * included, 37-42 MB before and 21-22 MB after). Words it no longer knows (seen fewer than 11
 * times in jieba's corpus) its HMM cuts instead. The Chinese model, retrained on this
 * segmentation, lost 0.25 points of nested CV accuracy (86.04% → 85.79%, sd 1.7; 0.3 allowed).
 * Figures in docs/performance.md (Memory).
 */
export const JIEBA_WORDS = 100_000;

/**
 * jieba's default dictionary cut down to its `JIEBA_WORDS` most frequent words, read here rather
 * than through `@node-rs/jieba/dict.js`: that module keeps its dictionary (5 MB) and the TF-IDF
 * table (6 MB, unused here) in memory for good, while jieba needs the text only while it builds
 * its own tables.
 */
function defaultDictionary(): Buffer {
  return mostFrequentWords(readFileSync(createRequire(import.meta.url).resolve('@node-rs/jieba/dict.txt')), JIEBA_WORDS);
}

const NEWLINE = 0x0a;
const SPACE = 0x20;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

/**
 * The `limit` most frequent lines of a jieba dictionary (`word frequency [tag]` a line, frequency
 * the second column), in the dictionary's order; among words of equal frequency the earlier lines
 * are kept. Works on the bytes, with no string per line (splitting the text into strings left
 * 50 MB of RSS behind): about 85 ms, which jieba wins back building smaller tables (26 ms for
 * these instead of about 110).
 */
export function mostFrequentWords(dict: Buffer, limit: number): Buffer {
  let count = 1;
  for (let i = 0; i < dict.length; i++) if (dict[i] === NEWLINE) count++;
  const starts = new Uint32Array(count);
  const ends = new Uint32Array(count);
  const frequencies = new Uint32Array(count);
  let lines = 0;
  let start = 0;
  let field = 0;
  let frequency = 0;
  for (let i = 0; i <= dict.length; i++) {
    const byte = i < dict.length ? dict[i]! : NEWLINE;
    if (byte === NEWLINE) {
      if (i > start) {
        starts[lines] = start;
        ends[lines] = i;
        frequencies[lines] = frequency;
        lines++;
      }
      start = i + 1;
      field = 0;
      frequency = 0;
    } else if (byte === SPACE) field++;
    else if (field === 1 && byte >= DIGIT_0 && byte <= DIGIT_9) frequency = frequency * 10 + byte - DIGIT_0;
  }
  if (lines <= limit) return dict;
  const threshold = frequencies.slice(0, lines).sort()[lines - limit]!;
  let ties = limit;
  for (let i = 0; i < lines; i++) if (frequencies[i]! > threshold) ties--;
  const out = Buffer.allocUnsafe(dict.length);
  let length = 0;
  for (let i = 0; i < lines; i++) {
    const frequency = frequencies[i]!;
    if (frequency > threshold || (frequency === threshold && ties-- > 0)) {
      length += dict.copy(out, length, starts[i], ends[i]);
      out[length++] = NEWLINE;
    }
  }
  return out.subarray(0, length);
}

/**
 * jieba with its (trimmed) default dictionary plus the lexicon's words, so it keeps them whole (烦死,
 * 好开心); loaded once (about a quarter of a second) and shared while a scorer uses it.
 */
function jieba(words: readonly string[]): Jieba {
  let segmenter = sharedJieba?.deref();
  if (!segmenter) {
    segmenter = Jieba.withDict(defaultDictionary());
    // Latin-script entries (emo, yyds) stay out: jieba would cut them out of longer words (d|emo).
    const lines = words.filter((w) => w.length > 1 && !/^[a-z0-9]+$/.test(w)).map((w) => `${w} ${LEXICON_WORD_FREQUENCY}`);
    segmenter.loadDict(Buffer.from(lines.join('\n')));
    sharedJieba = new WeakRef(segmenter);
  }
  return segmenter;
}

export class ChineseSentiment {
  private readonly words = new Map<string, number>();
  private readonly maxWordLength: number;
  private readonly negations = new Map(Object.entries(ZH_NEGATIONS));
  private readonly degrees = new Map(Object.entries(ZH_DEGREE));
  private readonly contrast = new Set(ZH_CONTRAST);
  private readonly unnegated = new Set(ZH_UNNEGATED);
  private readonly latin = new Map(Object.entries(ZH_LATIN));
  private readonly segmenter: Jieba;
  private readonly characters: Map<string, number>;

  /** @param english scores Latin-script words found in Chinese posts. */
  constructor(private readonly english?: LatinSentiment) {
    for (const lexicon of [ZH_WORDS, ZH_MORE_WORDS]) {
      for (const [score, list] of Object.entries(lexicon)) {
        for (const word of list.split(/\s+/)) if (word !== '' && !this.words.has(word)) this.words.set(word, Number(score));
      }
    }
    this.maxWordLength = Math.max(...[...this.words.keys()].map((w) => w.length));
    this.characters = characterPolarity(this.words);
    this.segmenter = jieba([...this.words.keys(), ...this.negations.keys(), ...this.degrees.keys()]);
  }

  /**
   * @param normalized simplified, folded text.
   * @param trace called with each word that counted and its value: to explain a score.
   */
  score(normalized: string, trace?: (word: string, value: number) => void): ChineseScore {
    return this.scoreTokens(this.cut(normalized), trace);
  }

  /** jieba's words of a post, without links, mentions and Weibo emoticons (scored apart). */
  cut(normalized: string): string[] {
    return this.segmenter.cut(withoutBracketed(normalized).replace(NOISE, ' '), true);
  }

  /** The lexicon's total over words from `cut`: the trained model reuses one segmentation. */
  scoreTokens(tokens: readonly string[], trace?: (word: string, value: number) => void): ChineseScore {
    let before = 0;
    let after = 0;
    let contrasted = false;
    let hits = 0;
    let negation = 1;
    let negationLeft = 0;
    let degree = 1;
    let degreeLeft = 0;
    let current = '';
    const add = (value: number) => {
      let v = value * degree;
      if (negationLeft > 0 && !this.unnegated.has(current)) v *= negation;
      if (v < 0) v *= NEGATIVE_WEIGHT;
      trace?.(current, v);
      hits++;
      if (contrasted) after += v;
      else before += v;
      negation = 1;
      negationLeft = 0;
      degree = 1;
      degreeLeft = 0;
    };
    for (let t = 0; t < tokens.length; t++) {
      const token = tokens[t] ?? '';
      current = token;
      if (CLAUSE_END.has(token)) {
        negationLeft = 0;
        degreeLeft = 0;
        negation = 1;
        degree = 1;
        continue;
      }
      const known = this.words.get(token) ?? (LAUGHTER.test(token) ? LAUGHTER_SCORE : SOBBING.test(token) ? SOBBING_SCORE : undefined);
      // A word that is also a degree word (好) is a degree word when a sentiment word follows.
      const asDegree = known !== undefined ? this.degrees.get(token) : undefined;
      if (known !== undefined && !(asDegree !== undefined && this.words.has(tokens[t + 1] ?? ''))) {
        add(known);
        continue;
      }
      const flip = this.negations.get(token);
      if (flip !== undefined) {
        // 不是不好: two negations cancel out.
        negation = negationLeft > 0 ? negation * flip : flip;
        negationLeft = SCOPE;
        continue;
      }
      const factor = this.degrees.get(token);
      if (factor !== undefined) {
        degree *= factor;
        degreeLeft = SCOPE;
        continue;
      }
      if (this.contrast.has(token)) {
        contrasted = true;
        negationLeft = 0;
        continue;
      }
      if (LATIN_WORD.test(token)) {
        const total = this.latin.get(token) ?? this.english?.score(token).total ?? 0;
        if (total !== 0) {
          add(total);
          continue;
        }
      }
      // Latin words are not read by their parts: `demo` is not `emo`.
      if (token.length >= 2 && !LATIN_WORD.test(token) && this.scoreInside(token, add)) continue;
      // jieba sometimes glues a negation to the word before it (包不|好看): it still negates.
      const last = this.negations.get(token[token.length - 1] ?? '');
      if (token.length >= 2 && last !== undefined) {
        negation = last;
        negationLeft = SCOPE;
        continue;
      }
      if (CHAR_WEIGHT > 0 && token.length >= 2 && token.length <= 4) {
        let sum = 0;
        let n = 0;
        for (const ch of token) {
          const p = this.characters.get(ch);
          if (p !== undefined) {
            sum += p;
            n++;
          }
        }
        // A weak hint: it neither takes nor ends a negation or degree word's scope.
        if (n > 0 && sum !== 0) {
          const v = (sum / token.length) * CHAR_WEIGHT;
          trace?.(token, v);
          if (contrasted) after += v;
          else before += v;
        }
      }
      if (negationLeft > 0) negationLeft--;
      if (degreeLeft > 0 && --degreeLeft === 0) degree = 1;
    }
    const total = contrasted ? before * CONTRAST_BEFORE + after * CONTRAST_AFTER : before;
    return { total, hits };
  }

  /**
   * A word the lexicon does not have as a whole: a negation or degree word glued to a known
   * word (不靠谱, 很好), else the longest known words inside it, left to right.
   */
  private scoreInside(token: string, add: (value: number) => void): boolean {
    for (const prefixes of [this.negations, this.degrees]) {
      for (let cut = Math.min(3, token.length - 1); cut >= 1; cut--) {
        const head = prefixes.get(token.slice(0, cut));
        const rest = this.words.get(token.slice(cut));
        if (head !== undefined && rest !== undefined) {
          add(rest * head);
          return true;
        }
      }
    }
    let found = false;
    for (let i = 0; i < token.length; ) {
      let matched = 0;
      for (let len = Math.min(this.maxWordLength, token.length - i); len >= 2; len--) {
        const value = this.words.get(token.slice(i, i + len));
        if (value !== undefined) {
          add(value);
          matched = len;
          found = true;
          break;
        }
      }
      i += matched > 0 ? matched : 1;
    }
    return found;
  }
}
