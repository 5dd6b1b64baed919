/**
 * Platform language hints (`en`, `zh-Hant`, `pt-BR`, `ara`) as the ISO 639-3 codes franc uses.
 * Twitter and most feeds give ISO 639-1; a few give 639-2/B codes.
 */
const ISO_639_1: Record<string, string> = {
  ar: 'arb',
  bg: 'bul',
  bn: 'ben',
  ca: 'cat',
  cs: 'ces',
  da: 'dan',
  de: 'deu',
  el: 'ell',
  en: 'eng',
  es: 'spa',
  et: 'est',
  fa: 'pes',
  fi: 'fin',
  fr: 'fra',
  he: 'heb',
  hi: 'hin',
  hr: 'hrv',
  hu: 'hun',
  id: 'ind',
  in: 'ind',
  it: 'ita',
  iw: 'heb',
  ja: 'jpn',
  ko: 'kor',
  lt: 'lit',
  lv: 'lvs',
  ms: 'zlm',
  nl: 'nld',
  no: 'nob',
  nb: 'nob',
  pl: 'pol',
  pt: 'por',
  ro: 'ron',
  ru: 'rus',
  sk: 'slk',
  sl: 'slv',
  sr: 'srp',
  sv: 'swe',
  th: 'tha',
  tl: 'tgl',
  tr: 'tur',
  uk: 'ukr',
  ur: 'urd',
  vi: 'vie',
  zh: 'cmn',
};

/** ISO 639-2 and macrolanguage codes franc names differently. */
const ALIASES: Record<string, string> = {
  ara: 'arb',
  chi: 'cmn',
  zho: 'cmn',
  fre: 'fra',
  ger: 'deu',
  dut: 'nld',
  per: 'pes',
  fas: 'pes',
  msa: 'zlm',
  may: 'zlm',
  nor: 'nob',
};

/** The hint as ISO 639-3, or undefined when it names no language (`und`, `zxx`, empty). */
export function hintToIso6393(hint: string | undefined): string | undefined {
  if (!hint) return undefined;
  const primary = hint.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  if (primary.length === 2) return ISO_639_1[primary];
  if (primary.length === 3 && primary !== 'und' && primary !== 'zxx' && primary !== 'mul') {
    return ALIASES[primary] ?? primary;
  }
  return undefined;
}

/** A language code given by people (config, eval labels) as franc names it: `ara` → `arb`. */
export function canonicalLanguage(code: string): string {
  return hintToIso6393(code) ?? code.trim().toLowerCase();
}
