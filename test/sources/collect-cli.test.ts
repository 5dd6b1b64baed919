import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Post } from '../../src/types.js';
import { writeTestConfig } from '../helpers/config.js';
import { cleanPrefix, testRedis, uniquePrefix } from '../helpers/redis.js';
import { fixture, localServer, LUMING, type LocalServer } from './helpers.js';

/**
 * `vigie collect --once` as ops run it: the built CLI in a child process, a config listing all four
 * kinds of source, each pointed at a local server that answers like its platform.
 */

const TOKEN = 'cli-test-bearer-token-000';
let server: LocalServer;
let configFile: string;
let weiboStatus = 200;
const prefix = uniquePrefix('collect-cli');
const redis = testRedis();

/**
 * The fixtures were captured around this moment. `vigie collect` runs on the real clock and drops
 * posts older than `alerting.retention` (src/intake/published-at.ts), so the stand-in serves them
 * moved forward to today, keeping their spacing and each platform's date format.
 */
const FIXTURES_CAPTURED_AT = Date.parse('2025-03-05T09:40:00.000Z');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const pad = (n: number) => String(n).padStart(2, '0');

function servedToday(path: string): string {
  const shift = Date.now() - FIXTURES_CAPTURED_AT;
  return (
    fixture(path)
      // ISO 8601 (Twitter): 2025-03-05T06:20:00.000Z
      .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/g, (d) => new Date(Date.parse(d) + shift).toISOString())
      // RFC 822 (RSS pubDate): Wed, 05 Mar 2025 06:12:09 +0000 (or GMT)
      .replace(/[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} (?:GMT|\+0000)/g, (d) => new Date(Date.parse(d) + shift).toUTCString())
      // Weibo: Wed Mar 05 14:20:11 +0800 2025 (China time)
      .replace(/[A-Z][a-z]{2} ([A-Z][a-z]{2}) (\d{2}) (\d{2}:\d{2}:\d{2}) \+0800 (\d{4})/g, (_d, mon: string, day: string, time: string, year: string) => {
        const c = new Date(Date.parse(`${year}-${pad(MONTHS.indexOf(mon) + 1)}-${day}T${time}+08:00`) + shift + 8 * 3_600_000);
        const hms = `${pad(c.getUTCHours())}:${pad(c.getUTCMinutes())}:${pad(c.getUTCSeconds())}`;
        return `${DAYS[c.getUTCDay()]} ${MONTHS[c.getUTCMonth()]} ${pad(c.getUTCDate())} ${hms} +0800 ${c.getUTCFullYear()}`;
      })
  );
}

beforeAll(async () => {
  server = await localServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const json = (body: string) => res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(body);
    if (url.pathname === '/weibo/api/container/getIndex') {
      if (weiboStatus !== 200) return void res.writeHead(weiboStatus).end();
      return json(servedToday(url.searchParams.get('page') === '1' ? 'weibo/search-page1.json' : 'weibo/empty.json'));
    }
    if (url.pathname === '/weibo/statuses/extend') return json(fixture('weibo/extend.json'));
    if (url.pathname === '/x/2/tweets/search/recent') {
      if (req.headers.authorization !== `Bearer ${TOKEN}`) return void res.writeHead(401).end(fixture('twitter/unauthorized.json'));
      return json(servedToday(url.searchParams.has('since_id') ? 'twitter/empty.json' : 'twitter/page3.json'));
    }
    if (url.pathname === '/rsshub/wechat/luming') return void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(servedToday('wechat/rsshub.xml'));
    if (url.pathname === '/blog/feed') return void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(servedToday('feeds/blog.rss.xml'));
    res.writeHead(404).end();
  });
  configFile = writeTestConfig({
    prefix,
    brands: LUMING,
    sources: {
      'weibo-luming': { type: 'weibo', schedule: '*/5 * * * *', baseUrl: `${server.url}/weibo`, requestInterval: '0ms', maxPages: 2 },
      'x-luming': { type: 'twitter', baseUrl: `${server.url}/x`, query: '"Luming Coffee" -is:retweet' },
      'wechat-luming': { type: 'wechat', urls: [`${server.url}/rsshub/wechat/luming`] },
      blogs: { type: 'feed', urls: [`${server.url}/blog/feed`] },
    },
    rules: null,
    channels: null,
    routes: null,
    alerting: null,
  });
});

afterAll(async () => {
  await server.close();
  await cleanPrefix(redis, prefix);
  redis.disconnect();
});

function collect(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['dist/cli.js', 'collect', '--config', configFile, ...args],
      { env: { ...process.env, TWITTER_BEARER_TOKEN: TOKEN, WEIBO_COOKIE: 'SUB=cli-cookie', LOG_LEVEL: 'info' }, timeout: 20_000 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const posts = (stdout: string) =>
  stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Post);

describe('vigie collect --once', () => {
  it.each([
    ['weibo-luming', ['weibo:5100000000000001', 'weibo:5100000000000002', 'weibo:5100000000000003']],
    ['x-luming', ['twitter:1897000000000000160']],
    ['wechat-luming', ['wechat:MzI0NTU1NTU1NQ==:2247480001:1']],
    ['blogs', [expect.stringMatching(/^feed:/), expect.stringMatching(/^feed:/)]],
  ])('%s prints its posts as JSON lines once, and its health on stderr', async (id, ids) => {
    const first = await collect('--source', id, '--once');
    expect(first.stderr).toContain(`${id} (`);
    expect(first.code).toBe(0);
    expect(posts(first.stdout).map((p) => p.id)).toEqual(ids);
    expect(posts(first.stdout).every((p) => p.sourceId === id)).toBe(true);
    expect(first.stderr).toMatch(new RegExp(`^${id} \\(\\w+\\): ok: 1 poll\\(s\\) ok, 0 failed`, 'm'));

    const second = await collect('--source', id, '--once');
    expect(second.code).toBe(0);
    expect(second.stdout).toBe('');
    expect(second.stderr).toContain('0 new');
  });

  it('--dry-run leaves nothing in Redis', async () => {
    const before = await redis.keys(`${prefix}*`);
    const run = await collect('--source', 'blogs', '--once', '--dry-run');
    expect(run.code).toBe(0);
    expect(posts(run.stdout)).toHaveLength(2);
    expect((await redis.keys(`${prefix}*`)).sort()).toEqual(before.sort());
  });

  it('exits 1 on a failed poll and says why on stderr', async () => {
    weiboStatus = 432;
    try {
      const run = await collect('--source', 'weibo-luming', '--once');
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/poll failed: Weibo answered HTTP 432 .*visitor cookie missing or expired/);
      expect(run.stderr).toMatch(/^weibo-luming \(weibo\): failing since \S+: 1 failed poll\(s\) in a row \(\d+ ok, 1 failed in all\); .*last error: Weibo answered HTTP 432/m);
      expect(run.stderr).not.toContain('cli-cookie');
    } finally {
      weiboStatus = 200;
    }
  });

  it('refuses an unknown source, naming the known ones', async () => {
    const run = await collect('--source', 'nope', '--once');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no source "nope"');
    expect(run.stderr).toContain('weibo-luming, x-luming, wechat-luming, blogs');
  });
});
