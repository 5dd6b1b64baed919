import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { cleanPrefixKeys } from '../../src/clean-prefix.js';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix no other suite or run uses. */
export function uniquePrefix(suite: string): string {
  return `vigie-test:${suite}:${randomBytes(4).toString('hex')}`;
}

export function testRedis(): Redis {
  return new Redis(REDIS_URL, { maxRetriesPerRequest: null, lazyConnect: false });
}

/** Deletes every key under a prefix (SCAN, never KEYS): the product's own clean-up. */
export async function cleanPrefix(redis: Redis, prefix: string): Promise<void> {
  await cleanPrefixKeys(redis, prefix);
}
