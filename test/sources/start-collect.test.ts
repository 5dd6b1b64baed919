import { spawn } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readSourceHealth } from '../../src/sources/health.js';
import { writeTestConfig } from '../helpers/config.js';
import { cleanPrefix, testRedis, uniquePrefix } from '../helpers/redis.js';
import { fixture, localServer, LUMING, type LocalServer } from './helpers.js';

/** `vigie start` with a config that lists all four kinds of source, each against a local platform. */

const prefix = uniquePrefix('start-collect');
const redis = testRedis();
const SOURCES = ['weibo-luming', 'x-luming', 'wechat-luming', 'blogs'];
let server: LocalServer;

beforeAll(async () => {
  server = await localServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const json = (body: string) => res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    if (url.pathname === '/weibo/api/container/getIndex') return json(fixture(url.searchParams.get('page') === '1' ? 'weibo/search-page1.json' : 'weibo/empty.json'));
    if (url.pathname === '/weibo/statuses/extend') return json(fixture('weibo/extend.json'));
    if (url.pathname === '/x/2/tweets/search/recent') return json(fixture(url.searchParams.has('since_id') ? 'twitter/empty.json' : 'twitter/page3.json'));
    if (url.pathname === '/wechat') return void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(fixture('wechat/rsshub.xml'));
    if (url.pathname === '/blog') return void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(fixture('feeds/blog.rss.xml'));
    res.writeHead(404).end();
  });
});

afterAll(async () => {
  await server.close();
  await cleanPrefix(redis, prefix);
  redis.disconnect();
});

it('vigie start collects from weibo, twitter, wechat and feed sources', async () => {
  const every = '*/1 * * * * *';
  const file = writeTestConfig({
    prefix,
    http: { enabled: false },
    brands: LUMING,
    sources: {
      'weibo-luming': { type: 'weibo', schedule: every, baseUrl: `${server.url}/weibo`, requestInterval: '0ms' },
      'x-luming': { type: 'twitter', schedule: every, baseUrl: `${server.url}/x` },
      'wechat-luming': { type: 'wechat', schedule: every, urls: [`${server.url}/wechat`] },
      blogs: { type: 'feed', schedule: every, urls: [`${server.url}/blog`] },
    },
    rules: null,
    channels: null,
    routes: null,
    alerting: null,
  });
  const child = spawn(process.execPath, ['dist/cli.js', 'start', '--config', file], {
    env: { ...process.env, TWITTER_BEARER_TOKEN: 'start-test-token', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    // Waits on the real daemon's ticks (cron, real time), reading what it recorded.
    let health = await readSourceHealth(redis, prefix, SOURCES, Date.now());
    for (let i = 0; i < 250 && !health.every((h) => h.successes >= 2); i++) {
      await new Promise((r) => setTimeout(r, 100));
      health = await readSourceHealth(redis, prefix, SOURCES, Date.now());
    }
    expect(health.map((h) => [h.sourceId, h.type, h.state])).toEqual([
      ['weibo-luming', 'weibo', 'ok'],
      ['x-luming', 'twitter', 'ok'],
      ['wechat-luming', 'wechat', 'ok'],
      ['blogs', 'feed', 'ok'],
    ]);
    expect(health.every((h) => h.successes >= 2 && h.failures === 0)).toBe(true);
    // Every post was taken once: later polls found them seen.
    const seen = await Promise.all(SOURCES.map((id) => redis.zcard(`${prefix}:source:${id}:seen`)));
    expect(seen).toEqual([3, 1, 1, 2]);
  } finally {
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).not.toMatch(/"level":(50|60)/);
  }
}, 60_000);
