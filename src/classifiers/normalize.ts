/**
 * Text prepared for matching (the post's own text is never changed): Unicode NFKC (full-width
 * forms become ASCII), typographic apostrophes made plain, invisible characters that split words
 * (zero-width spaces, joiners, variation selectors, skin tones) removed, hashtags unwrapped
 * (`#话题#` to its words, `#BoycottBalenciaga` to `boycott balenciaga`), case and Latin accents
 * folded, traditional Chinese made simplified. Emoji stay: sentiment reads them.
 */
import type { Classification, Classifier, TextFeatures } from './classifier.js';
import { foldCase } from './fold.js';
import { toSimplified } from './hanzi.js';

export interface NormalizedText extends TextFeatures {
  /** What matchers read. */
  normalized: string;
}

const NON_ASCII = /[^\x00-\x7f]/;
const APOSTROPHES = /[\u2018\u2019\u02bc\u2032\uff07]/g;
/** Zero-width characters, joiners, BOM, variation selectors and emoji skin-tone modifiers. */
const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff\ufe0e\ufe0f]|\ud83c[\udffb-\udfff]/g;
/** A Weibo topic: `#...#` around text with Chinese in it, on one line. */
const WEIBO_TOPIC = /#(?=[^#\n\r]{1,64}#)([^#\n\r]*?[\u3400-\u9fff\uf900-\ufaff][^#\n\r]*?)#/g;
/** A Twitter hashtag: `#` then letters, digits and underscores. */
const HASHTAG = /#([\p{L}\p{N}_]+)/gu;
const LATIN_LETTER = /[a-z]/i;
const SPLIT_CAMEL = /(\p{Ll})(\p{Lu})|(\p{Lu})(\p{Lu}\p{Ll})|(\p{L})(\p{N})|(\p{N})(\p{L})/gu;

/** `BoycottBalenciaga` → `Boycott Balenciaga`, `NBAFinals` → `NBA Finals`, `stop_it` → `stop it`. */
export function splitHashtag(body: string): string {
  return body
    .replace(SPLIT_CAMEL, (_m, a, b, c, d, e, f, g, h) => `${a ?? c ?? e ?? g} ${b ?? d ?? f ?? h}`)
    .replace(/_+/g, ' ');
}

/** Folds a term (a brand name, a lexicon entry) exactly as post text is folded, so both meet. */
export function normalizeTerm(term: string): string {
  let text = term.normalize('NFKC').replace(APOSTROPHES, "'").replace(INVISIBLE, '');
  if (text.startsWith('#')) text = text.replace(/^#+|#+$/g, '');
  return toSimplified(foldCase(text)).trim();
}

export function normalizeText(raw: string): NormalizedText {
  let clean = raw;
  if (NON_ASCII.test(clean)) {
    clean = clean.normalize('NFKC').replace(APOSTROPHES, "'").replace(INVISIBLE, '');
  }
  const compoundHashtags: string[] = [];
  let unwrapped = clean;
  if (clean.includes('#')) {
    unwrapped = clean
      .replace(WEIBO_TOPIC, (_whole, topic: string) => ` ${topic} `)
      .replace(HASHTAG, (_whole, body: string) => {
        const words = splitHashtag(body);
        if (!words.includes(' ') && LATIN_LETTER.test(body)) compoundHashtags.push(toSimplified(foldCase(body)));
        return words;
      });
  }
  const lower = clean.toLowerCase();
  return { normalized: toSimplified(foldCase(unwrapped)), lower, compoundHashtags };
}

/** The first classifier of the chain: fills `normalized` and `features`. */
export class Normalizer implements Classifier {
  readonly name = 'normalize';

  apply(work: Classification): void {
    const title = work.post.title;
    const { normalized, lower, compoundHashtags } = normalizeText(title ? `${title}\n${work.post.text}` : work.post.text);
    work.normalized = normalized;
    work.features = { lower, compoundHashtags };
  }
}
