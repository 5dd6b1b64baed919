/**
 * Redis keys of the collect stage. Per source: `${prefix}:source:${id}:{lock,cursor,seen,health,notBefore}`.
 * Across sources: `${prefix}:sources:dedupe`, the keys of posts already queued by any source.
 * With a hash-tagged prefix (`{vigie}`) every key lands in one Redis Cluster slot.
 */
export type SourceKeyKind = 'lock' | 'cursor' | 'seen' | 'health' | 'notBefore';

export function sourceKey(prefix: string, sourceId: string, kind: SourceKeyKind): string {
  return `${prefix}:source:${sourceId}:${kind}`;
}

export function crossSourceDedupeKey(prefix: string): string {
  return `${prefix}:sources:dedupe`;
}

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
 * the one way collectors and the ingest API write it, so the set stays bounded whoever writes.
 * The key itself expires when nothing is written for the whole TTL.
 */
export function markCrossSourceSeen(tx: SeenWriter, prefix: string, ids: readonly string[], now: number, ttlMs = CROSS_SOURCE_DEDUPE_TTL_MS): void {
  if (ids.length === 0) return;
  const key = crossSourceDedupeKey(prefix);
  tx.zadd(key, ...ids.flatMap((id) => [now, id]));
  tx.zremrangebyscore(key, '-inf', now - ttlMs);
  tx.pexpire(key, ttlMs);
}
