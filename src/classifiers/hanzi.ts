/**
 * Traditional to simplified Chinese, character by character, from OpenCC's dictionaries
 * (opencc-js). Matching only needs `巴黎世傢` and `巴黎世家`, `抵製` and `抵制` to meet, so the
 * phrase tables (which pick between several simplified forms by context) are not worth their
 * cost here: the character table takes the usual reading, at a fraction of the time. OpenCC's
 * Taiwan and Hong Kong variant tables are left out on purpose: read backwards they turn common
 * simplified characters (么, 吃, 台) into rare traditional ones.
 */
import tsCharacters from 'opencc-js/dict/TSCharacters';

function pairs(dict: string): [string, string][] {
  const out: [string, string][] = [];
  for (const entry of dict.split('|')) {
    const space = entry.indexOf(' ');
    if (space > 0) out.push([entry.slice(0, space), entry.slice(space + 1).split(' ')[0] ?? '']);
  }
  return out;
}

function buildTable(): Map<string, string> {
  const table = new Map(pairs(tsCharacters));
  for (const [from, to] of table) if (from === to || to === '') table.delete(from);
  return table;
}

const TABLE = buildTable();
const escape = (ch: string) => (/[\\\]^-]/.test(ch) ? `\\${ch}` : ch);
/** One character class of every traditional character: simplified text costs one scan. */
const TRADITIONAL = new RegExp(`[${[...TABLE.keys()].map(escape).join('')}]`, 'gu');

function convert(ch: string): string {
  return TABLE.get(ch) ?? ch;
}

/** `text` with traditional characters replaced by their simplified forms; other text unchanged. */
export function toSimplified(text: string): string {
  TRADITIONAL.lastIndex = 0;
  return TRADITIONAL.test(text) ? text.replace(TRADITIONAL, convert) : text;
}

/** True when `text` has at least one character that is traditional only. */
export function hasTraditional(text: string): boolean {
  TRADITIONAL.lastIndex = 0;
  return TRADITIONAL.test(text);
}
