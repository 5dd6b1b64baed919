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
