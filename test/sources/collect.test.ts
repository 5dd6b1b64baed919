import type { ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { collectOnce, type CollectDeps } from '../../src/sources/collect.js';
import { feedSpec } from '../../src/sources/feed.js';
import { readSourceHealth } from '../../src/sources/health.js';
import type { Post } from '../../src/types.js';
import { cleanPrefix, testRedis, uniquePrefix } from '../helpers/redis.js';
import { FAST, fixture, localServer, memoryLogger, type LocalServer, collectDeps } from './helpers.js';
import { waitFor } from '../helpers/wait.js';

const T0 = Date.parse('2025-03-05T09:40:00.000Z');
const RSS = fixture('feeds/blog.rss.xml');

/** The behaviour of the fake blog server for the next requests. */
type Answer = 'feed' | 'not-found' | 'not-modified' | 'hold' | ((res: ServerResponse) => void);

describe('collectOnce', () => {
  const redis = testRedis();
  let prefix: string;
  let server: LocalServer;
  let answer: Answer;
  let held: ServerResponse[];
  let clock: ManualClock;
  let enqueued: Post[];
  let logger: ReturnType<typeof memoryLogger>;

  beforeEach(async () => {
    prefix = uniquePrefix('collect');
    answer = 'feed';
    held = [];
    clock = new ManualClock(T0);
    enqueued = [];
    logger = memoryLogger();
    server = await localServer((req, res) => {
      if (typeof answer === 'function') return answer(res);
      if (answer === 'hold') return void held.push(res);
      if (answer === 'not-found') return void res.writeHead(404).end('gone');
      if (answer === 'not-modified' || req.headers['if-none-match'] === '"same"') return void res.writeHead(304).end();
      res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"same"' }).end(RSS);
    });
  });
  afterEach(async () => {
    held.forEach((r) => r.destroy());
    await server.close();
    await cleanPrefix(redis, prefix);
  });
  afterAll(() => redis.disconnect());

  const source = (options: Record<string, unknown> = {}) =>
    feedSpec.create('blog', feedSpec.options.parse({ urls: [`${server.url}/feed`], ...FAST, ...options }), { brands: [], env: {} });
  const deps = (over: Partial<CollectDeps> = {}): CollectDeps => collectDeps({ redis, prefix, clock, log: logger.log, enqueued }, over);
  const health = async () => (await readSourceHealth(redis, prefix, ['blog'], clock.now()))[0]!;

  it('queues new posts once, then stores the cursor and marks them seen', async () => {
    const first = await collectOnce(source(), deps());
    expect(first).toMatchObject({ skipped: false, ok: true, polled: 2, queued: 2, duplicates: 0 });
    expect(JSON.parse((await redis.get(`${prefix}:source:blog:cursor`))!)).toEqual({ feeds: { [`${server.url}/feed`]: { etag: '"same"' } } });
    expect(await redis.zcard(`${prefix}:source:blog:seen`)).toBe(2);

    // The cursor is gone (a lost write): the feed comes in full again, and the seen-set stops repeats.
    await redis.del(`${prefix}:source:blog:cursor`);
    const again = await collectOnce(source(), deps());
    expect(again).toMatchObject({ ok: true, polled: 2, queued: 0, duplicates: 2 });
    expect(enqueued).toHaveLength(2);
    expect(logger.lines().filter((l) => l.msg === 'collected 2 new post(s)')).toHaveLength(1);
  });

  it('skips and logs a tick that finds the previous poll still running', async () => {
    answer = 'hold';
    const running = collectOnce(source(), deps());
    await waitFor(() => held.length === 1, 'the request to be held');
    const second = await collectOnce(source(), deps());
    expect(second).toEqual({ skipped: true, reason: 'running' });
    expect(logger.lines().some((l) => l.level === 30 && /still running: tick skipped/.test(String(l.msg)))).toBe(true);

    answer = 'not-modified';
    held[0]!.writeHead(200, { 'content-type': 'application/rss+xml' }).end(RSS);
    expect(await running).toMatchObject({ skipped: false, ok: true, queued: 2 });
    // The lock is released: the next tick polls.
    expect(await collectOnce(source(), deps())).toMatchObject({ skipped: false, ok: true });
  });

  it('turns failing after N consecutive failures, logs the change once, and recovers on success', async () => {
    answer = 'not-found';
    const outcomes = [];
    for (let i = 0; i < 4; i++) {
      outcomes.push(await collectOnce(source({ failAfter: 3 }), deps()));
      clock.advanceBy(5 * 60_000);
    }
    expect(outcomes.map((o) => !o.skipped && o.health.state)).toEqual(['ok', 'ok', 'failing', 'failing']);
    const failing = await health();
    expect(failing).toMatchObject({
      sourceId: 'blog',
      type: 'feed',
      state: 'failing',
      consecutiveFailures: 4,
      lastError: `HTTP 404 from ${server.url}/feed`,
      since: '2025-03-05T09:40:00.000Z',
    });
    const levels = logger.lines().map((l) => [l.level, l.msg]);
    expect(levels.filter(([lvl]) => lvl === 50)).toEqual([[50, `source is failing: HTTP 404 from ${server.url}/feed`]]);
    expect(levels.filter(([lvl]) => lvl === 40)).toEqual([[40, `poll failed: HTTP 404 from ${server.url}/feed`]]);

    answer = 'feed';
    const back = await collectOnce(source({ failAfter: 3 }), deps());
    expect(back).toMatchObject({ ok: true, health: { state: 'ok', consecutiveFailures: 0 } });
    expect(await health()).toMatchObject({ state: 'ok', consecutiveFailures: 0, failures: 4, successes: 1 });
    expect(logger.lines().some((l) => l.msg === 'source recovered')).toBe(true);
  });

  it('turns silent when no new post came for longer than silentAfter', async () => {
    await collectOnce(source({ silentAfter: '1h' }), deps());
    expect((await health()).state).toBe('ok');
    clock.advanceBy(50 * 60_000);
    answer = 'not-modified';
    await collectOnce(source({ silentAfter: '1h' }), deps());
    expect((await health()).state).toBe('ok');
    clock.advanceBy(20 * 60_000);
    expect(await health()).toMatchObject({ state: 'silent', since: '2025-03-05T10:40:00.000Z', consecutiveFailures: 0 });
  });

  it('waits out a Retry-After before polling again', async () => {
    answer = (res) => res.writeHead(429, { 'retry-after': '120' }).end();
    const limited = await collectOnce(source(), deps());
    expect(limited).toMatchObject({ skipped: false, ok: false, notBefore: T0 + 120_000 });
    clock.advanceBy(60_000);
    expect(await collectOnce(source(), deps())).toEqual({ skipped: true, reason: 'waiting', notBefore: T0 + 120_000 });
    expect(server.requests).toHaveLength(1);
    clock.advanceBy(61_000);
    answer = 'feed';
    expect(await collectOnce(source(), deps())).toMatchObject({ skipped: false, ok: true });
  });

  it('abandons a poll that outlives its time limit and counts it as failed', async () => {
    answer = 'hold';
    const outcome = await collectOnce(source({ timeout: '30s' }), deps({ pollTimeoutMs: 200 }));
    expect(outcome).toMatchObject({ skipped: false, ok: false, error: 'poll did not finish within 200ms' });
  });

  it('records nothing when the daemon shuts down mid-poll, and frees the lock', async () => {
    answer = 'hold';
    const shutdown = new AbortController();
    const polling = collectOnce(source(), deps({ signal: shutdown.signal }));
    await waitFor(() => held.length === 1, 'the request to be held');
    shutdown.abort(new Error('shutting down'));
    await expect(polling).rejects.toThrow('shutting down');
    expect(await redis.exists(`${prefix}:source:blog:health`, `${prefix}:source:blog:lock`)).toBe(0);
  });

  it('caps the seen-set, keeping the posts seen last', async () => {
    await collectOnce(source(), deps({ seenCap: 1 }));
    const kept = await redis.zrange(`${prefix}:source:blog:seen`, 0, -1);
    expect(kept).toHaveLength(1);
  });

  it('reports sources that never polled as ok, in the order asked', async () => {
    await collectOnce(source(), deps());
    const views = await readSourceHealth(redis, prefix, ['never', 'blog'], clock.now());
    expect(views.map((v) => [v.sourceId, v.type, v.state])).toEqual([
      ['never', 'unknown', 'ok'],
      ['blog', 'feed', 'ok'],
    ]);
  });
});
