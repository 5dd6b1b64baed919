import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { InputError } from '../../src/errors.js';
import { HttpStatusError, RateLimitedError, UnavailableError } from '../../src/sources/errors.js';
import { DEFAULT_USER_AGENT, HttpClient, type HttpSettings } from '../../src/sources/http.js';
import { localServer, memoryLogger, type LocalServer, waitFor } from './helpers.js';

const NOW = Date.parse('2025-03-05T09:00:00.000Z');
const SETTINGS: HttpSettings = { timeoutMs: 2_000, maxBytes: 1024, userAgent: DEFAULT_USER_AGENT, retries: 2, retryBaseMs: 100, retryMaxMs: 250 };

describe('HttpClient', () => {
  let server: LocalServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  function client(settings: Partial<HttpSettings> = {}, waits: number[] = []) {
    return new HttpClient(
      { ...SETTINGS, ...settings },
      {
        clock: new ManualClock(NOW),
        log: memoryLogger().log,
        // Record the backoff instead of sleeping it; random() = 1 shows the cap of each step.
        sleep: async (ms) => void waits.push(ms),
        random: () => 1,
      },
    );
  }
  const get = (c: HttpClient, path = '/', accept?: (s: number) => boolean) =>
    c.get({ url: `${server!.url}${path}`, signal: new AbortController().signal, accept });

  it('sends the User-Agent and returns the body', async () => {
    server = await localServer((_req, res) => res.writeHead(200, { 'content-type': 'Application/JSON; charset=utf-8' }).end('{"a":1}'));
    const res = await get(client({ userAgent: 'vigie-test/1' }));
    expect(res.text()).toBe('{"a":1}');
    expect(res.mediaType).toBe('application/json');
    expect(server.requests[0]!.headers['user-agent']).toBe('vigie-test/1');
  });

  it('retries 5xx with exponential, capped, jittered backoff', async () => {
    let n = 0;
    server = await localServer((_req, res) => (++n < 3 ? res.writeHead(503).end() : res.writeHead(200).end('ok')));
    const waits: number[] = [];
    const res = await get(client({}, waits));
    expect(res.text()).toBe('ok');
    expect(server.requests).toHaveLength(3);
    expect(waits).toEqual([100, 200]);
  });

  it('gives up after its retries with a retryable error that keeps the status', async () => {
    server = await localServer((_req, res) => res.writeHead(502).end());
    const waits: number[] = [];
    const err = await get(client({ retries: 3 }, waits)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnavailableError);
    expect(err).toMatchObject({ status: 502, message: `HTTP 502 from ${server.url}/` });
    expect(waits).toEqual([100, 200, 250]);
  });

  it('does not retry a 4xx: it is permanent', async () => {
    server = await localServer((_req, res) => res.writeHead(404).end());
    await expect(get(client())).rejects.toBeInstanceOf(HttpStatusError);
    expect(server.requests).toHaveLength(1);
  });

  it('turns a 429 into a wait until Retry-After, in seconds or as a date', async () => {
    server = await localServer((req, res) =>
      res.writeHead(429, { 'retry-after': req.url === '/date' ? new Date(NOW + 90_000).toUTCString() : '30' }).end(),
    );
    const seconds = await get(client()).catch((e: unknown) => e);
    expect(seconds).toBeInstanceOf(RateLimitedError);
    expect((seconds as RateLimitedError).notBefore).toBe(NOW + 30_000);
    await expect(get(client(), '/date')).rejects.toMatchObject({ notBefore: NOW + 90_000 });
    expect(server.requests).toHaveLength(2); // a 429 is not retried on the spot
  });

  it('hands accepted statuses back instead of mapping them', async () => {
    server = await localServer((_req, res) => res.writeHead(304).end());
    expect((await get(client(), '/', (s) => s === 304)).status).toBe(304);
  });

  it('retries a connection that is refused, then names the reason', async () => {
    server = await localServer((_req, res) => res.end());
    const url = server.url;
    await server.close();
    server = undefined;
    const waits: number[] = [];
    const err = await client({ retries: 1 }, waits)
      .get({ url: `${url}/`, signal: new AbortController().signal })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnavailableError);
    expect((err as Error).message).toMatch(/^cannot reach http:\/\/127\.0\.0\.1:\d+\/: ECONNREFUSED/);
    expect(waits).toHaveLength(1);
  });

  it('times out an attempt that gets no answer', async () => {
    server = await localServer(() => undefined);
    const err = await get(client({ timeoutMs: 150, retries: 0 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnavailableError);
    expect((err as Error).message).toBe(`no answer from ${server.url}/ within 150ms`);
  });

  it('refuses a body announced larger than the limit', async () => {
    server = await localServer((_req, res) => res.writeHead(200, { 'content-length': '5000' }).end('x'.repeat(5000)));
    await expect(get(client())).rejects.toThrow(new InputError('response is over the 1024-byte limit', `${server.url}/`));
  });

  it('stops downloading a streamed body as soon as it passes the limit', async () => {
    let closed = false;
    server = await localServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.on('close', () => (closed = true));
      const timer = setInterval(() => res.write('y'.repeat(512)), 5);
      res.on('close', () => clearInterval(timer));
    });
    await expect(get(client())).rejects.toThrow('response is over the 1024-byte limit');
    await waitFor(() => closed);
  });

  it('stops at once when its caller aborts, without retrying', async () => {
    server = await localServer(() => undefined);
    const abort = new AbortController();
    const waits: number[] = [];
    const pending = client({}, waits).get({ url: `${server.url}/`, signal: abort.signal });
    await waitFor(() => server!.requests.length === 1);
    abort.abort(new Error('shutting down'));
    await expect(pending).rejects.toThrow('shutting down');
    expect(waits).toEqual([]);
  });
});
