/**
 * The hashing trick for the trained sentiment models: every feature (a word, a character
 * n-gram, a word pair) is a 32-bit hash computed straight from the post's text, with no
 * vocabulary to fit (so cross-validation cannot leak one) and no substring allocated per
 * feature. FNV-1a over UTF-16 code units, finished by murmur3's avalanche so that the low bits
 * used as the bucket are well mixed.
 */

export const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** One more code unit into an FNV-1a hash. */
export function fnvStep(hash: number, code: number): number {
  return Math.imul(hash ^ code, FNV_PRIME);
}

/** FNV-1a of `text[start..end)`. */
export function hashRange(text: string, start: number, end: number, seed = FNV_OFFSET): number {
  let h = seed;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h;
}

/** FNV-1a of a whole string. */
export function hashString(text: string): number {
  return hashRange(text, 0, text.length) >>> 0;
}

/** Two hashes combined into one (order matters: `a b` is not `b a`). */
export function combine(a: number, b: number): number {
  return Math.imul(a ^ Math.imul(b, 0x9e3779b1), 0x85ebca6b) ^ (b >>> 15);
}

/** murmur3's finaliser: every input bit reaches the low bits. */
export function avalanche(hash: number): number {
  let h = hash;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Kinds of feature, mixed into the hash so that the word `ab` and the bigram `ab` differ. */
export const KIND = {
  word: 0x1f3d5b79,
  negated: 0x2b7e1516,
  pair: 0x3c6ef372,
  gram: 0x510e527f,
  emoji: 0x6a09e667,
  punct: 0x7137449a,
  char: 0x9b05688c,
  charPair: 0xa54ff53a,
  dense: 0xbb67ae85,
} as const;
