/**
 * The Unicode classes the tokenizers need (letters, numbers, pictographs), read from a table
 * instead of matched by regular expressions. A regular expression's `exec` makes a match array and
 * a substring for every token; over a page of posts that was about a quarter of the classify
 * thread's garbage. Scanning with `classAt` allocates nothing.
 *
 * The table holds the Basic Multilingual Plane and is filled from the same Unicode property
 * escapes the tokenizers used (`\p{L}`, `\p{N}`, `\p{Extended_Pictographic}`), so the classes are
 * exactly those of the JavaScript engine. Code points beyond it (emoji, mathematical letters) are
 * classified on first sight and remembered.
 */

export const LETTER = 1;
export const NUMBER = 2;
export const PICTOGRAPHIC = 4;
/** `classAt`'s result holds the class bits below this shift and the width in UTF-16 units above. */
const WIDTH_SHIFT = 3;

const PROPERTY_RUNS: readonly [RegExp, number][] = [
  [/\p{L}+/gu, LETTER],
  [/\p{N}+/gu, NUMBER],
  [/\p{Extended_Pictographic}+/gu, PICTOGRAPHIC],
];

/** Classes of the Basic Multilingual Plane, filled a block of 256 code points at a time. */
const BMP = new Uint8Array(0x10000);
const BLOCK_READY = new Uint8Array(0x100);

/**
 * Fills one block on first sight: a post touches a few blocks (ASCII, accented Latin, some of the
 * CJK ones), so nobody pays for the whole plane, at start-up or later.
 */
function fillBlock(block: number): void {
  BLOCK_READY[block] = 1;
  if (block >= 0xd8 && block <= 0xdf) return; // surrogates: no class
  let chars = '';
  for (let c = block << 8; c < (block + 1) << 8; c++) chars += String.fromCharCode(c);
  for (const [pattern, bit] of PROPERTY_RUNS) {
    for (const m of chars.matchAll(pattern)) {
      const from = (block << 8) + (m.index ?? 0);
      for (let code = from; code < from + m[0].length; code++) BMP[code] = (BMP[code] as number) | bit;
    }
  }
}

/** Code points beyond the plane seen so far; bounded, since post text is anyone's. */
const ASTRAL = new Map<number, number>();
const ASTRAL_REMEMBERED = 4096;

function astralClass(codePoint: number): number {
  let bits = ASTRAL.get(codePoint);
  if (bits === undefined) {
    const s = String.fromCodePoint(codePoint);
    bits = (/\p{L}/u.test(s) ? LETTER : 0) | (/\p{N}/u.test(s) ? NUMBER : 0) | (/\p{Extended_Pictographic}/u.test(s) ? PICTOGRAPHIC : 0);
    if (ASTRAL.size < ASTRAL_REMEMBERED) ASTRAL.set(codePoint, bits);
  }
  return bits;
}

/**
 * The class bits of the code point at UTF-16 index `i`, with its width (1, or 2 for a surrogate
 * pair) in the bits above them (`widthOf`). A lone surrogate is one unit of no class, as a `u`
 * regular expression reads it.
 */
export function classAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff || i + 1 >= text.length) {
    if (BLOCK_READY[c >> 8] === 0) fillBlock(c >> 8);
    return (BMP[c] as number) | (1 << WIDTH_SHIFT);
  }
  const d = text.charCodeAt(i + 1);
  if (d < 0xdc00 || d > 0xdfff) return 1 << WIDTH_SHIFT; // a lone high surrogate: no class
  return astralClass((c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000) | (2 << WIDTH_SHIFT);
}

/** The width in UTF-16 units of the code point `classAt` read. */
export function widthOf(bits: number): number {
  return bits >> WIDTH_SHIFT;
}
