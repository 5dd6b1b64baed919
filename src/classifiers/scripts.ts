/**
 * Letters counted by script, in one pass over the text. Chinese and Japanese characters are
 * counted one by one; other scripts by words (runs of letters), since one Han character carries
 * about as much as a short word.
 */

export type Script = 'latin' | 'cyrillic' | 'arabic' | 'greek' | 'hebrew' | 'devanagari' | 'thai' | 'other';

export interface ScriptCounts {
  han: number;
  kana: number;
  /** Hangul syllables. */
  hangul: number;
  /** Letters per alphabetic script. */
  letters: Record<Script, number>;
  /** Words (runs of letters) per alphabetic script. */
  words: Record<Script, number>;
}

function scriptOf(code: number): Script | 'han' | 'kana' | 'hangul' | undefined {
  if (code < 0x80) {
    return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) ? 'latin' : undefined;
  }
  if (code >= 0x4e00 && code <= 0x9fff) return 'han';
  if (code >= 0xc0 && code <= 0x24f) return code === 0xd7 || code === 0xf7 ? undefined : 'latin';
  if (code >= 0x3040 && code <= 0x30ff) return code === 0x30fb ? undefined : 'kana';
  if (code >= 0xac00 && code <= 0xd7af) return 'hangul';
  if (code >= 0x3400 && code <= 0x4dbf) return 'han';
  if (code >= 0xf900 && code <= 0xfaff) return 'han';
  if (code >= 0x31f0 && code <= 0x31ff) return 'kana';
  if (code >= 0x1e00 && code <= 0x1eff) return 'latin';
  if (code >= 0x400 && code <= 0x52f) return 'cyrillic';
  if ((code >= 0x600 && code <= 0x6ff) || (code >= 0x750 && code <= 0x77f) || (code >= 0xfb50 && code <= 0xfdff) || (code >= 0xfe70 && code <= 0xfeff)) {
    return code >= 0x660 && code <= 0x669 ? undefined : 'arabic';
  }
  if (code >= 0x370 && code <= 0x3ff) return 'greek';
  if (code >= 0x590 && code <= 0x5ff) return 'hebrew';
  if (code >= 0x900 && code <= 0x97f) return 'devanagari';
  if (code >= 0xe00 && code <= 0xe7f) return 'thai';
  if (code >= 0xd800 && code <= 0xdbff) return undefined; // astral: emoji mostly; rare Han ignored
  return /\p{L}/u.test(String.fromCharCode(code)) ? 'other' : undefined;
}

const emptyRecord = (): Record<Script, number> => ({
  latin: 0,
  cyrillic: 0,
  arabic: 0,
  greek: 0,
  hebrew: 0,
  devanagari: 0,
  thai: 0,
  other: 0,
});

export function countScripts(text: string): ScriptCounts {
  const counts: ScriptCounts = { han: 0, kana: 0, hangul: 0, letters: emptyRecord(), words: emptyRecord() };
  let previous: Script | undefined;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const script = scriptOf(code);
    if (script === 'han' || script === 'kana' || script === 'hangul') {
      counts[script]++;
      previous = undefined;
    } else if (script !== undefined) {
      counts.letters[script]++;
      if (previous !== script) counts.words[script]++;
      previous = script;
    } else if (code !== 0x27 && code !== 0x2d) {
      // An apostrophe or hyphen inside a word does not end it.
      previous = undefined;
    }
  }
  return counts;
}

/** The alphabetic script with the most letters, with its count. */
export function topAlphabet(counts: ScriptCounts): [Script, number] {
  let best: Script = 'latin';
  let most = -1;
  for (const [script, n] of Object.entries(counts.letters) as [Script, number][]) {
    if (n > most) {
      best = script;
      most = n;
    }
  }
  return [best, most];
}
