import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { freePort } from '../../helpers/ports.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

/** A redis-server of the test's own, on a free port, that the test may stop and start again. */
export interface PrivateRedis {
  port: number;
  url: string;
  /** Stops the server (SIGTERM, or SIGKILL for a crash) and waits for it to exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
  /** A client (closed by `close`). */
  client(): Redis;
  close(): Promise<void>;
}

/** Memory-only by default (`--save "" --appendonly no`): a restart loses every key. */
export async function startPrivateRedis(extraArgs: string[] = ['--save', '', '--appendonly', 'no']): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'vigie-private-redis-'));
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const clients: Redis[] = [];

  const start = async () => {
    const c = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, ...extraArgs], { stdio: 'ignore' });
    child = c;
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => undefined);
    try {
      for (let i = 0; ; i++) {
        try {
          if (probe.status !== 'ready') await probe.connect();
          await probe.ping();
          return;
        } catch (err) {
          if (i > 100 || c.exitCode !== null) throw new Error(`redis-server on port ${port} did not start: ${(err as Error).message}`);
          probe.disconnect();
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    } finally {
      probe.disconnect();
    }
  };

  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill(signal);
    });
  };

  await start();
  return {
    port,
    url,
    start,
    stop,
    client() {
      const r = new Redis(url, { maxRetriesPerRequest: null });
      r.on('error', () => undefined);
      clients.push(r);
      return r;
    },
    async close() {
      for (const r of clients) r.disconnect();
      await stop('SIGKILL');
    },
  };
}
