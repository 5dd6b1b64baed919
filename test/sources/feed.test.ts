import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { InputError } from '../../src/errors.js';
import { collectOnce } from '../../src/sources/collect.js';
import { feedSpec } from '../../src/sources/feed.js';
import type { Post } from '../../src/types.js';
import { cleanPrefix, testRedis, uniquePrefix } from '../helpers/redis.js';
import { FAST, fixture, fixtureBytes, memoryLogger, pollContext } from './helpers.js';

const NOW = '2025-03-05T09:00:00.000Z';
const RSS = { 'content-type': 'application/rss+xml; charset=utf-8' };

function feeds(urls: string[], options: Record<string, unknown> = {}, id = 'blogs') {
  return feedSpec.create(id, feedSpec.options.parse({ urls, ...FAST, ...options }), { brands: [], env: {} });
}

async function pollOnce(urls: string[], options: Record<string, unknown> = {}) {
  const { log } = memoryLogger();
  return feeds(urls, options).poll(undefined, pollContext(new ManualClock(NOW), log));
}

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('feed formats', () => {
  it('reads RSS 2.0: content:encoded as plain text, dc:creator, language, RFC 822 dates', async () => {
    nock('https://beans.example.test').get('/feed/').reply(200, fixture('feeds/blog.rss.xml'), RSS);
    const { posts } = await pollOnce(['https://beans.example.test/feed/']);
    expect(posts).toHaveLength(2);
    const [first, second] = posts as [Post, Post];
    expect(first).toMatchObject({
      platform: 'feed',
      sourceId: 'blogs',
      url: 'https://beans.example.net/2025/03/luming-queue/',
      author: { name: 'Sam Okafor' },
      title: 'Luming Coffee’s queue problem',
      text: 'Customers waited outside in the rain.\n\nThe chain’s statement: “we regret”.',
      publishedAt: '2025-03-05T06:12:09.000Z',
      collectedAt: NOW,
      langHint: 'en-gb',
    });
    expect(first.id).toMatch(/^feed:[A-Za-z0-9_-]{22}$/);
    expect(second.text).toBe('Light roasts, again.');
    expect(second.publishedAt).toBe('2025-03-04T18:00:00.000Z');
  });

  it('reads Atom: HTML titles, relative links, xml:lang, the feed author', async () => {
    nock('https://comptoir.example.test').get('/atom.xml').reply(200, fixture('feeds/blog.atom.xml'), { 'content-type': 'application/atom+xml' });
    const { posts } = await pollOnce(['https://comptoir.example.test/atom.xml']);
    expect(posts).toEqual([
      expect.objectContaining({
        url: 'https://comptoir.example.test/2025/03/luming-paris/',
        title: 'Luming Coffee à Paris',
        text: 'Une file d’attente qui fait parler.',
        author: { id: 'https://comptoir.example.fr/a-propos/', name: 'Claire Martin' },
        publishedAt: '2025-03-05T06:45:00.000Z',
        langHint: 'fr',
      }),
    ]);
  });

  it('reads JSON Feed 1.1: content_html, verbatim content_text, item and feed authors', async () => {
    nock('https://cup.example.test').get('/feed.json').reply(200, fixture('feeds/blog.json'), { 'content-type': 'application/feed+json' });
    const { posts } = await pollOnce(['https://cup.example.test/feed.json']);
    expect(posts).toEqual([
      expect.objectContaining({ title: 'Luming Coffee y las colas', text: 'Las colas de Luming Coffee.', author: expect.objectContaining({ name: 'Ana Ruiz' }), publishedAt: '2025-03-05T07:30:00.000Z', langHint: 'es' }),
      expect.objectContaining({ text: 'A note with no title & no HTML <really>.', author: expect.objectContaining({ name: 'Luis Pardo' }) }),
    ]);
    expect(posts[1]!.title).toBeUndefined();
  });
});

describe('conditional GET', () => {
  it('stores ETag and Last-Modified, sends them back, and a 304 brings nothing', async () => {
    const url = 'https://beans.example.test/feed/';
    nock('https://beans.example.test')
      .get('/feed/')
      .reply(200, fixture('feeds/blog.rss.xml'), { ...RSS, etag: '"v1-abc"', 'last-modified': 'Wed, 05 Mar 2025 06:30:00 GMT' });
    const source = feeds([url]);
    const { log } = memoryLogger();
    const first = await source.poll(undefined, pollContext(new ManualClock(NOW), log));
    expect(first.cursor).toEqual({ feeds: { [url]: { etag: '"v1-abc"', lastModified: 'Wed, 05 Mar 2025 06:30:00 GMT' } } });

    const scope = nock('https://beans.example.test')
      .get('/feed/')
      .matchHeader('if-none-match', '"v1-abc"')
      .matchHeader('if-modified-since', 'Wed, 05 Mar 2025 06:30:00 GMT')
      .reply(304);
    const second = await source.poll(first.cursor, pollContext(new ManualClock(NOW), log));
    expect(scope.isDone()).toBe(true);
    expect(second).toEqual({ posts: [], cursor: first.cursor });
  });
});

describe('malformed-feed corpus', () => {
  const serve = (path: string, body: string | Buffer, type = 'application/rss+xml') => {
    nock('https://odd.example.test').get(path).reply(200, body, { 'content-type': type });
    return `https://odd.example.test${path}`;
  };

  it('a BOM and leading whitespace', async () => {
    const { posts } = await pollOnce([serve('/bom', fixtureBytes('feeds/malformed/bom.xml'))]);
    expect(posts.map((p) => p.title)).toEqual(['Starts with a BOM']);
  });

  it('undefined entities, &nbsp; and raw ampersands', async () => {
    const { posts } = await pollOnce([serve('/entities', fixture('feeds/malformed/undefined-entities.xml'))]);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.title).toBe('Café prices — AT&T & friends &bogus;');
    expect(posts[0]!.text).toBe('Price up … again');
  });

  it.each([
    ['no charset in Content-Type', 'text/xml'],
    ['a wrong charset in Content-Type', 'text/xml; charset=utf-8'],
  ])('GBK declared in the XML, %s', async (_name, type) => {
    const { posts } = await pollOnce([serve('/gbk', fixtureBytes('feeds/malformed/gbk.xml'), type)]);
    expect(posts[0]).toMatchObject({ title: '鹿鸣咖啡排队问题', text: '顾客在雨中排队，店员态度差。', author: { name: '鹿鸣咖啡观察' } });
  });

  it('UTF-8 served as ISO-8859-1', async () => {
    const { posts } = await pollOnce([serve('/latin1', fixtureBytes('feeds/malformed/utf8-served-as-latin1.xml'), 'application/rss+xml; charset=ISO-8859-1')]);
    expect(posts[0]!.title).toBe('Crème brûlée chez Luming');
  });

  it('dates without a time zone are read in the configured zone; no date at all is the collection time', async () => {
    const { posts } = await pollOnce([serve('/nozone', fixture('feeds/malformed/no-timezone.xml'))], { timezone: '+08:00' });
    expect(posts.map((p) => p.publishedAt)).toEqual(['2025-03-05T01:30:00.000Z', '2025-03-05T02:15:00.000Z', NOW]);
  });

  it('an HTML page served as a feed is an error, not an empty feed', async () => {
    const url = serve('/challenge', fixture('feeds/malformed/html-page.html'));
    const err = await pollOnce([url]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toBe(`${url}: an HTML page was served instead of a feed (page title "Just a moment...")`);
  });

  it('truncated XML is an error that names the feed', async () => {
    const url = serve('/truncated', fixture('feeds/malformed/truncated.xml'));
    await expect(pollOnce([url])).rejects.toThrow(new RegExp(`^${url}: not a readable RSS, Atom or JSON feed`));
  });

  it('an empty body and JSON that is no feed are errors', async () => {
    await expect(pollOnce([serve('/empty', '')])).rejects.toThrow(/empty response where a feed was expected/);
    await expect(pollOnce([serve('/json', '{"status":"ok"}', 'application/json')])).rejects.toThrow(/not a readable RSS, Atom or JSON feed/);
  });
});

describe('feeds through the collect stage', () => {
  const redis = testRedis();
  afterAll(() => redis.disconnect());

  it('one feed down keeps the others, and the poll counts as failed', async () => {
    const prefix = uniquePrefix('feed');
    try {
      nock('https://beans.example.test').get('/feed/').reply(200, fixture('feeds/blog.rss.xml'), RSS);
      nock('https://down.example.test').get('/feed').times(2).reply(502, 'bad gateway');
      const enqueued: Post[] = [];
      const { log } = memoryLogger();
      const outcome = await collectOnce(feeds(['https://beans.example.test/feed/', 'https://down.example.test/feed']), {
        redis,
        prefix,
        clock: new ManualClock(NOW),
        log,
        signal: new AbortController().signal,
        enqueue: async (posts) => void enqueued.push(...posts),
      });
      expect(outcome).toMatchObject({ skipped: false, ok: false, queued: 2 });
      if (!outcome.skipped) expect(outcome.error).toBe('1 of 2 feeds failed: HTTP 502 from https://down.example.test/feed');
      expect(enqueued).toHaveLength(2);
    } finally {
      await cleanPrefix(redis, prefix);
    }
  });

  it('an HTML page instead of the feed fails the poll with a clear log line', async () => {
    const prefix = uniquePrefix('feed');
    try {
      nock('https://odd.example.test').get('/feed').reply(200, fixture('feeds/malformed/html-page.html'), { 'content-type': 'text/html' });
      const { log, lines } = memoryLogger();
      const outcome = await collectOnce(feeds(['https://odd.example.test/feed']), {
        redis,
        prefix,
        clock: new ManualClock(NOW),
        log,
        signal: new AbortController().signal,
        enqueue: async () => {},
      });
      expect(outcome).toMatchObject({ skipped: false, ok: false, queued: 0 });
      expect(lines().find((l) => l.level === 40)?.msg).toBe(
        'poll failed: https://odd.example.test/feed: an HTML page was served instead of a feed (page title "Just a moment...")',
      );
    } finally {
      await cleanPrefix(redis, prefix);
    }
  });

  it('the same article in two feeds is one post', async () => {
    const prefix = uniquePrefix('feed');
    try {
      nock('https://cup.example.test').get('/feed.json').reply(200, fixture('feeds/blog.json'), { 'content-type': 'application/feed+json' });
      const republished = JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        title: 'Aggregator',
        items: [{ id: 'agg-1', url: 'http://cup.example.com/posts/77/', title: 'Luming Coffee y las colas', content_html: '<p>copia</p>' }],
      });
      nock('https://agg.example.test').get('/feed.json').reply(200, republished, { 'content-type': 'application/feed+json' });
      const enqueued: Post[] = [];
      const deps = {
        redis,
        prefix,
        clock: new ManualClock(NOW),
        log: memoryLogger().log,
        signal: new AbortController().signal,
        enqueue: async (posts: Post[]) => void enqueued.push(...posts),
      };
      await collectOnce(feeds(['https://cup.example.test/feed.json'], {}, 'cup'), deps);
      const second = await collectOnce(feeds(['https://agg.example.test/feed.json'], {}, 'aggregator'), deps);
      expect(second).toMatchObject({ polled: 1, queued: 0, duplicates: 1 });
      expect(enqueued.map((p) => p.sourceId)).toEqual(['cup', 'cup']);
    } finally {
      await cleanPrefix(redis, prefix);
    }
  });
});

describe('items without links', () => {
  const redis = testRedis();
  afterAll(() => redis.disconnect());

  it('are told apart by their guid, not merged under the feed URL', async () => {
    const prefix = uniquePrefix('feed');
    try {
      const body = `<?xml version="1.0"?><rss version="2.0"><channel><title>Links? No</title>
        <item><guid isPermaLink="false">n-1</guid><title>One</title></item>
        <item><guid isPermaLink="false">n-2</guid><title>Two</title></item></channel></rss>`;
      nock('https://nolinks.example.test').get('/rss').reply(200, body, RSS);
      const outcome = await collectOnce(feeds(['https://nolinks.example.test/rss']), {
        redis,
        prefix,
        clock: new ManualClock(NOW),
        log: memoryLogger().log,
        signal: new AbortController().signal,
        enqueue: async () => {},
      });
      expect(outcome).toMatchObject({ polled: 2, queued: 2 });
    } finally {
      await cleanPrefix(redis, prefix);
    }
  });
});
