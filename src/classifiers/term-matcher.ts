/**
 * Finds many terms in a text in one pass: a trie of the normalised terms, walked from every
 * place a term may start. Latin-script (and other alphabetic) ends of a term need a word
 * boundary (`dior` is not in `condiorama`); Chinese, Japanese and Korean ends do not, since those
 * scripts do not separate words. A term ending in `*` also matches the word with an inflectional
 * or derivational ending (`boycott*` finds boycotts, boycotting, boycotter; `scam*` finds scammed
 * but not scampi). A camel-case term (`#BoycottBalenciaga`, `MaisonAurore`) also matches as
 * the words it is made of, as posts' hashtags are split. Built once, then each text costs one Map
 * lookup per character plus the length of what matches.
 */
import { normalizeTerm, splitHashtag } from './normalize.js';

/** Endings a `term*` may take, English and French (accents folded). */
const ENDINGS = new Set(
  `s es ed d ing er ers or ors y ly ies ied ist ists ism isms ion ions ation ations ive ives ory ic ia ie
  al ally ity ous ment ments ful ery ry t ts te tes m me mes e ee ees r z ez ent ant ante ants antes eur
  eurs euse euses isme iste istes ique iques aire aires ite x se ses if ifs a ose ulent uleux uleuse
  ster que ques ated ating ce ces ur urs ons ent er`.split(/\s+/),
);

/** Whether `ending` may follow `stem` in a `stem*` term: an ending, after a doubled consonant or not. */
export function isEnding(ending: string, stem: string): boolean {
  if (ending === '' || ENDINGS.has(ending)) return true;
  return ending[0] === stem[stem.length - 1] && ENDINGS.has(ending.slice(1));
}

export interface TermHit<T> {
  /** The term as given when the matcher was built. */
  term: string;
  payload: T;
  start: number;
  end: number;
  /** The text matched (for a `term*`, the whole word). */
  text: string;
}

interface Entry<T> {
  term: string;
  /** The normalised key, for endings. */
  key: string;
  payload: T;
  /** `term*`: the end needs no boundary. */
  prefix: boolean;
  /** Whether the first and last characters are word characters that need a boundary. */
  boundedStart: boolean;
  boundedEnd: boolean;
}

interface Node<T> {
  next: Map<number, Node<T>>;
  entries: Entry<T>[];
}

const newNode = <T>(): Node<T> => ({ next: new Map(), entries: [] });

/** Letters and digits of scripts that put spaces between words. */
export function isWordCode(code: number): boolean {
  if (code < 0x80) {
    return (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || code === 0x5f;
  }
  if (code >= 0x2e80 && code <= 0x9fff) return false; // CJK radicals, kana, Han
  if (code >= 0xac00 && code <= 0xd7af) return false; // Hangul syllables
  if (code >= 0xf900 && code <= 0xfaff) return false;
  if (code >= 0xd800 && code <= 0xdfff) return false; // astral: emoji, rare Han
  return /[\p{L}\p{N}\p{M}]/u.test(String.fromCharCode(code));
}

/** Caches `isWordCode` for the first 64k code points: it runs for every character of every post. */
const WORD_TABLE = new Uint8Array(0x10000);
for (let c = 0; c < 0x10000; c++) WORD_TABLE[c] = isWordCode(c) ? 1 : 0;
export const isWordChar = (code: number): boolean => WORD_TABLE[code] === 1;

export class TermMatcher<T> {
  private readonly root: Node<T> = newNode();
  /**
   * The root's children by code unit, in a flat table: `findAll` looks up every character of
   * every post there, and most start nothing. A Map lookup per character cost more than the
   * rest of the walk.
   */
  private readonly first: (Node<T> | undefined)[] = new Array<Node<T> | undefined>(0x10000).fill(undefined);
  private size = 0;

  /** @param terms each term with what a hit on it reports; terms are normalised here. */
  constructor(terms: Iterable<{ term: string; payload: T }> = []) {
    for (const { term, payload } of terms) this.add(term, payload);
  }

  get count(): number {
    return this.size;
  }

  add(term: string, payload: T): void {
    const prefix = term.endsWith('*');
    const bare = prefix ? term.slice(0, -1) : term;
    // A * inside a term would be looked for as a character, and so never found.
    if (bare.includes('*')) throw new Error(`term "${term}": * may only end a term (it takes an ending), not stand inside one`);
    const key = normalizeTerm(bare);
    this.addKey(term, key, prefix, payload);
    // A term written with its spaces ("not safe") is already its own split form: added twice, each
    // mention would be two hits (and a crisis term's occurrences doubled).
    const words = normalizeTerm(splitHashtag(bare.replace(/^#+/, '')));
    if (words.includes(' ') && words !== key) this.addKey(term, words, prefix, payload);
  }

  private addKey(term: string, key: string, prefix: boolean, payload: T): void {
    if (key === '') return;
    let node = this.root;
    for (let i = 0; i < key.length; i++) {
      const code = key.charCodeAt(i);
      let child = node.next.get(code);
      if (!child) {
        child = newNode();
        node.next.set(code, child);
        if (node === this.root) this.first[code] = child;
      }
      node = child;
    }
    node.entries.push({
      term,
      key,
      payload,
      prefix,
      boundedStart: isWordChar(key.charCodeAt(0)),
      boundedEnd: !prefix && isWordChar(key.charCodeAt(key.length - 1)),
    });
    this.size++;
  }

  /** Every hit in a normalised text, in order of start, overlapping hits included. */
  findAll(text: string): TermHit<T>[] {
    const hits: TermHit<T>[] = [];
    if (this.size === 0) return hits;
    const first = this.first;
    for (let start = 0; start < text.length; start++) {
      const code = text.charCodeAt(start);
      let node = first[code];
      if (node === undefined) continue;
      const atBoundary = start === 0 || !isWordChar(text.charCodeAt(start - 1));
      // Every term under a word character starts with it, so every one needs a boundary there:
      // inside a word (the `ior` of `condiorama`) none can match.
      if (!atBoundary && isWordChar(code)) continue;
      let i = start + 1;
      for (;;) {
        if (node.entries.length > 0) this.collect(node, text, start, i, atBoundary, hits);
        if (i >= text.length) break;
        const child: Node<T> | undefined = node.next.get(text.charCodeAt(i));
        if (child === undefined) break;
        node = child;
        i++;
      }
    }
    return hits;
  }

  /** Hits inside a hashtag body written as one word (`boycottbalenciaga`): whole, first or last part. */
  findInCompound(body: string, minRest = 4): TermHit<T>[] {
    const hits: TermHit<T>[] = [];
    if (this.size === 0 || body.length === 0) return hits;
    for (let start = 0; start < body.length; start++) {
      if (start > 0 && start < minRest) continue;
      let node = this.first[body.charCodeAt(start)];
      let i = start + 1;
      while (node !== undefined) {
        const rest = body.length - i;
        for (const entry of node.entries) {
          // A part at the start needs a long enough rest (#scampi is not #scam + pi); a part at
          // the end must end the body.
          const fits =
            start === 0
              ? rest === 0 || rest >= minRest || (entry.prefix && isEnding(body.slice(i), entry.key))
              : rest === 0;
          if (fits) hits.push({ term: entry.term, payload: entry.payload, start, end: i, text: body.slice(start, i) });
        }
        if (i >= body.length) break;
        node = node.next.get(body.charCodeAt(i));
        i++;
      }
    }
    return hits;
  }

  private collect(node: Node<T>, text: string, start: number, end: number, atBoundary: boolean, hits: TermHit<T>[]): void {
    const endBoundary = end >= text.length || !isWordChar(text.charCodeAt(end));
    for (const entry of node.entries) {
      if (entry.boundedStart && !atBoundary) continue;
      if (entry.boundedEnd && !endBoundary) continue;
      let stop = end;
      if (entry.prefix) {
        while (stop < text.length && isWordChar(text.charCodeAt(stop))) stop++;
        if (!isEnding(text.slice(end, stop), entry.key)) continue;
      }
      hits.push({ term: entry.term, payload: entry.payload, start, end: stop, text: text.slice(start, stop) });
    }
  }
}
