import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer } from '../../src/http/server.js';
import { silentLogger } from '../../src/log.js';
import { call, startTestDaemon, T0, type TestDaemon } from './helpers.js';

const TOKEN = 'security-token-0123456789abcdefghijklmnop';

/** A request with a Host header of our choosing (fetch does not let us set it). */
function withHost(td: TestDaemon, path: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${td.url}${path}`, { headers: { Host: host, Authorization: `Bearer ${TOKEN}` } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function metricLines(td: TestDaemon): Promise<string[]> {
  const r = await fetch(`${td.url}/metrics`);
  return (await r.text()).split('\n').filter((l) => l.startsWith('vigie_http_requests_total{'));
}

describe('HTTP security with a token set', () => {
  let td: TestDaemon;
  beforeAll(async () => {
    td = await startTestDaemon({ suite: 'http-security', token: TOKEN });
  });
  afterAll(async () => {
    await td?.close();
  });

  it('refuses Host names it was not configured for (DNS rebinding), answers probes whatever the name', async () => {
    expect((await withHost(td, '/api/incidents', 'rebound.evil.example:8080')).status).toBe(421);
    expect((await withHost(td, '/queues/api/redis/stats', 'rebound.evil.example')).status).toBe(421);
    expect((await withHost(td, '/api/incidents', `localhost:${td.http.port}`)).status).toBe(200);
    expect((await withHost(td, '/healthz', 'rebound.evil.example')).status).toBe(200);
  });

  it('puts reads of incidents, posts and the queues behind the token; health, page and metrics stay open', async () => {
    for (const path of ['/api/incidents', '/api/status', '/queues/api/redis/stats', '/queues/api/queues']) {
      expect((await call(td, 'GET', path)).status, path).toBe(401);
    }
    expect((await call(td, 'GET', '/api/incidents', { token: TOKEN })).status).toBe(200);
    expect((await call(td, 'GET', '/queues/api/queues', { headers: { Cookie: `vigie_token=${TOKEN}` } })).status).toBe(200);
    for (const path of ['/healthz', '/', '/favicon.svg', '/metrics']) expect((await call(td, 'GET', path)).status, path).toBe(200);
  });

  it('puts /metrics behind the token too when http.metricsNeedToken is set', async () => {
    const guarded = await startHttpServer({ daemon: td.daemon, clock: td.clock, log: silentLogger, port: 0, token: TOKEN, metrics: td.metrics, metricsNeedToken: true });
    try {
      expect((await fetch(`${guarded.url}/metrics`)).status).toBe(401);
      expect((await fetch(`${guarded.url}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
      expect((await fetch(`${guarded.url}/healthz`)).status).toBe(200);
    } finally {
      await guarded.close();
    }
  });

  it('puts CSP and frame protection on the queues board page', async () => {
    const r = await fetch(`${td.url}/queues/`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(r.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(r.headers.get('x-frame-options')).toBe('DENY');
  });

  it('refuses a deeply nested body before parsing it', async () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    const r = await call(td, 'POST', '/api/posts', { raw: deep, token: TOKEN });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatch(/more than 16 levels deep/);
  });

  it('refuses impossible, ancient and future dates at ingest, naming the field and the reason', async () => {
    const post = (n: number, publishedAt: string) => ({ id: `ingest:odd-${n}`, author: { id: 'a', name: 'A' }, text: 'Balenciaga', publishedAt });
    const cases: [string, RegExp][] = [
      ['2026-02-30T10:00:00Z', /not a real|real ISO 8601/],
      ['0001-01-01T00:00:00Z', /older than the retention/],
      [new Date(T0 + 59 * 60_000).toISOString(), /59m ahead of the daemon's clock/],
    ];
    for (const [i, [date, why]] of cases.entries()) {
      const r = await call(td, 'POST', '/api/posts', { body: [post(i, date)], token: TOKEN });
      expect(r.status, date).toBe(400);
      expect(r.body.field).toBe('posts[0].publishedAt');
      expect(r.body.error).toMatch(why);
    }
    expect((await call(td, 'POST', '/api/posts', { body: [post(9, new Date(T0 + 60_000).toISOString())], token: TOKEN })).status).toBe(202);
  });

  it('labels errors with the matched route, and counts a client hanging up as 499, not 500', async () => {
    await call(td, 'GET', '/api/incidents/inc-nope', { token: TOKEN });
    // Announce a body, send half of it, hang up.
    await new Promise<void>((resolve) => {
      const s = connect(td.http.port, '127.0.0.1', () => {
        s.write(`POST /api/posts HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n[{"id":`);
        setTimeout(() => {
          s.destroy();
          resolve();
        }, 200);
      });
    });
    await new Promise((r) => setTimeout(r, 300));
    const lines = await metricLines(td);
    expect(lines.some((l) => l.includes('route="/api/incidents/:id"') && l.includes('status="404"'))).toBe(true);
    expect(lines.some((l) => l.includes('route="/api/posts"') && l.includes('status="499"'))).toBe(true);
    expect(lines.filter((l) => l.includes('status="500"'))).toEqual([]);
  });

  it('slows down repeated wrong tokens from one client (429 with Retry-After)', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 7; i++) {
      const r = await call(td, 'POST', '/api/session', { body: {}, token: `wrong-token-${i}-0123456789abcdefghijklmnop` });
      statuses.push(r.status);
      retryAfter ??= r.headers.get('retry-after');
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    // Even the right token waits its turn: guessing cannot be sped up by mixing in the real one.
    expect((await call(td, 'POST', '/api/session', { body: {}, token: TOKEN })).status).toBe(429);
  });
});

describe('HTTP tokens', () => {
  it('refuses to start with a token shorter than 32 characters', async () => {
    await expect(startTestDaemon({ suite: 'http-weak', token: 'x', start: false })).rejects.toThrow(/at least 32 .*vigie token/);
  });
});
