import type { ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import type { BrandConfig } from '../../src/config/schema.js';
import { PermanentError, RetryableError } from '../../src/errors.js';
import { sourceRegistry } from '../../src/sources/registry.js';
import type { Source } from '../../src/sources/source.js';
import { localServer, memoryLogger, pollContext, type LocalServer } from './helpers.js';
import { waitFor } from '../helpers/wait.js';

/**
 * The suite every adapter passes (STYLE.md 9): failures classified for retry, secrets never in
 * logs or errors, cancellation honoured, options described with defaults.
 */

const SECRET = 'sEcReT-value-that-must-not-leak-42';
const brand: BrandConfig = { id: 'luming', names: ['Luming Coffee'], aliases: [], keywords: [], exclude: [], terms: {} };

const ADAPTERS: { type: string; options: (url: string) => Record<string, unknown>; env: NodeJS.ProcessEnv; secretHeader?: string }[] = [
  { type: 'weibo', options: (url) => ({ baseUrl: url, requestInterval: '0ms' }), env: { WEIBO_COOKIE: SECRET }, secretHeader: 'cookie' },
  { type: 'twitter', options: (url) => ({ baseUrl: url }), env: { TWITTER_BEARER_TOKEN: SECRET }, secretHeader: 'authorization' },
  { type: 'wechat', options: (url) => ({ urls: [`${url}/feeds/MP_WXS_1.atom`] }), env: {} },
  { type: 'feed', options: (url) => ({ urls: [`${url}/feed.xml`] }), env: {} },
];

it('the registry knows every adapter', () => {
  expect([...sourceRegistry.keys()]).toEqual(expect.arrayContaining(ADAPTERS.map((a) => a.type)));
});

describe.each(ADAPTERS)('$type adapter', ({ type, options, env, secretHeader }) => {
  const spec = sourceRegistry.get(type)!;
  let server: LocalServer;
  let reply: (res: ServerResponse) => void;
  const held: ServerResponse[] = [];

  beforeEach(async () => {
    server = await localServer((_req, res) => reply(res));
  });
  afterEach(async () => {
    held.splice(0).forEach((r) => r.destroy());
    await server.close();
  });

  const create = (extra: Record<string, unknown> = {}): Source =>
    spec.create(`${type}-suite`, spec.options.parse({ ...options(server.url), retries: 2, retryBackoff: '1ms', ...extra }), { brands: [brand], env });

  it('describes itself and documents defaults', () => {
    expect(spec.description.length).toBeGreaterThan(20);
    const parsed = spec.options.parse(options('https://example.test')) as Record<string, unknown>;
    expect(parsed).toMatchObject({ timeout: 15_000, retries: 2, failAfter: 3, maxBytes: 5 * 1024 * 1024 });
    const bad = spec.options.safeParse({ ...options('https://example.test'), bogusOption: 1 });
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error?.issues)).toContain('bogusOption');
  });

  it('retries a 5xx, then fails the poll with a retryable error', async () => {
    reply = (res) => res.writeHead(503).end('busy');
    const { log } = memoryLogger();
    const err = await create().poll(undefined, pollContext(new ManualClock(0), log)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RetryableError);
    expect(server.requests).toHaveLength(3);
  });

  it('does not retry a 404: it fails the poll with a permanent error', async () => {
    reply = (res) => res.writeHead(404).end('no such thing');
    const { log } = memoryLogger();
    const err = await create().poll(undefined, pollContext(new ManualClock(0), log)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentError);
    expect(server.requests).toHaveLength(1);
  });

  it('stops at once when cancelled', async () => {
    reply = (res) => void held.push(res);
    const { log } = memoryLogger();
    const abort = new AbortController();
    const polling = create({ timeout: '30s' }).poll(undefined, pollContext(new ManualClock(0), log, new Set(), abort.signal));
    await waitFor(() => held.length === 1, 'the request to be held');
    abort.abort(new Error('shutting down'));
    await expect(polling).rejects.toThrow('shutting down');
    expect(server.requests).toHaveLength(1);
  });

  it('keeps its secrets out of logs and errors', async () => {
    reply = (res) => res.writeHead(500).end();
    const { log, text } = memoryLogger('trace');
    const err = await create().poll(undefined, pollContext(new ManualClock(0), log)).catch((e: unknown) => e);
    if (secretHeader) expect(String(server.requests[0]!.headers[secretHeader])).toContain(SECRET);
    expect(text()).not.toContain(SECRET);
    expect(String(err)).not.toContain(SECRET);
    expect(JSON.stringify(err)).not.toContain(SECRET);
  });
});
