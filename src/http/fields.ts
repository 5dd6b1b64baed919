import { parseDuration } from '../duration.js';
import { HttpError } from './respond.js';

/** Reading fields of a JSON body or a query string, with 400s that name the field and the fix. */

export function requiredText(body: Record<string, unknown>, field: string, max: number, hint: string): string {
  const v = optionalText(body, field, max);
  if (v === undefined) throw new HttpError(400, `"${field}" is required: ${hint}`, { field });
  return v;
}

export function optionalText(body: Record<string, unknown>, field: string, max: number): string | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new HttpError(400, `"${field}" must be a string`, { field });
  const t = v.trim();
  if (t === '') return undefined;
  if (t.length > max) throw new HttpError(400, `"${field}" is longer than ${max} characters`, { field });
  return t;
}

/** Refuses keys a route does not know, so a typo (`reson`) is not silently ignored. */
export function onlyKeys(body: Record<string, unknown>, allowed: readonly string[]): void {
  for (const k of Object.keys(body)) {
    if (!allowed.includes(k)) throw new HttpError(400, `unknown field "${k}" (expected ${allowed.map((a) => `"${a}"`).join(', ')})`, { field: k });
  }
}

/** A comma-separated query list, each value one of `allowed`. */
export function queryList<T extends string>(query: URLSearchParams, field: string, allowed: readonly T[]): T[] | undefined {
  const raw = query.getAll(field).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
  if (raw.length === 0) return undefined;
  for (const v of raw) {
    if (!allowed.includes(v as T)) throw new HttpError(400, `"${field}" must be one or more of ${allowed.join(', ')} (got "${v}")`, { field });
  }
  return raw as T[];
}

/** A point in time: an ISO date, or a duration back from `now` (`24h` means 24 hours ago). */
export function queryTime(query: URLSearchParams, field: string, now: number): number | undefined {
  const v = query.get(field)?.trim();
  if (!v) return undefined;
  const back = parseDuration(v);
  if (back !== undefined) return now - back;
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw new HttpError(400, `"${field}" must be an ISO date (2026-04-14T08:00:00Z) or a duration back from now (24h, 7d)`, { field });
  return t;
}

export function queryInt(query: URLSearchParams, field: string, min: number, max: number): number | undefined {
  const v = query.get(field)?.trim();
  if (!v) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new HttpError(400, `"${field}" must be a whole number from ${min} to ${max}`, { field });
  return n;
}
