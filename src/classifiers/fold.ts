/**
 * Case and accent folding for Latin scripts: `Café` and `CAFE` match `cafe`, `Œuvre` matches
 * `oeuvre`. Other scripts are only lower-cased: stripping marks from Hangul or Devanagari would
 * change the letters themselves.
 */

/** Letters whose folding is not "drop the marks": ligatures and letters with a bar or stroke. */
const SPECIAL: Record<string, string> = {
  ß: 'ss',
  ẞ: 'ss',
  æ: 'ae',
  Æ: 'ae',
  œ: 'oe',
  Œ: 'oe',
  ø: 'o',
  Ø: 'o',
  ł: 'l',
  Ł: 'l',
  đ: 'd',
  Đ: 'd',
  ħ: 'h',
  ı: 'i',
  þ: 'th',
};

/** Latin-1 Supplement letters, Latin Extended-A and B, Latin Extended Additional. */
const LATIN_ACCENTED = /[\u00c0-\u024f\u1e00-\u1eff]/g;
const HAS_LATIN_ACCENTED = /[\u00c0-\u024f\u1e00-\u1eff]/;
const MARKS = /\p{M}/gu;

const folded = new Map<string, string>();
for (const range of [
  [0xc0, 0x24f],
  [0x1e00, 0x1eff],
] as const) {
  for (let cp = range[0]; cp <= range[1]; cp++) {
    const ch = String.fromCodePoint(cp);
    if (ch === '\u00d7' || ch === '\u00f7') continue; // × and ÷ are symbols
    const out = SPECIAL[ch] ?? ch.normalize('NFD').replace(MARKS, '').toLowerCase();
    if (out !== ch) folded.set(ch, out);
  }
}

function foldChar(ch: string): string {
  return folded.get(ch) ?? ch;
}

/** Lower-cases any script, then folds Latin accents and ligatures. */
export function foldCase(text: string): string {
  const lower = text.toLowerCase();
  return HAS_LATIN_ACCENTED.test(lower) ? lower.replace(LATIN_ACCENTED, foldChar) : lower;
}
