import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import type { BrandConfig } from '../../src/config/schema.js';
import { PermanentError } from '../../src/errors.js';
import { collectOnce, type CollectDeps } from '../../src/sources/collect.js';
import { twitterSpec } from '../../src/sources/twitter.js';
import type { Post } from '../../src/types.js';
import { cleanPrefix, testRedis, uniquePrefix } from '../helpers/redis.js';
import { FAST, fixture, memoryLogger, pollContext, collectDeps } from './helpers.js';

const API = 'https://api.x.test';
const TOKEN = 'AAAAtest-bearer-token-0123456789';
const NOW = '2025-03-05T07:00:00.000Z';
const ONE_HOUR_AGO = '2025-03-05T06:00:00.000Z';
const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };
const brand: BrandConfig = { id: 'luming', names: ['Luming Coffee'], aliases: [], keywords: ['Luming Coffee', '鹿鸣咖啡'], exclude: [], terms: {} };

function twitter(options: Record<string, unknown> = {}) {
  const parsed = twitterSpec.options.parse({ baseUrl: API, ...FAST, ...options });
  return twitterSpec.create('x-test', parsed, { brands: [brand], env: { TWITTER_BEARER_TOKEN: TOKEN } });
}

/** Matches the search query string: listed keys must equal, `undefined` ones must be absent. */
function params(expected: Record<string, string | undefined>) {
  return (q: Record<string, unknown>) =>
    q.query === '("Luming Coffee" OR 鹿鸣咖啡)' &&
    q.max_results === '100' &&
    Object.entries(expected).every(([k, v]) => (v === undefined ? !(k in q) : q[k] === v));
}

function api() {
  return nock(API, { reqheaders: { authorization: `Bearer ${TOKEN}` } });
}

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('twitter recent search: one poll', () => {
  it('follows a multi-page cycle and moves since_id only when it completes', async () => {
    const scope = api()
      .get('/2/tweets/search/recent')
      .query(params({ start_time: ONE_HOUR_AGO, since_id: undefined, next_token: undefined }))
      .reply(200, fixture('twitter/page1.json'), JSON_TYPE)
      .get('/2/tweets/search/recent')
      .query(params({ start_time: ONE_HOUR_AGO, next_token: 'tok-page-2' }))
      .reply(200, fixture('twitter/page2.json'), JSON_TYPE)
      .get('/2/tweets/search/recent')
      .query(params({ start_time: ONE_HOUR_AGO, next_token: 'tok-page-3' }))
      .reply(200, fixture('twitter/page3.json'), JSON_TYPE);
    const { log, text } = memoryLogger();
    const result = await twitter().poll(undefined, pollContext(new ManualClock(NOW), log));
    expect(scope.isDone()).toBe(true);
    expect(result.cursor).toEqual({ sinceId: '1897000000000000300' });
    expect(result.posts.map((p) => p.id)).toEqual([
      'twitter:1897000000000000300',
      'twitter:1897000000000000250',
      'twitter:1897000000000000150', // first id of the edit history
      'twitter:1897000000000000180',
      'twitter:1897000000000000160',
    ]);
    const [first, retweet, long, untagged] = result.posts as [Post, Post, Post, Post];
    expect(first).toEqual<Post>({
      id: 'twitter:1897000000000000300',
      platform: 'twitter',
      sourceId: 'x-test',
      url: 'https://x.com/joreader/status/1897000000000000300',
      author: { id: '1700000000000000011', name: '@joreader', followers: 1890 },
      text: 'Luming Coffee spelled my name wrong AGAIN & the barista laughed. Not going back https://example.org/photos/cup-42',
      publishedAt: '2025-03-05T06:58:12.000Z',
      collectedAt: NOW,
      metrics: { likes: 230, shares: 45, comments: 12 },
      langHint: 'en',
    });
    expect(retweet.text).toBe(
      "RT @coffeewatch: Thread: what happened at the Luming Coffee counter this morning, and why the company's first statement made things worse. A long one, so bear with me. Staff asked customers to leave the queue & wait outside in the rain.",
    );
    expect(retweet.author.followers).toBe(42);
    expect(long.text).toMatch(/only note_tweet carries it/);
    expect(long.url).toBe('https://x.com/longposter/status/1897000000000000200');
    expect(untagged.langHint).toBeUndefined(); // lang "und"
    expect(untagged.author).toEqual({ id: '1700000000000000099', name: '1700000000000000099' });
    expect(text()).not.toContain(TOKEN);
  });

  it('polls with since_id alone once it has one, and keeps it on an empty page', async () => {
    const scope = api()
      .get('/2/tweets/search/recent')
      .query(params({ since_id: '1897000000000000300', start_time: undefined }))
      .reply(200, fixture('twitter/empty.json'), JSON_TYPE);
    const { log } = memoryLogger();
    const result = await twitter().poll({ sinceId: '1897000000000000300' }, pollContext(new ManualClock(NOW), log));
    expect(scope.isDone()).toBe(true);
    expect(result).toEqual({ posts: [], cursor: { sinceId: '1897000000000000300' } });
  });

  it('resets a since_id older than seven days and searches the backfill window instead', async () => {
    const scope = api()
      .get('/2/tweets/search/recent')
      .query(params({ since_id: '1800000000000000000' }))
      .reply(400, fixture('twitter/stale-since-id.json'), JSON_TYPE)
      .get('/2/tweets/search/recent')
      .query(params({ since_id: undefined, start_time: ONE_HOUR_AGO }))
      .reply(200, fixture('twitter/next-cycle.json'), JSON_TYPE);
    const { log, lines } = memoryLogger();
    const result = await twitter().poll({ sinceId: '1800000000000000000' }, pollContext(new ManualClock(NOW), log));
    expect(scope.isDone()).toBe(true);
    expect(result.cursor).toEqual({ sinceId: '1897000000000000400' });
    expect(result.posts).toHaveLength(1);
    expect(lines().some((l) => l.level === 40 && /since_id is older/.test(String(l.msg)))).toBe(true);
  });

  it('stops when the rate-limit window is used up and says until when', async () => {
    const reset = Date.parse(NOW) / 1000 + 600;
    api()
      .get('/2/tweets/search/recent')
      .query(true)
      .reply(200, fixture('twitter/page1.json'), { ...JSON_TYPE, 'x-rate-limit-limit': '450', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(reset) });
    const { log } = memoryLogger();
    const result = await twitter().poll(undefined, pollContext(new ManualClock(NOW), log));
    expect(result.notBefore).toBe(reset * 1000);
    expect(result.cursor).toEqual({ cycle: { nextToken: 'tok-page-2', newestId: '1897000000000000300', startTime: ONE_HOUR_AGO } });
    expect(result.error).toBeUndefined();
  });

  it('refuses to start without its bearer token, naming the variable', () => {
    const parsed = twitterSpec.options.parse({ baseUrl: API });
    expect(() => twitterSpec.create('x-test', parsed, { brands: [brand], env: {} })).toThrow(PermanentError);
    expect(() => twitterSpec.create('x-test', parsed, { brands: [brand], env: {} })).toThrow(/TWITTER_BEARER_TOKEN/);
  });
});

describe('twitter through the collect stage', () => {
  const redis = testRedis();
  let prefix: string;
  let clock: ManualClock;
  let enqueued: Post[];
  let logger: ReturnType<typeof memoryLogger>;
  const deps = (over: Partial<CollectDeps> = {}): CollectDeps => collectDeps({ redis, prefix, clock, log: logger.log, enqueued }, over);
  beforeEach(() => {
    prefix = uniquePrefix('twitter');
    clock = new ManualClock(NOW);
    enqueued = [];
    logger = memoryLogger();
  });
  afterEach(async () => cleanPrefix(redis, prefix));
  afterAll(() => redis.disconnect());

  it('resumes a cycle cut short by a failure after a restart: nothing lost, nothing repeated', async () => {
    api()
      .get('/2/tweets/search/recent')
      .query(params({ next_token: undefined, start_time: ONE_HOUR_AGO }))
      .reply(200, fixture('twitter/page1.json'), JSON_TYPE)
      .get('/2/tweets/search/recent')
      .query(params({ next_token: 'tok-page-2' }))
      .times(2) // the first attempt and its one retry
      .reply(503, 'over capacity');
    const first = await collectOnce(twitter(), deps());
    expect(first).toMatchObject({ skipped: false, ok: false, queued: 2 });
    expect(await redis.get(`${prefix}:source:x-test:cursor`)).toBe(
      JSON.stringify({ cycle: { nextToken: 'tok-page-2', newestId: '1897000000000000300', startTime: ONE_HOUR_AGO } }),
    );

    // A new process: new connection, new source object, same Redis.
    const redis2 = testRedis();
    try {
      clock.advanceBy(60_000);
      api()
        .get('/2/tweets/search/recent')
        .query(params({ next_token: 'tok-page-2', start_time: ONE_HOUR_AGO }))
        .reply(200, fixture('twitter/page2.json'), JSON_TYPE)
        .get('/2/tweets/search/recent')
        .query(params({ next_token: 'tok-page-3', start_time: ONE_HOUR_AGO }))
        .reply(200, fixture('twitter/page3.json'), JSON_TYPE);
      const second = await collectOnce(twitter(), deps({ redis: redis2 }));
      expect(second).toMatchObject({ skipped: false, ok: true, queued: 3 });
      expect(JSON.parse((await redis2.get(`${prefix}:source:x-test:cursor`))!)).toEqual({ sinceId: '1897000000000000300' });

      clock.advanceBy(60_000);
      api()
        .get('/2/tweets/search/recent')
        .query(params({ since_id: '1897000000000000300', next_token: undefined, start_time: undefined }))
        .reply(200, fixture('twitter/next-cycle.json'), JSON_TYPE);
      const third = await collectOnce(twitter(), deps({ redis: redis2 }));
      expect(third).toMatchObject({ ok: true, queued: 1 });
    } finally {
      redis2.disconnect();
    }
    const ids = enqueued.map((p) => p.id);
    expect(ids).toHaveLength(6);
    expect(new Set(ids).size).toBe(6);
  });

  it('keeps the cursor when handing posts on fails, so the next poll brings them again', async () => {
    api().get('/2/tweets/search/recent').query(true).reply(200, fixture('twitter/page3.json'), JSON_TYPE);
    await expect(collectOnce(twitter(), deps({ enqueue: async () => Promise.reject(new Error('queue down')) }))).rejects.toThrow('queue down');
    expect(await redis.get(`${prefix}:source:x-test:cursor`)).toBeNull();

    api().get('/2/tweets/search/recent').query(params({ since_id: undefined })).reply(200, fixture('twitter/page3.json'), JSON_TYPE);
    const retry = await collectOnce(twitter(), deps());
    expect(retry).toMatchObject({ ok: true, queued: 1 });
    expect(enqueued.map((p) => p.id)).toEqual(['twitter:1897000000000000160']);
  });

  it('waits for the reset after a 429, then polls again', async () => {
    const reset = Date.parse(NOW) / 1000 + 420;
    api()
      .get('/2/tweets/search/recent')
      .query(true)
      .reply(429, fixture('twitter/rate-limited.json'), { ...JSON_TYPE, 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(reset) });
    const limited = await collectOnce(twitter(), deps());
    expect(limited).toMatchObject({ skipped: false, ok: false });
    if (limited.skipped) return;
    expect(limited.error).toMatch(/X rate limit reached \(429\)/);
    expect(limited.notBefore).toBeGreaterThanOrEqual(reset * 1000);
    expect(limited.notBefore).toBeLessThan(reset * 1000 + 5_000);
    expect(limited.health).toMatchObject({ state: 'ok', consecutiveFailures: 1 });
    expect(logger.lines().some((l) => l.level === 40 && /poll failed: X rate limit/.test(String(l.msg)))).toBe(true);

    clock.advanceBy(300_000);
    expect(await collectOnce(twitter(), deps())).toMatchObject({ skipped: true, reason: 'waiting' });

    clock.advanceTo(limited.notBefore! + 1);
    api().get('/2/tweets/search/recent').query(true).reply(200, fixture('twitter/page3.json'), JSON_TYPE);
    const after = await collectOnce(twitter(), deps());
    expect(after).toMatchObject({ skipped: false, ok: true, queued: 1 });
  });

  it('stops for long on a monthly usage cap, and the source is failing at once', async () => {
    api().get('/2/tweets/search/recent').query(true).reply(429, fixture('twitter/usage-cap.json'), { ...JSON_TYPE, 'x-rate-limit-remaining': '440' });
    const capped = await collectOnce(twitter({ usageCapBackoff: '12h' }), deps());
    if (capped.skipped) throw new Error('not polled');
    expect(capped.error).toMatch(/usage cap exceeded/);
    expect(capped.notBefore).toBe(Date.parse(NOW) + 12 * 3_600_000);
    expect(capped.health.state).toBe('failing');
    clock.advanceBy(6 * 3_600_000);
    expect(await collectOnce(twitter(), deps())).toMatchObject({ skipped: true, reason: 'waiting' });
  });

  it('a refused token (401) fails the source at once, and the token is never logged', async () => {
    api().get('/2/tweets/search/recent').query(true).reply(401, fixture('twitter/unauthorized.json'), JSON_TYPE);
    const outcome = await collectOnce(twitter(), deps());
    if (outcome.skipped) throw new Error('not polled');
    expect(outcome.error).toMatch(/refused the bearer token \(HTTP 401/);
    expect(outcome.health.state).toBe('failing');
    expect(logger.text()).toContain('source is failing');
    expect(logger.text()).not.toContain(TOKEN);
    expect(outcome.error).not.toContain(TOKEN);
  });
});
