import fc from 'fast-check';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { parseConfig } from '../../src/configure.js';
import { Daemon } from '../../src/daemon.js';
import { startHttpServer, type HttpServer } from '../../src/http/server.js';
import { silentLogger } from '../../src/log.js';
import { QUEUE_NAMES } from '../../src/queues/jobs.js';
import { cleanPrefix, REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { anyJson, hostileText, mutate } from './arbitraries.js';

/**
 * `POST /api/posts` takes whatever a client sends: it answers 202 or a 4xx whose JSON names what
 * is wrong (and the field, for a post that does not validate), never a 500, and keeps answering.
 */

const TOKEN = 'ingest-property-token-0123456789abcdefghijklmnopqrstuv';
const NOW = Date.parse('2026-04-14T08:00:00Z');
const POST = {
  id: 'ingest:ticket-4711',
  platform: 'ingest',
  sourceId: 'service-desk',
  url: 'https://desk.example.com/t/4711',
  author: { id: 'c-1', name: 'A customer', followers: 12 },
  text: 'Acme lost my parcel again',
  title: 'Parcel',
  publishedAt: '2026-04-14T07:59:00Z',
  metrics: { likes: 0, shares: 0, comments: 1 },
  langHint: 'en',
};

describe('ingest bodies, however broken', () => {
  const redis = new Redis(REDIS_URL);
  const prefix = uniquePrefix('prop-ingest');
  const config = parseConfig(`redis: { url: "${REDIS_URL}", prefix: "${prefix}" }\nbrands:\n  acme: { names: [Acme] }\n`, 'p.yaml');
  const daemon = new Daemon({ config, roles: QUEUE_NAMES, clock: new ManualClock(NOW), log: silentLogger });
  let http: HttpServer;

  beforeAll(async () => {
    http = await startHttpServer({ daemon, clock: new ManualClock(NOW), log: silentLogger, port: 0, token: TOKEN });
  });
  afterAll(async () => {
    await http.close();
    await daemon.close();
    await cleanPrefix(redis, prefix);
    await redis.quit();
  });

  const send = async (body: string, type = 'application/json') => {
    const res = await fetch(`${http.url}/api/posts`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': type }, body });
    return { status: res.status, json: (await res.json()) as { error?: string; field?: string; problems?: { field: string; message: string }[] } };
  };

  const expectClear = (r: Awaited<ReturnType<typeof send>>) => {
    expect([202, 400, 413, 415]).toContain(r.status);
    if (r.status !== 202) expect(r.json.error?.trim().length).toBeGreaterThan(0);
  };

  it('any text or JSON: a 202 or a 4xx that says why, never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostileText(200), anyJson().map((v) => JSON.stringify(v))), fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain'), async (body, type) =>
        expectClear(await send(body, type)),
      ),
      { numRuns: 150 },
    );
  });

  it('a near-miss post is accepted or refused naming its field', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.oneof(anyJson(), hostileText(40)), fc.boolean(), fc.boolean(), async (choice, leaf, remove, batch) => {
        const post = { ...(mutate(POST, choice, leaf, remove) as object), id: `ingest:p-${choice}` };
        const r = await send(JSON.stringify(batch ? { posts: [POST, post] } : post));
        expectClear(r);
        if (r.status === 400 && r.json.problems) {
          for (const p of r.json.problems) {
            expect(p.field).toMatch(batch ? /^posts\[\d\]/ : /^[a-zA-Z(]/);
            expect(p.message.trim().length).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 150 },
    );
    expect((await fetch(`${http.url}/healthz`)).status).toBe(200);
  });
});
