import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { parseConfig } from '../../src/configure.js';
import { VigieError } from '../../src/errors.js';
import { silentLogger } from '../../src/log.js';
import { feedSpec } from '../../src/sources/feed.js';
import type { PollResult, Source, SourceSpec } from '../../src/sources/source.js';
import { twitterSpec } from '../../src/sources/twitter.js';
import { weiboSpec } from '../../src/sources/weibo.js';
import { anyJson, hostileText, mutate } from './arbitraries.js';

/**
 * Whatever a platform answers (broken XML, odd JSON, hostile text), a poll of the real adapter
 * against a real local server ends: with well-formed posts, or with one of our typed errors that
 * says what went wrong. A TypeError from deep inside a parser is a crash and fails the property.
 */

interface Answer {
  status: number;
  type: string;
  body: string;
}

let server: Server;
let base = '';
let answer: Answer = { status: 200, type: 'text/plain', body: '' };
const NOW = Date.parse('2026-04-14T08:00:00Z');
const brands = parseConfig('brands:\n  acme: { names: [Acme, 艾克米] }\n', 'p.yaml').brands;

beforeAll(async () => {
  server = createServer((_req, res) => res.writeHead(answer.status, { 'content-type': answer.type }).end(answer.body));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

function source<O>(spec: SourceSpec<O>, options: Record<string, unknown>): Source {
  return spec.create('probe', spec.options.parse({ retries: 0, timeout: '2s', ...options }), { brands, env: { TWITTER_BEARER_TOKEN: 'probe-token' } });
}

async function pollWith(src: Source, a: Answer): Promise<PollResult> {
  answer = a;
  const ctx = { clock: new ManualClock(NOW), log: silentLogger, signal: new AbortController().signal, seen: async (ids: string[]) => ids.map(() => false) };
  return src.poll(undefined, ctx);
}

/** Ends with well-formed posts, or a typed error with a message. */
function expectSane(r: PollResult, platform: string): void {
  if (r.error) {
    expect(r.error, r.error.stack).toBeInstanceOf(VigieError);
    expect(r.error.message.trim().length).toBeGreaterThan(0);
  }
  for (const p of r.posts) {
    expect(p.id.startsWith(`${platform}:`)).toBe(true);
    expect(typeof p.text).toBe('string');
    expect(Number.isNaN(Date.parse(p.publishedAt))).toBe(false);
    expect(typeof p.author.name).toBe('string');
    expect(typeof p.url).toBe('string');
  }
}

/** A poll either returns or throws one of our errors (the collect stage records both as a failed poll). */
async function settle(src: Source, a: Answer, platform: string): Promise<void> {
  let result: PollResult;
  try {
    result = await pollWith(src, a);
  } catch (err) {
    expect(err, (err as Error).stack).toBeInstanceOf(VigieError);
    return;
  }
  expectSane(result, platform);
}

const x = (s: string) => s; // raw, unescaped: the point is to break the XML
const feedBody = fc.oneof(
  hostileText(300),
  fc
    .record({ title: hostileText(40), item: hostileText(80), body: hostileText(200), guid: hostileText(20), link: hostileText(40), date: hostileText(30) })
    .map(
      (f) =>
        `<?xml version="1.0"?><rss version="2.0"><channel><title>${x(f.title)}</title><item><title>${x(f.item)}</title>` +
        `<description>${x(f.body)}</description><guid>${x(f.guid)}</guid><link>${x(f.link)}</link><pubDate>${x(f.date)}</pubDate></item></channel></rss>`,
    ),
  fc
    .record({ title: hostileText(40), body: hostileText(200), id: hostileText(20), date: hostileText(30) })
    .map(
      (f) =>
        `<feed xmlns="http://www.w3.org/2005/Atom"><title>${x(f.title)}</title><entry><id>${x(f.id)}</id><title type="html">${x(f.title)}</title>` +
        `<content type="html">${x(f.body)}</content><updated>${x(f.date)}</updated></entry></feed>`,
    ),
  fc
    .tuple(fc.nat(), fc.oneof(anyJson(), hostileText(40)), fc.boolean())
    .map(([c, leaf, rm]) =>
      JSON.stringify(
        mutate(
          { version: 'https://jsonfeed.org/version/1.1', title: 'Blog', items: [{ id: '1', url: 'https://blog.example.com/1', title: 'Acme', content_html: '<p>Acme</p>', date_published: '2026-04-14T07:00:00Z' }] },
          c,
          leaf,
          rm,
        ),
      ),
    ),
);

const WEIBO_PAGE = {
  ok: 1,
  data: {
    cardlistInfo: { page: 2 },
    cards: [
      {
        card_type: 9,
        mblog: {
          created_at: 'Wed Mar 05 14:20:11 +0800 2025',
          id: '5100000000000001',
          mid: '5100000000000001',
          bid: 'Pq1Rs2Tu3',
          text: 'Acme 排队半小时 &amp; 店员态度很差 ...<a href="/status/5100000000000001">全文</a>',
          isLongText: false,
          user: { id: 3300000001, screen_name: '咖啡爱好者', followers_count: 5120 },
          reposts_count: '1.2万',
          comments_count: 30,
          attitudes_count: 88,
          retweeted_status: { text: 'original', user: { screen_name: 'someone' } },
        },
      },
      { card_type: 11, card_group: [{ card_type: 9, mblog: { id: '5100000000000002', text: 'Acme 2', created_at: '5分钟前', user: { id: 1 } } }] },
    ],
  },
};

const TWITTER_PAGE = {
  data: [
    {
      id: '1897000000000000300',
      text: 'Acme spelled my name wrong &amp; https://t.co/Xy',
      author_id: '17',
      created_at: '2025-03-05T06:58:12.000Z',
      lang: 'en',
      edit_history_tweet_ids: ['1897000000000000300'],
      public_metrics: { retweet_count: 41, reply_count: 12, like_count: 230, quote_count: 4 },
      entities: { urls: [{ url: 'https://t.co/Xy', expanded_url: 'https://example.org/x' }] },
      referenced_tweets: [{ type: 'retweeted', id: '5' }],
    },
  ],
  includes: { users: [{ id: '17', username: 'someone', name: 'Some One', public_metrics: { followers_count: 10 } }], tweets: [{ id: '5', text: 'original', author_id: '17' }] },
  meta: { newest_id: '1897000000000000300', result_count: 1 },
};

const nearMiss = (page: unknown) =>
  fc.oneof(
    fc.tuple(fc.nat(), fc.oneof(anyJson(), hostileText(40)), fc.boolean()).map(([c, leaf, rm]) => JSON.stringify(mutate(page, c, leaf, rm))),
    anyJson().map((v) => JSON.stringify(v)),
    hostileText(100),
  );

describe('platform answers, however broken', () => {
  it('feeds: RSS, Atom and JSON Feed with hostile or broken content', async () => {
    const src = source(feedSpec, { urls: [`${base}/feed.xml`] });
    await fc.assert(
      fc.asyncProperty(feedBody, fc.constantFrom('application/rss+xml', 'text/xml; charset=gb2312', 'application/feed+json', 'text/html'), async (body, type) =>
        settle(src, { status: 200, type, body }, 'feed'),
      ),
      { numRuns: 150 },
    );
  });

  it('Weibo: search pages with any field replaced or missing', async () => {
    const src = source(weiboSpec, { baseUrl: `${base}/weibo`, requestInterval: '0ms', maxPages: 1 });
    await fc.assert(
      fc.asyncProperty(nearMiss(WEIBO_PAGE), fc.constantFrom(200, 200, 200, 403, 432, 500, 302), async (body, status) =>
        settle(src, { status, type: 'application/json', body }, 'weibo'),
      ),
      { numRuns: 150 },
    );
  });

  it('X: search pages with any field replaced or missing', async () => {
    const src = source(twitterSpec, { baseUrl: `${base}/x` });
    await fc.assert(
      fc.asyncProperty(nearMiss(TWITTER_PAGE), fc.constantFrom(200, 200, 200, 400, 401, 429, 503), async (body, status) =>
        settle(src, { status, type: 'application/json', body }, 'twitter'),
      ),
      { numRuns: 150 },
    );
  });
});
