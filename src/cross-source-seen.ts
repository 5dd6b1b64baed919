import { keys } from './keys.js';

/*
 * The seen-set every way in shares (collectors, the ingest API): the keys of posts already queued,
 * scored by when they were last seen. Read and written by the intake (src/intake/intake.ts) only.
 */

/** How long a post is remembered across sources (and ingest) after it was last seen. */
export const CROSS_SOURCE_DEDUPE_TTL_MS = 7 * 86_400_000;

/** What `markCrossSourceSeen` needs of a MULTI or pipeline. */
interface SeenWriter {
  zadd(key: string, ...scoreMembers: (string | number)[]): unknown;
  zremrangebyscore(key: string, min: string | number, max: string | number): unknown;
  pexpire(key: string, ms: number): unknown;
}

/**
 * Marks post keys seen across sources at `now` and trims the set by age, in the caller's MULTI:
 * the one way it is written, so the set stays bounded whoever brings the posts.
 * The key itself expires when nothing is written for the whole TTL.
 */
export function markCrossSourceSeen(tx: SeenWriter, prefix: string, ids: readonly string[], now: number, ttlMs = CROSS_SOURCE_DEDUPE_TTL_MS): void {
  if (ids.length === 0) return;
  const key = keys(prefix).crossSourceDedupe();
  tx.zadd(key, ...ids.flatMap((id) => [now, id]));
  tx.zremrangebyscore(key, '-inf', now - ttlMs);
  tx.pexpire(key, ttlMs);
}
