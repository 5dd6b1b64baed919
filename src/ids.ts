import { randomBytes } from 'node:crypto';

/** Crockford's base32 without the letters people misread (i, l, o, u). */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** `n` random characters of Crockford's base32 (5 bits each, from the system's CSPRNG). */
export function randomToken(n: number): string {
  const bytes = randomBytes(n);
  let out = '';
  for (const b of bytes) out += ALPHABET[b & 31];
  return out;
}

/**
 * A new incident id: `inc-20261130-0815-k3m9q2`, the day and minute it opened (event time) then 30
 * random bits. No counter in Redis: ids stay unique when Redis loses its data, so an old link or an
 * old delivery record (`inc-…:3:slack:firing` in a JSONL log) can never name a new incident. Two
 * incidents opening in the same minute collide with odds of one in a billion.
 */
export function newIncidentId(at: number): string {
  const iso = new Date(at).toISOString();
  const day = iso.slice(0, 10).replace(/-/g, '');
  const minute = iso.slice(11, 16).replace(':', '');
  return `inc-${day}-${minute}-${randomToken(6)}`;
}
