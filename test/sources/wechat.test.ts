import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { collectOnce } from '../../src/sources/collect.js';
import { wechatSpec } from '../../src/sources/wechat.js';
import { normaliseWechatLink } from '../../src/sources/wechat-url.js';
import type { Post } from '../../src/types.js';
import { cleanPrefix, testRedis, uniquePrefix } from '../helpers/redis.js';
import { FAST, fixture, memoryLogger, pollContext } from './helpers.js';

const NOW = '2025-03-05T10:00:00.000Z';
const LONG_ID = 'wechat:MzI0NTU1NTU1NQ==:2247480001:1';
const LONG_URL = 'https://mp.weixin.qq.com/s?__biz=MzI0NTU1NTU1NQ==&mid=2247480001&idx=1&sn=aa11bb22cc33dd44ee55ff6677889900';
const SHORT_ID = 'wechat:s:Lm8QxYz1AbCdEfGhIjKl9w';
const SHORT_URL = 'https://mp.weixin.qq.com/s/Lm8QxYz1AbCdEfGhIjKl9w';
const TITLE = '鹿鸣咖啡回应排队事件 & 致歉';

const MIRRORS = {
  rsshub: ['http://rsshub.test/wechat/wechat2rss/5550001111', 'rsshub.xml', 'application/rss+xml; charset=utf-8'],
  weweAtom: ['http://wewe.test/feeds/MP_WXS_3900000077.atom', 'wewe.atom', 'application/atom+xml; charset=utf-8'],
  weweJson: ['http://wewe.test/feeds/MP_WXS_3900000077.json', 'wewe.json', 'application/json; charset=utf-8'],
  weMpRss: ['http://wemp.test/feed/3900000077.rss', 'we-mp-rss.xml', 'application/xml'],
  wechat2rss: ['http://w2r.test/feed/5550001111.json', 'wechat2rss.json', 'application/json'],
} as const;

function serve(...names: (keyof typeof MIRRORS)[]): string[] {
  return names.map((name) => {
    const [url, file, type] = MIRRORS[name];
    const u = new URL(url);
    nock(u.origin).get(u.pathname).reply(200, fixture(`wechat/${file}`), { 'content-type': type });
    return url;
  });
}

function wechat(urls: string[], id = 'wechat-test', options: Record<string, unknown> = {}) {
  return wechatSpec.create(id, wechatSpec.options.parse({ urls, ...FAST, ...options }), { brands: [], env: {} });
}

async function pollOnce(urls: string[]) {
  return wechat(urls).poll(undefined, pollContext(new ManualClock(NOW), memoryLogger().log));
}

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('wechat article links', () => {
  it.each([
    ['a short link', SHORT_URL, SHORT_ID.slice(7), SHORT_URL],
    ['a short link over http with a query and fragment', 'http://mp.weixin.qq.com/s/Lm8QxYz1AbCdEfGhIjKl9w?scene=1#wechat_redirect', SHORT_ID.slice(7), SHORT_URL],
    ['a bare article id (WeWe-RSS Atom)', 'Lm8QxYz1AbCdEfGhIjKl9w', SHORT_ID.slice(7), SHORT_URL],
    ['a long link with extra parameters', `${LONG_URL}&chksm=fe12ab34&scene=21#rd`, LONG_ID.slice(7), LONG_URL],
    ['a long link with parameters reordered', 'https://mp.weixin.qq.com/s?sn=aa11bb22cc33dd44ee55ff6677889900&idx=1&mid=2247480001&__biz=MzI0NTU1NTU1NQ==', LONG_ID.slice(7), LONG_URL],
    ['an old appmsg link', 'http://mp.weixin.qq.com/mp/appmsg/show?__biz=MzI0NTU1NTU1NQ==&appmsgid=2247480001&itemidx=1&sign=aa11bb22cc33dd44ee55ff6677889900', LONG_ID.slice(7), LONG_URL],
  ])('%s', (_name, link, key, url) => {
    expect(normaliseWechatLink(link)).toMatchObject({ key, url });
  });

  it('gives no key to temporary signature links or other sites', () => {
    expect(normaliseWechatLink('https://mp.weixin.qq.com/s?src=11&timestamp=1741140000&ver=5800&signature=AbC*dEf')).toBeUndefined();
    expect(normaliseWechatLink('https://example.test/s/Lm8QxYz1AbCdEfGhIjKl9w')).toBeUndefined();
  });
});

describe('wechat mirrors', () => {
  it('RSSHub: escaped HTML description, GMT dates, the account as author', async () => {
    const { posts } = await pollOnce(serve('rsshub'));
    expect(posts).toEqual<Post[]>([
      {
        id: LONG_ID,
        platform: 'wechat',
        sourceId: 'wechat-test',
        url: LONG_URL,
        author: { id: '鹿鸣咖啡观察', name: '鹿鸣咖啡观察' },
        title: TITLE,
        text: '今天上午，门店排队顾客被要求到室外等候。\n\n🔗️ 阅读原文',
        publishedAt: '2025-03-05T01:30:00.000Z',
        collectedAt: NOW,
      },
    ]);
  });

  it('WeWe-RSS Atom (bare ids, updated only) and JSON Feed v1 (date_modified only): titles stand in for text', async () => {
    const { posts } = await pollOnce(serve('weweAtom', 'weweJson'));
    expect(posts.map((p) => [p.id, p.url, p.title, p.text, p.publishedAt])).toEqual([
      [SHORT_ID, SHORT_URL, TITLE, TITLE, '2025-03-05T01:30:00.000Z'],
      ['wechat:s:Qr7TuVw2XyZaBcDeFgHi3k', 'https://mp.weixin.qq.com/s/Qr7TuVw2XyZaBcDeFgHi3k', '春季菜单上新', '春季菜单上新', '2025-03-04T02:00:00.000Z'],
      ['wechat:s:Qr7TuVw2XyZaBcDeFgHi3k', 'https://mp.weixin.qq.com/s/Qr7TuVw2XyZaBcDeFgHi3k', '春季菜单上新', '春季菜单上新', '2025-03-04T02:00:00.000Z'],
    ]);
  });

  it('we-mp-rss: China time without a zone, double-escaped CDATA, the link normalised', async () => {
    const { posts } = await pollOnce(serve('weMpRss'));
    expect(posts).toEqual([
      expect.objectContaining({ id: SHORT_ID, url: SHORT_URL, text: '今天上午，门店排队顾客被要求到室外等候。', publishedAt: '2025-03-05T01:30:00.000Z' }),
    ]);
  });

  it('a WAF page ("环境异常") is an error, not an empty feed', async () => {
    nock('http://rsshub.test').get('/wechat/blocked').reply(200, fixture('wechat/waf.html'), { 'content-type': 'text/html' });
    await expect(pollOnce(['http://rsshub.test/wechat/blocked'])).rejects.toThrow(/an HTML page was served instead of a feed \(page title "环境异常"\)/);
  });
});

describe('one article, one post, whichever mirror carried it', () => {
  const redis = testRedis();
  afterAll(() => redis.disconnect());

  it('dedupes short and long links of one article across mirrors and sources', async () => {
    const prefix = uniquePrefix('wechat');
    const enqueued: Post[] = [];
    const clock = new ManualClock(NOW);
    const deps = { redis, prefix, clock, log: memoryLogger().log, signal: new AbortController().signal, enqueue: async (p: Post[]) => void enqueued.push(...p) };
    try {
      const first = await collectOnce(wechat(serve('rsshub', 'weMpRss'), 'mirror-a'), deps);
      expect(first).toMatchObject({ polled: 2, queued: 1, duplicates: 1 });
      const second = await collectOnce(wechat(serve('weweAtom'), 'mirror-b'), deps);
      expect(second).toMatchObject({ polled: 2, queued: 1, duplicates: 1 });
      const third = await collectOnce(wechat(serve('weweJson', 'wechat2rss'), 'mirror-c'), deps);
      expect(third).toMatchObject({ polled: 2, queued: 0, duplicates: 2 });
      expect(enqueued.map((p) => p.id)).toEqual([LONG_ID, 'wechat:s:Qr7TuVw2XyZaBcDeFgHi3k']);
    } finally {
      await cleanPrefix(redis, prefix);
    }
  });
});
