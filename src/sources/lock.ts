import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * A per-source mutex in Redis (SET NX PX with a random token), so one source never polls twice at
 * once, across processes and machines. While held it is extended in the background, so a poll
 * longer than the TTL keeps it; a crashed holder loses it after the TTL. Release and extension
 * only touch the lock when it still carries our token.
 */

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const EXTEND = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

export interface HeldLock {
  readonly token: string;
  /** Safe to call twice. */
  release(): Promise<void>;
}

export async function acquireLock(redis: Redis, key: string, ttlMs: number): Promise<HeldLock | null> {
  const token = randomBytes(12).toString('hex');
  const ok = await redis.set(key, token, 'PX', ttlMs, 'NX');
  if (ok !== 'OK') return null;
  const timer = setInterval(() => {
    redis.eval(EXTEND, 1, key, token, String(ttlMs)).catch(() => undefined);
  }, Math.max(1000, Math.floor(ttlMs / 3)));
  timer.unref();
  let released = false;
  return {
    token,
    async release() {
      if (released) return;
      released = true;
      clearInterval(timer);
      await redis.eval(RELEASE, 1, key, token);
    },
  };
}
