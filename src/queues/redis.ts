import { Redis, type RedisOptions } from 'ioredis';

/**
 * A connection for BullMQ and our own keys. `maxRetriesPerRequest: null` is what BullMQ workers
 * need: a command waits for Redis to come back instead of failing the job.
 */
export function connect(url: string, opts: RedisOptions = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, ...opts });
}

/** Resolves when Redis answers PING, rejects after `timeoutMs` with a message that says what to do. */
export async function pingRedis(url: string, timeoutMs = 1500): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: timeoutMs });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
  } finally {
    redis.disconnect();
  }
}
