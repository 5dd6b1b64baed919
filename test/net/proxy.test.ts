import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { slackNotifier } from '../../src/alerts/notifiers/slack.js';
import { sampleNotification } from '../../src/alerts/sample.js';
import { ManualClock } from '../../src/clock.js';
import { RetryableError } from '../../src/errors.js';
import { feedSpec } from '../../src/sources/feed.js';
import { UnavailableError } from '../../src/sources/errors.js';
import { fixture, localServer, memoryLogger, pollContext, type LocalServer } from '../sources/helpers.js';

/**
 * A real forward proxy on 127.0.0.1, as Squid or a corporate proxy would answer: absolute-form
 * requests (http:// targets) are forwarded, CONNECT (https:// targets) is recorded and tunnelled.
 * Every target host it is asked for is sent to one local origin server, so a name that does not
 * resolve (`*.vigie.test`) can only be reached through it.
 */
interface Proxy {
  url: string;
  seen: string[];
  close(): Promise<void>;
}

async function startProxy(origin: () => string): Promise<Proxy> {
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const target = new URL(req.url ?? '/');
    const o = new URL(origin());
    const upstream = httpRequest(
      { host: o.hostname, port: o.port, method: req.method, path: target.pathname + target.search, headers: { ...req.headers, host: target.host } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on('connect', (req, socket) => {
    seen.push(`CONNECT ${req.url}`);
    // No TLS origin here: the tunnel is refused once its request is seen.
    socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const NOW = Date.parse('2026-04-14T09:00:00Z');
const ENV_KEYS = ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy'] as const;

describe('proxies', () => {
  let origin: LocalServer;
  let proxy: Proxy;
  const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));

  beforeAll(async () => {
    const rss = fixture('feeds/blog.rss.xml');
    origin = await localServer((req, res) => {
      if (req.method === 'POST') {
        req.resume();
        req.on('end', () => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok'));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(rss);
    });
    proxy = await startProxy(() => origin.url);
  });
  afterEach(() => {
    for (const k of ENV_KEYS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    proxy.seen.length = 0;
  });
  afterAll(async () => {
    await proxy.close();
    await origin.close();
  });

  const feed = (url: string, extra: Record<string, unknown> = {}) =>
    feedSpec.create('blog', feedSpec.options.parse({ urls: [url], retries: 0, timeout: '5s', ...extra }), { brands: [], env: {} });
  const poll = (url: string, extra?: Record<string, unknown>) => feed(url, extra).poll(undefined, pollContext(new ManualClock(NOW), memoryLogger().log));

  it("sends a source's requests through its own proxy: option", async () => {
    const result = await poll('http://news.vigie.test/feed.xml', { proxy: proxy.url });
    expect(result.posts.length).toBeGreaterThan(0);
    expect(proxy.seen).toEqual(['GET http://news.vigie.test/feed.xml']);
  });

  it('uses HTTP_PROXY from the environment, and NO_PROXY or proxy: none to go direct', async () => {
    process.env.HTTP_PROXY = proxy.url;
    expect((await poll('http://news.vigie.test/feed.xml')).posts.length).toBeGreaterThan(0);
    expect(proxy.seen).toEqual(['GET http://news.vigie.test/feed.xml']);

    // Direct: the local origin answers by itself, the proxy sees nothing.
    process.env.NO_PROXY = '127.0.0.1';
    expect((await poll(`${origin.url}/feed.xml`)).posts.length).toBeGreaterThan(0);
    delete process.env.NO_PROXY;
    expect((await poll(`${origin.url}/feed.xml`, { proxy: 'none' })).posts.length).toBeGreaterThan(0);
    expect(proxy.seen).toHaveLength(1);
  });

  it('tunnels https:// through the proxy with CONNECT (HTTPS_PROXY), never sending the URL in clear', async () => {
    process.env.HTTPS_PROXY = proxy.url;
    const err = await poll('https://m.weibo.vigie.test/api/container/getIndex?q=secret-query').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(proxy.seen).toEqual(['CONNECT m.weibo.vigie.test:443']);
    // The proxy saw the host only; the poll reports the refused tunnel as a temporary failure.
    expect(err).toBeInstanceOf(UnavailableError);
  });

  it("sends a Slack channel's alerts through its proxy: option", async () => {
    const slack = slackNotifier.create('comms', slackNotifier.options.parse({ webhookUrl: 'http://hooks.vigie.test/services/T0/B0/secret', proxy: proxy.url }), {
      env: {},
      log: memoryLogger().log,
    });
    const { log } = memoryLogger();
    await slack.send(sampleNotification({ channel: 'comms', brand: 'acme', severity: 'critical' }), { log, signal: new AbortController().signal });
    expect(proxy.seen).toEqual(['POST http://hooks.vigie.test/services/T0/B0/secret']);
  });

  it('refuses a proxy that is not an http(s) URL, naming the option', () => {
    const r = feedSpec.options.safeParse({ urls: ['https://example.com/feed'], proxy: 'socks5://127.0.0.1:1080' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ path: ['proxy'], message: expect.stringMatching(/http\(s\) proxy URL/) });
  });
});

describe('one retry policy for sources and channels', () => {
  let server: LocalServer;
  afterAll(async () => server?.close());

  it('classes every status the same way on both sides, and waits as long after a bare 429', async () => {
    server = await localServer((req, res) => res.writeHead(Number(req.url?.slice(1))).end());
    const cases = [408, 429, 500, 502, 503, 400, 401, 403, 404, 410];
    for (const status of cases) {
      // A source (no retry on the spot, so the first answer decides).
      const source = await poll(`${server.url}/${status}`).then(
        () => 'ok',
        (e: unknown) => e,
      );
      // A channel: the Slack notifier posting to the same server.
      const slack = slackNotifier.create('c', slackNotifier.options.parse({ webhookUrl: `${server.url}/${status}`, proxy: 'none' }), { env: {}, log: memoryLogger().log });
      const channel = await slack
        .send(sampleNotification({ channel: 'c', brand: 'acme', severity: 'warning' }), { log: memoryLogger().log, signal: new AbortController().signal })
        .then(
          () => 'ok',
          (e: unknown) => e,
        );
      const retryable = status === 408 || status === 429 || status >= 500;
      expect(source instanceof RetryableError, `source, HTTP ${status}`).toBe(retryable);
      expect(channel instanceof RetryableError, `channel, HTTP ${status}`).toBe(retryable);
      if (status === 429) {
        expect((source as RetryableError).retryAfterMs).toBe(60_000);
        expect((channel as RetryableError).retryAfterMs).toBe(60_000);
      }
      if (status === 408 || status >= 500) expect(source).toBeInstanceOf(UnavailableError);
    }
  });

  function poll(url: string) {
    const source = feedSpec.create('blog', feedSpec.options.parse({ urls: [url], retries: 0, timeout: '5s', proxy: 'none' }), { brands: [], env: {} });
    return source.poll(undefined, pollContext(new ManualClock(NOW), memoryLogger().log));
  }
});
