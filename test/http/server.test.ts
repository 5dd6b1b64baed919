import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpListenError, startHttpServer } from '../../src/http/server.js';
import { silentLogger } from '../../src/log.js';
import { call, startTestDaemon, T0, wave, type TestDaemon } from './helpers.js';

const TOKEN = 'server-token-0123456789-abcdefghijklmnop';

describe('health, readiness and metrics', () => {
  let td: TestDaemon;
  beforeAll(async () => {
    td = await startTestDaemon({ suite: 'http-server', token: TOKEN });
    await wave(td, 'balenciaga', T0, 3, 12);
  });
  afterAll(async () => {
    await td?.close();
  });

  it('binds 127.0.0.1 by default and reports the process up', async () => {
    expect(td.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const r = await call(td, 'GET', '/healthz');
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('ok');
  });

  it('is ready when Redis answers and every worker runs', async () => {
    const r = await call(td, 'GET', '/readyz');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'ready', redis: 'ok' });
    expect((r.body.workers as { role: string }[]).map((w) => w.role).sort()).toEqual(['classify', 'collect', 'evaluate', 'notify']);
  });

  it('exports Prometheus metrics: queue depths, incidents, latencies, notifications', async () => {
    const res = await fetch(`${td.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain('# TYPE vigie_queue_jobs gauge');
    for (const q of ['collect', 'classify', 'evaluate', 'notify']) expect(text).toContain(`vigie_queue_jobs{queue="${q}",state="waiting"} 0`);
    expect(text).toContain('vigie_incidents_active{severity="critical",status="open"} 1');
    expect(text).toContain('# TYPE vigie_classify_latency_seconds histogram');
    expect(text).toContain('# TYPE vigie_notify_latency_seconds histogram');
    expect(text).toContain('# TYPE vigie_notifications_total counter');
    expect(text).toContain('# TYPE vigie_source_errors_total counter');
    expect(text).toMatch(/vigie_http_requests_total\{route="\/readyz",status="200"\} 1/);
  });

  it('counts notifications per channel and outcome once they are sent', async () => {
    // Past the group wait, the sweep sends the first notification to the file channel.
    td.clock.advanceBy(2 * 60_000);
    await td.daemon.queues.evaluate.add('sweep', { kind: 'sweep', at: td.clock.now() });
    for (let i = 0; i < 100; i++) {
      const text = await (await fetch(`${td.url}/metrics`)).text();
      if (/vigie_notifications_total\{channel="file",kind="firing",outcome="sent"\} 1/.test(text)) {
        expect(text).toMatch(/vigie_notify_latency_seconds_count\{channel="file"\} 1/);
        return;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the firing notification was never counted');
  });

  it('is not ready when the workers are not running', async () => {
    const idle = await startTestDaemon({ suite: 'http-idle', start: false });
    try {
      const r = await call(idle, 'GET', '/readyz');
      expect(r.status).toBe(503);
      expect(r.body.problems).toEqual(['workers: none started in this process']);
    } finally {
      await idle.close();
    }
  });

  it('says clearly when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(startHttpServer({ daemon: td.daemon, clock: td.clock, log: silentLogger, port })).rejects.toThrow(HttpListenError);
      await expect(startHttpServer({ daemon: td.daemon, clock: td.clock, log: silentLogger, port })).rejects.toThrow(/is in use: choose another with --port N or http.port/);
    } finally {
      blocker.close();
    }
  });
});

describe('triage page and queues board', () => {
  let td: TestDaemon;
  beforeAll(async () => {
    td = await startTestDaemon({ suite: 'http-page', token: TOKEN });
  });
  afterAll(async () => {
    await td?.close();
  });

  it('serves the page for the list and for every incident, with a strict CSP', async () => {
    for (const path of ['/', '/incidents/inc-20260414-1']) {
      const res = await fetch(`${td.url}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      const html = await res.text();
      expect(html).toContain('<main id="view">');
      expect(html).toMatch(/<script type="module" src="\/assets\/[0-9a-f]+\/app\.js"><\/script>/);
      expect(html).not.toMatch(/<script>|<style>| style=/);
    }
  });

  it('serves the page\'s modules, every one that parses, and a stylesheet, under one version', async () => {
    const html = await (await fetch(`${td.url}/`)).text();
    const base = /src="(\/assets\/[0-9a-f]+\/)app\.js"/.exec(html)?.[1];
    expect(base).toBeDefined();
    expect(html).toContain(`href="${base}app.css"`);
    // Follow the imports from the entry: every module is served, parses as a module, writes no HTML.
    const seen = new Set<string>();
    const queue = ['app.js'];
    for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
      if (seen.has(name)) continue;
      seen.add(name);
      const res = await fetch(`${td.url}${base}${name}`);
      expect(res.status, name).toBe(200);
      expect(res.headers.get('content-type'), name).toContain('javascript');
      expect(res.headers.get('cache-control'), name).toContain('immutable');
      const source = await res.text();
      const check = spawnSync(process.execPath, ['--input-type=module', '--check', '-'], { input: source, encoding: 'utf8' });
      expect(check.stderr, name).toBe('');
      expect(source, name).not.toContain('innerHTML');
      for (const m of source.matchAll(/from '\.\/([\w-]+\.js)'/g)) queue.push(m[1] ?? '');
    }
    expect([...seen]).toEqual(expect.arrayContaining(['app.js', 'dom.js', 'list.js', 'detail.js', 'chart.js']));
    const css = await fetch(`${td.url}${base}app.css`);
    expect(css.headers.get('content-type')).toContain('text/css');
    expect(await css.text()).toContain('@media (max-width: 700px)');
    expect((await fetch(`${td.url}${base}nothing.js`)).status).toBe(404);
    // A page loaded before an upgrade asks with its old version: today's file, not to be kept.
    const old = await fetch(`${td.url}/assets/000000000000/app.js`);
    expect(old.status).toBe(200);
    expect(old.headers.get('cache-control')).toBe('no-cache');
  });

  it('mounts Bull Board under /queues with the four queues', async () => {
    const page = await fetch(`${td.url}/queues`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<base href="/queues/"');
    const asset = /src="(static\/js\/main\.[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    const js = await fetch(`${td.url}/queues/${asset}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toContain('javascript');
    const api = await call(td, 'GET', '/queues/api/queues', { token: TOKEN });
    expect(api.status).toBe(200);
    expect((api.body.queues as { name: string }[]).map((q) => q.name).sort()).toEqual(['classify', 'collect', 'evaluate', 'notify']);
    const deep = await fetch(`${td.url}/queues/queue/notify`);
    expect(deep.status).toBe(200);
  });

  it('guards the board: no traversal, and changes need the token (header or the page cookie)', async () => {
    const traversal = await fetch(`${td.url}/queues/static/..%2F..%2Fpackage.json`);
    expect(traversal.status).toBe(404);
    const pause = await call(td, 'PUT', '/queues/api/queues/notify/pause');
    expect(pause.status).toBe(401);
    const cross = await call(td, 'PUT', '/queues/api/queues/notify/pause', { headers: { Cookie: `vigie_token=${TOKEN}`, Origin: 'https://evil.example' } });
    expect(cross.status).toBe(403);
    const paused = await call(td, 'PUT', '/queues/api/queues/notify/pause', { headers: { Cookie: `vigie_token=${TOKEN}` } });
    expect(paused.status).toBe(200);
    expect(await td.daemon.queues.notify.isPaused()).toBe(true);
    const resumed = await call(td, 'PUT', '/queues/api/queues/notify/resume', { token: TOKEN });
    expect(resumed.status).toBe(200);
    expect(await td.daemon.queues.notify.isPaused()).toBe(false);
  });
});
