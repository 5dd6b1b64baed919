import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveDaemon } from '../../src/http/serve.js';
import { HttpListenError } from '../../src/http/server.js';
import { silentLogger } from '../../src/log.js';
import { startTestDaemon, type TestDaemon } from './helpers.js';

describe('serveDaemon (what vigie start runs)', () => {
  let td: TestDaemon;
  let blocker: ReturnType<typeof createServer>;
  let taken: number;
  beforeAll(async () => {
    td = await startTestDaemon({ suite: 'http-serve', start: false });
    blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    taken = (blocker.address() as { port: number }).port;
  });
  afterAll(async () => {
    blocker.close();
    await td?.close();
  });

  const opts = (http: { enabled: boolean; port: number; token?: string }, demo = false) => ({
    daemon: td.daemon,
    clock: td.clock,
    log: silentLogger,
    http: { host: '127.0.0.1', allowedHosts: [], metricsNeedToken: false, ...http },
    demo,
  });

  it('serves nothing when http is disabled', async () => {
    expect(await serveDaemon(opts({ enabled: false, port: 0 }))).toBeUndefined();
  });

  it('refuses a taken port outside the demo, with what to do', async () => {
    await expect(serveDaemon(opts({ enabled: true, port: taken }))).rejects.toThrow(HttpListenError);
  });

  it('in the demo: any free port when the configured one is taken, and a throwaway token in the link', async () => {
    const served = await serveDaemon(opts({ enabled: true, port: taken }, true));
    try {
      expect(served?.server.port).not.toBe(taken);
      const token = /#token=([\w-]+)/.exec(served?.banner ?? '')?.[1];
      expect(token).toBeDefined();
      const ok = await fetch(`${served?.server.url}/api/session`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: '{}' });
      expect(ok.status).toBe(200);
    } finally {
      await served?.close();
    }
  });

  it('never prints a configured token', async () => {
    const served = await serveDaemon(opts({ enabled: true, port: 0, token: 'configured-secret-value-0123456789abcdef' }, true));
    try {
      expect(served?.banner).not.toContain('configured-secret-value-0123456789abcdef');
      expect(served?.banner).toContain('sign in on the page');
    } finally {
      await served?.close();
    }
  });
});
