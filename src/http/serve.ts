import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { VigieConfig } from '../config/load.js';
import type { Daemon } from '../daemon.js';
import type { Metrics } from '../metrics.js';
import { HttpListenError, startHttpServer, type HttpServer } from './server.js';

export interface ServeOptions {
  daemon: Daemon;
  clock: Clock;
  log: Logger;
  metrics?: Metrics;
  http: VigieConfig['http'];
  /**
   * The demo: without a configured token, a throwaway one is made (and put in the printed link,
   * after `#`, which browsers never send); when the configured port is taken, any free port.
   */
  demo?: boolean;
}

export interface Served {
  server: HttpServer;
  /** What to print for people: the page's address and how to act on it. */
  banner: string;
  close(): Promise<void>;
}

/**
 * Starts the HTTP side of `vigie start` from the config's `http` section. Undefined when it is
 * disabled; throws HttpListenError (with what to do) when it cannot listen.
 */
export async function serveDaemon(o: ServeOptions): Promise<Served | undefined> {
  if (!o.http.enabled) return undefined;
  const configured = o.http.token?.trim() || undefined;
  const token = configured ?? (o.demo ? randomBytes(24).toString('base64url') : undefined);
  const start = (port: number) =>
    startHttpServer({
      daemon: o.daemon,
      clock: o.clock,
      log: o.log,
      metrics: o.metrics,
      host: o.http.host,
      port,
      token,
      allowedHosts: o.http.allowedHosts,
      publicUrl: o.daemon.currentConfig.alerting.publicUrl,
      metricsNeedToken: o.http.metricsNeedToken,
    });
  let server: HttpServer;
  let moved = '';
  try {
    server = await start(o.http.port);
  } catch (err) {
    if (!(o.demo && err instanceof HttpListenError && o.http.port !== 0)) throw err;
    server = await start(0);
    moved = `Port ${o.http.port} is in use: the demo listens on port ${server.port} instead (--port N to choose).\n`;
  }
  let banner: string;
  if (token && !configured) banner = `Triage page: ${server.url}/#token=${token}\n  (a token for this demo only; the link signs you in)`;
  else if (token) banner = `Triage page: ${server.url}/\n  (sign in on the page with the token of http.token to acknowledge)`;
  else banner = `Triage page: ${server.url}/ (read-only: set http.token: \${VIGIE_TOKEN} (\`vigie token\` makes one) to acknowledge, note, silence, resolve)`;
  banner = `${moved}${banner}\n  Queues: ${server.url}/queues · Metrics: ${server.url}/metrics`;
  return { server, banner, close: () => server.close() };
}
