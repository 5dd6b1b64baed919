import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import type { Redis } from 'ioredis';
import type { Clock } from '../../src/clock.js';
import type { CollectDeps } from '../../src/sources/collect.js';
import type { Post } from '../../src/types.js';
import type { PollContext } from '../../src/sources/source.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'sources');

/** The brand the source fixtures talk about. */
export const LUMING = { luming: { names: ['Luming Coffee', '鹿鸣咖啡'], keywords: ['鹿鸣咖啡'] } };

export function fixture(path: string): string {
  return readFileSync(join(FIXTURES, path), 'utf8');
}

export function fixtureBytes(path: string): Buffer {
  return readFileSync(join(FIXTURES, path));
}

export function fixtureJson(path: string): unknown {
  return JSON.parse(fixture(path));
}

/** A pino logger that keeps its lines, so tests can read what ops would see. */
export function memoryLogger(level = 'debug'): { log: Logger; lines: () => Record<string, unknown>[]; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const log = pino({ level }, stream);
  const text = () => chunks.join('');
  const lines = () =>
    text()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { log, lines, text };
}

/** A poll context whose seen-set is a plain Set (adapters' own tests; collect tests use Redis). */
export function pollContext(clock: Clock, log: Logger, seen: Set<string> = new Set(), signal = new AbortController().signal): PollContext {
  return {
    clock,
    log,
    signal,
    seen: async (ids) => ids.map((id) => seen.has(id)),
  };
}

export interface LocalServer {
  url: string;
  requests: { method: string; url: string; headers: IncomingMessage['headers'] }[];
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 that answers like a platform. */
export async function localServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<LocalServer> {
  const requests: LocalServer['requests'] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers });
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Options every adapter test uses: no real waiting between retries or requests. */
export const FAST = { retries: 1, retryBackoff: '1ms', timeout: '2s' } as const;

/**
 * Collect-stage dependencies for a test: the given Redis, prefix, clock and logger, posts handed
 * on into `enqueued`, never aborted; `over` replaces any of them.
 */
export function collectDeps(
  base: { redis: Redis; prefix: string; clock: Clock; log: Logger; enqueued: Post[] },
  over: Partial<CollectDeps> = {},
): CollectDeps {
  const { enqueued, ...rest } = base;
  return { ...rest, signal: new AbortController().signal, enqueue: async (posts) => void enqueued.push(...posts), ...over };
}
