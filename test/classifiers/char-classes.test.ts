import { describe, expect, it } from 'vitest';
import { classAt, LETTER, NUMBER, PICTOGRAPHIC, widthOf } from '../../src/classifiers/char-classes.js';
import { nextLatinToken } from '../../src/classifiers/sentiment/features.js';

/** The regular expression the Latin featurizer used before the table: the tokens must not change. */
const LATIN_TOKEN = /([\p{L}\p{N}]+)|(\p{Extended_Pictographic})|[!?]+|[.;:,]+/gu;

function viaRegex(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(LATIN_TOKEN)) {
    const kind = m[1] !== undefined ? 'word' : m[2] !== undefined ? 'emoji' : 'punct';
    out.push(`${kind}:${m.index}-${(m.index ?? 0) + m[0].length}`);
  }
  return out;
}

function viaScanner(text: string): string[] {
  const out: string[] = [];
  const token = { kind: 0, start: 0, end: 0 };
  while (nextLatinToken(text, token)) out.push(`${['', 'word', 'emoji', 'punct'][token.kind]}:${token.start}-${token.end}`);
  return out;
}

/** A deterministic generator (mulberry32), so a failure names a string that can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('character classes', () => {
  it('agree with the Unicode property escapes on every code point of the plane, and beyond it', () => {
    const wrong: string[] = [];
    const check = (code: number) => {
      const s = String.fromCodePoint(code);
      const expected = (/\p{L}/u.test(s) ? LETTER : 0) | (/\p{N}/u.test(s) ? NUMBER : 0) | (/\p{Extended_Pictographic}/u.test(s) ? PICTOGRAPHIC : 0);
      const bits = classAt(s, 0);
      if ((bits & (LETTER | NUMBER | PICTOGRAPHIC)) !== expected || widthOf(bits) !== s.length) wrong.push(code.toString(16));
    };
    for (let code = 0; code < 0x10000; code++) if (code < 0xd800 || code > 0xdfff) check(code);
    // Emoji, mathematical letters, ancient scripts, CJK extension B, digits of other planes.
    for (const code of [0x1f600, 0x1f525, 0x1f44d, 0x1d400, 0x1d7ce, 0x10000, 0x10400, 0x20000, 0x2a6d6, 0x1e950, 0xe0041, 0x10ffff]) check(code);
    expect(wrong).toEqual([]);
  });

  it('read a lone surrogate as one unit of no class, as a `u` regular expression does', () => {
    expect(classAt('\ud83d', 0)).toBe(1 << 3);
    expect(classAt('\ud83da', 0)).toBe(1 << 3);
    expect(classAt('\ude00a', 0)).toBe(1 << 3);
    expect(classAt('😀', 0) & PICTOGRAPHIC).toBe(PICTOGRAPHIC);
    expect(widthOf(classAt('😀', 0))).toBe(2);
  });
});

describe('the Latin featurizer’s tokens', () => {
  it('are those of the regular expression it replaced, on hard cases', () => {
    for (const text of [
      '',
      'not good!!! really?? ...ok; fine, yes: no.',
      "l'usine d'aujourd'hui n'est pas ouverte",
      'x😀😀y 👍🏽 ❤️ ©® 1️⃣ #hash @user https://t.co/x',
      '𝒜𝒷𝒸 𝐁𝐨𝐥𝐝 ٣٤ ١٢٣ Ⅻ ½ ²',
      'a\ud800b \udc00 \ud83d',
      'café naïve Straße ÆØÅ œuvre',
      '日本語 한국어 中文，还有English混合!?',
      '!?!?.,.,;:',
    ]) {
      expect(viaScanner(text), text).toEqual(viaRegex(text));
    }
  });

  it('are those of the regular expression on random strings over letters, digits, emoji, marks and surrogates', () => {
    const alphabet = [...'aZé9 ,.;:!?\'-_#@\n\t', 'ß', 'ü', '中', '文', '٣', '½', '😀', '👍', '🏽', '\u200d', '\ufe0f', '©', '𝐁', '\ud800', '\udc00', '\u0301', 'ä', 'Ω', 'ж'];
    const next = random(13);
    for (let n = 0; n < 2_000; n++) {
      let text = '';
      const length = Math.floor(next() * 24);
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(next() * alphabet.length)];
      expect(viaScanner(text), JSON.stringify(text)).toEqual(viaRegex(text));
    }
  });
});
