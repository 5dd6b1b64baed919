import type { Redis } from 'ioredis';

/** Deletes every key under a prefix with SCAN and UNLINK (never KEYS, which blocks Redis). */
export async function cleanPrefixKeys(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let removed = 0;
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${escapeGlob(prefix)}:*`, 'COUNT', 1000);
    cursor = next;
    if (found.length > 0) removed += await redis.unlink(...found);
  } while (cursor !== '0');
  return removed;
}

function escapeGlob(s: string): string {
  return s.replace(/[*?[\]\\]/g, '\\$&');
}
