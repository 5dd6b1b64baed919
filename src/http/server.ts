import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { Daemon } from '../daemon.js';
import type { Metrics } from '../metrics.js';
import { TokenAuth } from './auth.js';
import type { ApiContext } from './context.js';
import { pageRoutes } from './page/routes.js';
import { QueuesBoard } from './queues-board.js';
import { HttpError, sendError } from './respond.js';
import { Router } from './router.js';
import { healthRoutes } from './routes/health.js';
import { incidentRoutes } from './routes/incidents.js';
import { ingestRoutes } from './routes/ingest.js';

export interface HttpServerOptions {
  daemon: Daemon;
  /** The daemon's clock; a replay's manual clock, so actions are stamped in event time. */
  clock: Clock;
  log: Logger;
  /** Interface to bind. @defaultValue '127.0.0.1' */
  host?: string;
  /** Port; 0 picks a free one. @defaultValue 8080 */
  port?: number;
  /** Bearer token for every route that changes state; without one those routes answer 403. */
  token?: string;
  /** Serves /metrics from this registry; without it /metrics answers 404. */
  metrics?: Metrics;
  /** Largest JSON body on ordinary routes. @defaultValue 64 KiB */
  maxBodyBytes?: number;
  /** Largest ingest body. @defaultValue 5 MiB */
  maxIngestBytes?: number;
  /** Most posts per ingest request. @defaultValue 1000 */
  maxIngestPosts?: number;
}

export interface HttpServer {
  /** `http://127.0.0.1:8080`, with the port actually bound. */
  url: string;
  port: number;
  server: Server;
  /** Stops accepting, closes idle connections, waits for the rest. Safe to call twice. */
  close(): Promise<void>;
}

/** Refused at start with a message that says what to do. */
export class HttpListenError extends Error {
  override name = 'HttpListenError';
}

/**
 * The daemon's HTTP side on Node's http module: health and readiness, Prometheus metrics, the
 * incidents and ingest APIs, the triage page and the queues board. Binds 127.0.0.1 unless told.
 */
export async function startHttpServer(o: HttpServerOptions): Promise<HttpServer> {
  const auth = new TokenAuth(o.token);
  const log = o.log.child({ component: 'http' });
  const ctx: ApiContext = {
    daemon: o.daemon,
    clock: o.clock,
    auth,
    log,
    metrics: o.metrics,
    maxBodyBytes: o.maxBodyBytes ?? 64 * 1024,
    maxIngestBytes: o.maxIngestBytes ?? 5 * 1024 * 1024,
    maxIngestPosts: o.maxIngestPosts ?? 1000,
  };
  const router = new Router([...healthRoutes(ctx), ...incidentRoutes(ctx), ...ingestRoutes(ctx), ...pageRoutes()]);
  const board = QueuesBoard.forDaemon(o.daemon, auth);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<string> => {
    const url = new URL(req.url ?? '/', 'http://vigie.local');
    if (await board.handle(req, res, url)) return '/queues';
    const match = router.match(req.method ?? 'GET', url.pathname);
    if (match.kind === 'none') throw new HttpError(404, `nothing at ${url.pathname}`);
    if (match.kind === 'method') throw new HttpError(405, `${req.method} is not allowed on ${url.pathname}`, { headers: { Allow: match.allow.join(', ') } });
    if (match.route.auth) auth.check(req);
    await match.route.handle({ req, res, params: match.params, query: url.searchParams });
    return match.route.pattern;
  };

  const server = createServer((req, res) => {
    let route = 'unmatched';
    handle(req, res)
      .then((r) => {
        route = r;
      })
      .catch((err: unknown) => {
        if (err instanceof HttpError) {
          sendError(res, err);
          return;
        }
        log.error({ err: (err as Error).message, method: req.method, path: req.url?.split('?')[0] }, 'request failed');
        if (!res.headersSent) sendError(res, new HttpError(500, 'internal error: see the daemon log'));
        else res.destroy();
      })
      .finally(() => o.metrics?.httpRequests.inc({ route, status: String(res.statusCode) }));
  });
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;
  server.keepAliveTimeout = 5_000;

  const host = o.host ?? '127.0.0.1';
  const port = o.port ?? 8080;
  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (err.code === 'EADDRINUSE') reject(new HttpListenError(`port ${port} on ${host} is in use: choose another with --port N or http.port in the config, or stop what holds it`));
      else if (err.code === 'EACCES') reject(new HttpListenError(`not allowed to listen on ${host}:${port}: pick a port above 1023 (http.port)`));
      else reject(new HttpListenError(`cannot listen on ${host}:${port}: ${err.message}`));
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
  server.on('error', (err) => log.error({ err: err.message }, 'http server error'));
  const bound = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  const url = `http://${shownHost}:${bound}`;
  log.info({ url, actions: auth.configured ? 'token' : 'disabled (no http.token)' }, 'http server listening');

  let closing: Promise<void> | undefined;
  return {
    url,
    port: bound,
    server,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // Long polls and slow clients get a moment, then go.
        setTimeout(() => server.closeAllConnections(), 2000).unref();
      });
      return closing;
    },
  };
}
