import { z } from 'zod';

/**
 * Dates as feeds and platforms write them: RFC 3339 / ISO 8601, RFC 822 and its variants (two-digit
 * years, no weekday, named zones), Weibo's `Tue Jan 14 10:02:31 +0800 2025`. A date without a time
 * zone is read in the source's configured zone, never in the server's local zone.
 */

/** A fixed UTC offset, `+08:00`, `-05:00` or `Z`. */
export const utcOffset = z
  .string()
  .regex(/^(?:Z|UTC|[+-](?:[01]\d|2[0-3]):?[0-5]\d)$/, 'expected a UTC offset such as +08:00, -05:00 or Z');

/** `+08:00` -> `+0800`; `Z`/`UTC` -> `+0000`. */
function compactOffset(offset: string): string {
  if (offset === 'Z' || offset === 'UTC') return '+0000';
  return offset.replace(':', '');
}

function isoOffset(offset: string): string {
  if (offset === 'Z' || offset === 'UTC') return 'Z';
  return offset.length === 5 ? `${offset.slice(0, 3)}:${offset.slice(3)}` : offset;
}

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const HAS_ZONE = /(?:[+-]\d{2}:?\d{2}\b|\b(?:GMT|UTC?|Z|[ECMP][SD]T)\b)/i;

/**
 * Milliseconds since the epoch, or undefined when the text is no date. `defaultOffset` applies
 * when the text names no zone (we-mp-rss writes `Tue, 14 Jan 2025 09:30:00 ` in China time).
 */
export function parseDate(text: string | undefined, defaultOffset = 'Z'): number | undefined {
  if (!text) return undefined;
  const s = text.trim().replace(/\s+/g, ' ');
  if (s === '') return undefined;
  const iso = ISO.exec(s);
  if (iso) {
    const [, y, mo, d, h = '0', mi = '0', sec = '0', frac = '0', zone] = iso;
    const pad = (v: string | undefined, n = 2) => (v ?? '').padStart(n, '0');
    let z = zone ? zone.toUpperCase() : isoOffset(defaultOffset);
    if (/^[+-]\d{2}$/.test(z)) z = `${z}:00`;
    else if (/^[+-]\d{4}$/.test(z)) z = `${z.slice(0, 3)}:${z.slice(3)}`;
    const ms = Date.parse(`${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(sec)}.${frac.slice(0, 3).padEnd(3, '0')}${z}`);
    return Number.isNaN(ms) ? undefined : ms;
  }
  if (!/[a-z]/i.test(s) || !/\d{1,2}:\d{2}|\d{4}/.test(s)) return undefined;
  const ms = Date.parse(HAS_ZONE.test(s) ? s : `${s} ${compactOffset(defaultOffset)}`);
  return Number.isNaN(ms) ? undefined : ms;
}
