import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import type { BrandConfig } from '../../src/config/schema.js';
import { collectOnce } from '../../src/sources/collect.js';
import { BlockedError } from '../../src/sources/errors.js';
import { weiboSpec } from '../../src/sources/weibo.js';
import type { Post } from '../../src/types.js';
import { cleanPrefix, testRedis, uniquePrefix } from '../helpers/redis.js';
import { FAST, fixture, memoryLogger, pollContext } from './helpers.js';

const BASE = 'https://m.weibo.test';
const KEYWORD = '鹿鸣咖啡';
const SEARCH = { containerid: `100103type=61&q=${KEYWORD}&t=0` };
const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };
const COOKIE = 'SUB=_2A25test-cookie-value; SUBP=0033WrSXqPxfM72';
// 15:00 in China on 5 March 2025.
const NOW = '2025-03-05T07:00:00.000Z';

const brand: BrandConfig = { id: 'luming', names: ['鹿鸣咖啡', 'Luming Coffee'], aliases: [], keywords: [KEYWORD], exclude: [], terms: {} };

function weibo(options: Record<string, unknown> = {}, env: NodeJS.ProcessEnv = { WEIBO_COOKIE: COOKIE }) {
  const parsed = weiboSpec.options.parse({ baseUrl: BASE, requestInterval: '0ms', maxPages: 2, ...FAST, ...options });
  return weiboSpec.create('weibo-test', parsed, { brands: [brand], env });
}

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('weibo keyword search', () => {
  it('reads pages, completes long posts, keeps retweets, counts and relative dates', async () => {
    const scope = nock(BASE, { reqheaders: { cookie: COOKIE, 'mweibo-pwa': '1' } })
      .get('/api/container/getIndex')
      .query({ ...SEARCH, page: '1' })
      .reply(200, fixture('weibo/search-page1.json'), JSON_TYPE)
      .get('/statuses/extend')
      .query({ id: '5100000000000001' })
      .reply(200, fixture('weibo/extend.json'), JSON_TYPE)
      .get('/api/container/getIndex')
      .query({ ...SEARCH, page: '2' })
      .reply(200, fixture('weibo/search-page2.json'), JSON_TYPE);
    const { log, text } = memoryLogger();
    const result = await weibo().poll(undefined, pollContext(new ManualClock(NOW), log));
    expect(scope.isDone()).toBe(true);

    const byId = new Map(result.posts.map((p) => [p.id, p]));
    expect([...byId.keys()]).toEqual([
      'weibo:5100000000000001',
      'weibo:5100000000000002',
      'weibo:5100000000000003',
      'weibo:5098000000000001',
    ]);
    expect(byId.get('weibo:5100000000000001')).toEqual<Post>({
      id: 'weibo:5100000000000001',
      platform: 'weibo',
      sourceId: 'weibo-test',
      url: 'https://weibo.com/3300000001/Pq1Rs2Tu3',
      author: { id: '3300000001', name: '咖啡爱好者', followers: 5120 },
      text: '今天在 #鹿鸣咖啡# 排队半小时 & 店员态度很差\n后来经理出来道歉，但是咖啡还是洒了一身。[怒]',
      publishedAt: '2025-03-05T06:20:11.000Z',
      collectedAt: NOW,
      metrics: { likes: 88, shares: 12, comments: 30 },
    });
    const retweet = byId.get('weibo:5100000000000002')!;
    expect(retweet.text).toBe('说得对//@某位网友:杯子上的名字又写错了 // 原微博：鹿鸣咖啡把我的名字写成了“李小龙”');
    expect(retweet.publishedAt).toBe('2025-03-05T06:55:00.000Z'); // 5分钟前
    expect(retweet.author.followers).toBe(234_000); // "23.4万"
    expect(retweet.metrics).toEqual({ likes: 7, shares: 1_000_000, comments: 1204 }); // "100万+", "1,204"
    const yesterday = byId.get('weibo:5100000000000003')!;
    expect(yesterday.publishedAt).toBe('2025-03-04T14:15:00.000Z'); // 昨天 22:15, China time
    expect(yesterday.text).toBe('鹿鸣咖啡的新品还不错\n推荐燕麦拿铁');
    expect(byId.get('weibo:5098000000000001')!.publishedAt).toBe('2025-03-01T01:05:00.000Z'); // 03-01 09:05
    expect(text()).not.toContain('test-cookie-value');
  });

  it('stops at the first post already seen, without reading further pages', async () => {
    const scope = nock(BASE)
      .get('/api/container/getIndex')
      .query({ ...SEARCH, page: '1' })
      .reply(200, fixture('weibo/search-page1-next.json'), JSON_TYPE);
    const { log } = memoryLogger();
    const seen = new Set(['weibo:5100000000000001']);
    const result = await weibo().poll(undefined, pollContext(new ManualClock(NOW), log, seen));
    expect(scope.isDone()).toBe(true);
    expect(result.posts.map((p) => p.id)).toEqual(['weibo:5100000000000009']);
    expect(result.posts[0]!.publishedAt).toBe(NOW); // 刚刚
    expect(result.posts[0]!.author.followers).toBe(150_000_000); // "1.5亿"
  });

  it('keeps the truncated text, without its "全文" link, when the long text cannot be had', async () => {
    nock(BASE)
      .get('/api/container/getIndex')
      .query({ ...SEARCH, page: '1' })
      .reply(200, fixture('weibo/search-page1.json'), JSON_TYPE)
      .get('/statuses/extend')
      .query({ id: '5100000000000001' })
      .times(2)
      .reply(503, 'busy')
      .get('/api/container/getIndex')
      .query({ ...SEARCH, page: '2' })
      .reply(200, fixture('weibo/empty.json'), JSON_TYPE);
    const { log } = memoryLogger();
    const result = await weibo().poll(undefined, pollContext(new ManualClock(NOW), log));
    expect(result.posts[0]!.text).toBe('今天在 #鹿鸣咖啡# 排队半小时 & 店员态度很差[怒]');
  });

  it('treats ok:0 as no results, not as an error', async () => {
    nock(BASE).get('/api/container/getIndex').query({ ...SEARCH, page: '1' }).reply(200, fixture('weibo/empty.json'), JSON_TYPE);
    const { log } = memoryLogger();
    const result = await weibo().poll(undefined, pollContext(new ManualClock(NOW), log));
    expect(result).toEqual({ posts: [] });
  });
  it('keeps what other searches found when one fails, and reports the failure', async () => {
    nock(BASE)
      .get('/api/container/getIndex')
      .query({ ...SEARCH, page: '1' })
      .reply(200, fixture('weibo/search-page1-next.json'), JSON_TYPE)
      .get('/api/container/getIndex')
      .query({ ...SEARCH, page: '2' })
      .reply(200, fixture('weibo/empty.json'), JSON_TYPE)
      .get('/api/container/getIndex')
      .query({ containerid: '100103type=61&q=鹿鸣&t=0', page: '1' })
      .reply(400, 'bad request');
    const { log } = memoryLogger();
    const result = await weibo({ keywords: [KEYWORD, '鹿鸣'] }).poll(undefined, pollContext(new ManualClock(NOW), log));
    expect(result.posts.map((p) => p.id)).toEqual(['weibo:5100000000000009', 'weibo:5100000000000001']);
    expect(result.error?.message).toMatch(/^1 of 2 Weibo searches and timelines failed: HTTP 400 from https:\/\/m\.weibo\.test\/api\/container\/getIndex\?/);
  });
});

describe('weibo user timelines', () => {
  it('pages with since_id, and a pinned post already seen does not stop paging', async () => {
    const first = nock(BASE)
      .get('/api/container/getIndex')
      .query({ type: 'uid', value: '3300000010', containerid: '1076033300000010' })
      .reply(200, fixture('weibo/timeline-page1.json'), JSON_TYPE)
      .get('/api/container/getIndex')
      .query({ type: 'uid', value: '3300000010', containerid: '1076033300000010', since_id: '5100000000000100' })
      .reply(200, fixture('weibo/timeline-page2.json'), JSON_TYPE);
    const source = weibo({ keywords: [], users: [3300000010] });
    const { log } = memoryLogger();
    const seen = new Set<string>();
    const result = await source.poll(undefined, pollContext(new ManualClock(NOW), log, seen));
    expect(first.isDone()).toBe(true);
    expect(result.posts.map((p) => p.id)).toEqual(['weibo:5000000000000000', 'weibo:5100000000000200', 'weibo:5100000000000100']);

    // Next poll: the pinned post (seen, out of order) is passed over, a new post is taken, and the
    // first seen normal post stops paging.
    result.posts.forEach((p) => seen.add(p.id));
    const second = nock(BASE)
      .get('/api/container/getIndex')
      .query({ type: 'uid', value: '3300000010', containerid: '1076033300000010' })
      .reply(200, fixture('weibo/timeline-page1-new.json'), JSON_TYPE);
    const again = await source.poll(undefined, pollContext(new ManualClock(NOW), log, seen));
    expect(second.isDone()).toBe(true);
    expect(again.posts.map((p) => p.id)).toEqual(['weibo:5100000000000300']);
  });
});

describe('weibo anti-scraping answers', () => {
  const redis = testRedis();
  let prefix: string;
  beforeEach(() => {
    prefix = uniquePrefix('weibo');
  });
  afterEach(async () => cleanPrefix(redis, prefix));
  afterAll(() => redis.disconnect());

  const blocks: [string, () => void, RegExp][] = [
    ['HTTP 418', () => nock(BASE).get('/api/container/getIndex').query(true).reply(418, ''), /HTTP 418.*anti-scraping/],
    ['HTTP 403', () => nock(BASE).get('/api/container/getIndex').query(true).reply(403, 'Forbidden'), /HTTP 403/],
    ['HTTP 432', () => nock(BASE).get('/api/container/getIndex').query(true).reply(432, ''), /HTTP 432.*cookie missing or expired/],
    ['ok:-100', () => nock(BASE).get('/api/container/getIndex').query(true).reply(200, fixture('weibo/login-required.json'), JSON_TYPE), /ok:-100/],
    [
      'a redirect to an HTML visitor page answered 200',
      () => {
        nock(BASE).get('/api/container/getIndex').query(true).reply(302, '', { location: 'https://visitor.passport.weibo.test/visitor/visitor?entry=miniblog' });
        nock('https://visitor.passport.weibo.test')
          .get('/visitor/visitor')
          .query(true)
          .reply(200, fixture('weibo/visitor.html'), { 'content-type': 'text/html; charset=utf-8' });
      },
      /HTML page, redirected to https:\/\/visitor\.passport\.weibo\.test\/visitor\/visitor/,
    ],
  ];

  it.each(blocks)('%s puts the source in a failing state at once, logs it, and rests', async (_name, reply, message) => {
    reply();
    const clock = new ManualClock(NOW);
    const { log, lines, text } = memoryLogger();
    const enqueued: Post[] = [];
    const source = weibo();
    const outcome = await collectOnce(source, {
      redis,
      prefix,
      clock,
      log,
      signal: new AbortController().signal,
      enqueue: async (posts) => void enqueued.push(...posts),
    });
    expect(outcome.skipped).toBe(false);
    if (outcome.skipped) return;
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toMatch(message);
    expect(outcome.health.state).toBe('failing');
    expect(outcome.health.since).toBe(NOW);
    expect(enqueued).toEqual([]);
    expect(outcome.notBefore).toBe(Date.parse(NOW) + 30 * 60_000);
    const errorLine = lines().find((l) => l.level === 50);
    expect(errorLine?.msg).toMatch(/^source is failing: /);
    expect(text()).not.toContain('test-cookie-value');

    // The next tick rests instead of hammering the block.
    clock.advanceBy(60_000);
    const next = await collectOnce(source, { redis, prefix, clock, log, signal: new AbortController().signal, enqueue: async () => {} });
    expect(next).toMatchObject({ skipped: true, reason: 'waiting' });
  });

  it('raises a BlockedError from poll itself, not an empty result', async () => {
    nock(BASE).get('/api/container/getIndex').query(true).reply(432, '');
    const { log } = memoryLogger();
    await expect(weibo().poll(undefined, pollContext(new ManualClock(NOW), log))).rejects.toBeInstanceOf(BlockedError);
  });

  it('sends no cookie when none is configured', async () => {
    const scope = nock(BASE, { badheaders: ['cookie'] }).get('/api/container/getIndex').query(true).reply(200, fixture('weibo/empty.json'), JSON_TYPE);
    const { log } = memoryLogger();
    await weibo({}, {}).poll(undefined, pollContext(new ManualClock(NOW), log));
    expect(scope.isDone()).toBe(true);
  });
});
