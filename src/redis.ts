import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis, type RedisOptions } from 'ioredis';

/*
 * Every way Vigie connects to Redis: the connection the daemon, workers and CLI share, the ping
 * that checks one answers, and the private server the demo starts when none does.
 */

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

export class RedisUnavailableError extends Error {
  override name = 'RedisUnavailableError';
}

export interface RedisHandle {
  url: string;
  /** Set when we started a private redis-server for this run. */
  private?: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Redis for the demo: the one at `url` when it answers; otherwise a private, memory-only
 * redis-server when one is on PATH; otherwise one clear message on how to get Redis.
 */
export async function ensureRedis(url: string, log: { info(o: object, m: string): void }): Promise<RedisHandle> {
  try {
    await pingRedis(url);
    return { url, stop: async () => {} };
  } catch {
    // fall through to a private server
  }
  const found = spawnSync('redis-server', ['--version'], { stdio: 'ignore' });
  if (found.error || found.status !== 0) {
    throw new RedisUnavailableError(
      `nothing answers at ${url} and redis-server is not installed.\n` +
        '  Install Redis 7 (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis)\n' +
        '  or point REDIS_URL at a running one, e.g. REDIS_URL=redis://127.0.0.1:6379 npm start',
    );
  }
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'vigie-redis-'));
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
    stdio: 'ignore',
  });
  const privateUrl = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50; i++) {
    try {
      await pingRedis(privateUrl, 200);
      log.info({ url: privateUrl }, `nothing answered at ${url}: started a private redis-server for this run`);
      return {
        url: privateUrl,
        private: child,
        stop: async () => {
          child.kill('SIGTERM');
        },
      };
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  child.kill('SIGKILL');
  throw new RedisUnavailableError(`started redis-server on port ${port} but it never answered`);
}

/** A TCP port free on 127.0.0.1 right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}
