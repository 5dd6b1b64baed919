import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { Daemon } from '../daemon.js';
import type { Metrics } from '../metrics.js';
import { TokenAuth, WeakTokenError } from './auth.js';
import { HostCheck } from './host-check.js';
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
  /**
   * Bearer token (at least 32 characters). Without one, routes that change state answer 403 and
   * reads are open; with one, reads under /api/ and the queues board need it too.
   */
  token?: string;
  /** Host names accepted besides IP literals, `localhost` and `host` (DNS-rebinding guard). */
  allowedHosts?: readonly string[];
  /** The daemon's public address (`alerting.publicUrl`): its name is accepted in Host. */
  publicUrl?: string;
  /** /metrics needs the token too. @defaultValue false */
  metricsNeedToken?: boolean;
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

/** Paths open to any Host and without a session: probes must work however they reach us. */
const OPEN_PATHS = new Set(['/healthz', '/readyz']);

/** With a token set, what needs it besides the routes that change state: every read of data. */
function needsSession(pattern: string, metrics: boolean): boolean {
  return pattern.startsWith('/api/') || (metrics && pattern === '/metrics');
}

/** The client went away (hung up, reset) before the answer was complete. */
function clientGone(req: IncomingMessage, res: ServerResponse): boolean {
  return (req.destroyed && !req.complete) || (res.destroyed && !res.writableFinished) || req.socket.destroyed;
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
  let auth: TokenAuth;
  try {
    auth = new TokenAuth(o.token);
  } catch (err) {
    if (err instanceof WeakTokenError) throw new HttpListenError(err.message);
    throw err;
  }
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

  const hosts = new HostCheck({ allowed: o.allowedHosts, host: o.host, publicUrl: o.publicUrl });

  /** Answers one request; `seen.route` is set as soon as a route matches, for the metrics. */
  const handle = async (req: IncomingMessage, res: ServerResponse, url: URL, seen: { route: string }): Promise<void> => {
    // Liveness and readiness answer whatever name they are probed by (Kubernetes uses the pod IP).
    if (!OPEN_PATHS.has(url.pathname)) hosts.check(req);
    if (url.pathname === board.basePath || url.pathname.startsWith(`${board.basePath}/`)) seen.route = board.basePath;
    if (await board.handle(req, res, url)) return;
    const match = router.match(req.method ?? 'GET', url.pathname);
    if (match.kind === 'none') throw new HttpError(404, `nothing at ${url.pathname}`);
    if (match.kind === 'method') throw new HttpError(405, `${req.method} is not allowed on ${url.pathname}`, { headers: { Allow: match.allow.join(', ') } });
    seen.route = match.route.pattern;
    if (match.route.auth) auth.check(req);
    else if (auth.configured && needsSession(match.route.pattern, o.metricsNeedToken === true)) {
      auth.check(req, { what: 'incidents and posts are read with the API token' });
    }
    await match.route.handle({ req, res, params: match.params, query: url.searchParams });
  };

  const server = createServer((req, res) => {
    const seen = { route: 'unmatched' };
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://vigie.local');
    } catch {
      sendError(res, new HttpError(400, 'the request target is not a path'));
      return;
    }
    handle(req, res, url, seen)
      .catch((err: unknown) => {
        if (err instanceof HttpError) {
          if (!res.headersSent && !res.destroyed) sendError(res, err);
          return;
        }
        if (clientGone(req, res)) {
          // The client hung up mid-request: nothing to answer and nothing wrong on our side.
          log.debug({ method: req.method, path: url.pathname, route: seen.route }, 'client closed the connection before the answer');
          return;
        }
        log.error({ err: (err as Error).message, method: req.method, path: url.pathname }, 'request failed');
        if (!res.headersSent) sendError(res, new HttpError(500, 'internal error: see the daemon log'));
        else res.destroy();
      })
      .finally(() => {
        // 499 (nginx's "client closed request") when the client left before an answer was sent.
        const status = clientGone(req, res) && !res.writableFinished ? '499' : String(res.statusCode);
        o.metrics?.httpRequests.inc({ route: seen.route, status });
      });
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
