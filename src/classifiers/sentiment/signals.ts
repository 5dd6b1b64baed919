/**
 * Emoji, ASCII emoticons and Weibo's bracketed emoticons: sentiment signals in every language.
 * Emoji ratings are emoji-emotion's (MIT), completed by lexicons/emoji.ts.
 */
import { emojiEmotion } from 'emoji-emotion';
import { EMOTICONS, EXTRA_EMOJI } from '../lexicons/emoji.js';
import { WEIBO_EMOTICONS } from '../lexicons/sentiment-zh.js';
import { normalizeTerm } from '../normalize.js';

const EMOJI = /\p{Extended_Pictographic}/gu;
const BRACKETED = /\[([^[\]\s]{1,12})\]/g;
const URL = /https?:\/\/\S+|\bwww\.\S+/g;

function buildEmoji(): Map<string, number> {
  const map = new Map<string, number>();
  for (const [emoji, score] of Object.entries(EXTRA_EMOJI)) map.set(emoji.replace(/\ufe0f/g, ''), score);
  // emoji-emotion rates the ones it has; its ratings win.
  for (const { emoji, polarity } of emojiEmotion) if (polarity !== 0) map.set(emoji.replace(/\ufe0f/g, ''), polarity);
  return map;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const EMOJI_SCORES = buildEmoji();
const WEIBO = new Map(Object.entries(WEIBO_EMOTICONS).map(([name, score]) => [normalizeTerm(name), score]));
/**
 * Emoticons stand apart from words: `:)` and `<3` anywhere, but `xd` or `d:` only as a whole
 * word, and none inside a link (`http://` has `:/`).
 */
const EMOTICON = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:${Object.keys(EMOTICONS)
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join('|')})(?![\\p{L}\\p{N}])`,
  'gu',
);

/** Cheap test before the emoticon expression: every emoticon has one of these. */
const EMOTICON_HINT = /[:;=<^_]|xd|qaq|orz/;

export interface SignalScore {
  total: number;
  hits: number;
}

/** Emoji, emoticons and Weibo emoticons in normalised text. */
export function scoreSignals(normalized: string): SignalScore {
  let total = 0;
  let hits = 0;
  for (const match of normalized.matchAll(EMOJI)) {
    const score = EMOJI_SCORES.get(match[0]);
    if (score !== undefined) {
      total += score;
      hits++;
    }
  }
  if (normalized.includes('[')) {
    for (const match of normalized.matchAll(BRACKETED)) {
      const score = WEIBO.get(match[1] ?? '');
      if (score !== undefined) {
        total += score;
        hits++;
      }
    }
  }
  if (EMOTICON_HINT.test(normalized)) {
    const text = normalized.includes('/') ? normalized.replace(URL, ' ') : normalized;
    for (const match of text.matchAll(EMOTICON)) {
      const score = EMOTICONS[match[0]];
      if (score !== undefined) {
        total += score;
        hits++;
      }
    }
  }
  return { total, hits };
}

/** Text without its Weibo emoticons, so words inside them (`[哈哈]`) are not counted twice. */
export function withoutBracketed(text: string): string {
  return text.includes('[') ? text.replace(BRACKETED, (whole, name: string) => (WEIBO.has(name) ? ' ' : whole)) : text;
}
