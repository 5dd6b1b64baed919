/**
 * What a run left in Redis under its prefix: every key's MEMORY USAGE, summed by kind of key.
 * Read key by key rather than from INFO's used_memory, which other clients of the same Redis move.
 */
import type { Redis } from 'ioredis';

export interface PrefixMemory {
  keys: number;
  bytes: number;
  /** Stored posts (`post:<id>`): what "per retained post" divides by. */
  posts: number;
  byKind: Record<string, { keys: number; bytes: number }>;
}

/** Kinds of key, from the part after the prefix: `post`, `win:m`, `collect` (a BullMQ queue) ... */
function kindOf(rest: string): string {
  const parts = rest.split(':');
  if (parts[0] === 'win') return `win:${parts[1] ?? ''}`;
  if (parts[0] === 'source') return `source:${parts[2] ?? ''}`;
  return parts[0] ?? rest;
}

export async function prefixMemory(redis: Redis, prefix: string, onProgress?: (keys: number) => void): Promise<PrefixMemory> {
  const out: PrefixMemory = { keys: 0, bytes: 0, posts: 0, byKind: {} };
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix.replace(/[*?[\]\\]/g, '\\$&')}:*`, 'COUNT', 2000);
    cursor = next;
    if (found.length === 0) continue;
    const pipe = redis.pipeline();
    for (const key of found) pipe.memory('USAGE', key);
    const replies = (await pipe.exec()) ?? [];
    found.forEach((key, i) => {
      const bytes = Number(replies[i]?.[1] ?? 0);
      const kind = kindOf(key.slice(prefix.length + 1));
      const k = (out.byKind[kind] ??= { keys: 0, bytes: 0 });
      k.keys += 1;
      k.bytes += bytes;
      out.keys += 1;
      out.bytes += bytes;
      if (kind === 'post') out.posts += 1;
    });
    onProgress?.(out.keys);
  } while (cursor !== '0');
  return out;
}
