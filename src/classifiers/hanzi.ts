/**
 * Traditional to simplified Chinese, character by character, from OpenCC's dictionaries
 * (opencc-js). Matching only needs `巴黎世傢` and `巴黎世家`, `抵製` and `抵制` to meet, so the
 * phrase tables (which pick between several simplified forms by context) are not worth their
 * cost here: the character table takes the usual reading, at a fraction of the time.
 */
import tsCharacters from 'opencc-js/dict/TSCharacters';
import twVariantsRev from 'opencc-js/dict/TWVariantsRev';
import hkVariantsRev from 'opencc-js/dict/HKVariantsRev';

function pairs(dict: string): [string, string][] {
  const out: [string, string][] = [];
  for (const entry of dict.split('|')) {
    const space = entry.indexOf(' ');
    if (space > 0) out.push([entry.slice(0, space), entry.slice(space + 1).split(' ')[0] ?? '']);
  }
  return out;
}

function buildTable(): Map<string, string> {
  const toSimplified = new Map(pairs(tsCharacters));
  const table = new Map(toSimplified);
  // Taiwan and Hong Kong variant forms first become OpenCC's standard traditional form, then
  // simplified. A variant whose "standard" form is simplified already (台 → 臺 → 台) is left alone.
  for (const [variant, standard] of [...pairs(twVariantsRev), ...pairs(hkVariantsRev)]) {
    if (table.has(variant)) continue;
    const simplified = toSimplified.get(standard) ?? standard;
    if (simplified !== variant && !toSimplified.has(simplified)) table.set(variant, simplified);
  }
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
