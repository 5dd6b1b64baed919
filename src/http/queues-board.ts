import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import type {
  AppControllerRoute,
  AppViewRoute,
  BullBoardQueues,
  ControllerHandlerReturnType,
  IServerAdapter,
  UIConfig,
} from '@bull-board/api/typings/app';
import ejs from 'ejs';
import type { Daemon } from '../daemon.js';
import type { TokenAuth } from './auth.js';
import { HttpError, readJson, sendError, sendJson, sendText } from './respond.js';
import { Router, type Method, type Route } from './router.js';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.map': 'application/json; charset=utf-8',
};

/**
 * The board's page runs only its own scripts and is never framed (clickjacking its buttons).
 * Styles may be inline (React sets them); the web font it links from Google is not loaded.
 */
const BOARD_PAGE_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
  'X-Frame-Options': 'DENY',
};

/**
 * Bull Board on Node's own http server: an IServerAdapter of a hundred lines instead of Express,
 * Fastify or Hono. Anything that changes a queue needs the token, as a bearer header or the
 * SameSite cookie the triage page sets; with a token set, reads need it too. Without a token the
 * board is read-only (its buttons are hidden) and changes are refused anyway.
 */
export class QueuesBoard implements IServerAdapter {
  private queues?: BullBoardQueues;
  private viewsPath = '';
  private staticRoute = '/static';
  private staticPath = '';
  private entry?: AppViewRoute;
  private errorHandler: (error: Error) => ControllerHandlerReturnType = (e) => ({ status: 500, body: { error: e.message } });
  private api = new Router([]);
  private readonly apiDefs = new Map<Route, AppControllerRoute>();
  private entryRouter = new Router([]);
  private uiConfig: UIConfig = {};

  constructor(
    /** Where the board is mounted, e.g. `/queues`. */
    readonly basePath: string,
    private readonly auth: TokenAuth,
  ) {}

  /** Mounts the daemon's queues on a new board. */
  static forDaemon(daemon: Daemon, auth: TokenAuth, basePath = '/queues'): QueuesBoard {
    const board = new QueuesBoard(basePath, auth);
    createBullBoard({
      queues: Object.values(daemon.queues).map((q) => new BullMQAdapter(q, { readOnlyMode: !auth.configured, description: queueDescription(q.name) })),
      serverAdapter: board,
      options: { uiConfig: { boardTitle: 'Vigie queues', miscLinks: [{ text: 'Incidents', url: '/' }] } },
    });
    return board;
  }

  setQueues(queues: BullBoardQueues): IServerAdapter {
    this.queues = queues;
    return this;
  }
  setViewsPath(viewPath: string): IServerAdapter {
    this.viewsPath = viewPath;
    return this;
  }
  setStaticPath(staticsRoute: string, staticsPath: string): IServerAdapter {
    this.staticRoute = staticsRoute;
    this.staticPath = resolve(staticsPath);
    return this;
  }
  setEntryRoute(route: AppViewRoute): IServerAdapter {
    this.entry = route;
    const patterns = Array.isArray(route.route) ? route.route : [route.route];
    this.entryRouter = new Router(patterns.map((pattern) => ({ method: 'GET', pattern, handle: () => undefined })));
    return this;
  }
  setErrorHandler(handler: (error: Error) => ControllerHandlerReturnType): IServerAdapter {
    this.errorHandler = handler;
    return this;
  }
  setApiRoutes(routes: AppControllerRoute[]): IServerAdapter {
    const flat: Route[] = [];
    for (const r of routes) {
      const methods = Array.isArray(r.method) ? r.method : [r.method];
      const patterns = Array.isArray(r.route) ? r.route : [r.route];
      for (const m of methods) {
        for (const pattern of patterns) {
          // The handler is looked up by route in `handle`, which has the request to give it.
          const route: Route = { method: m.toUpperCase() as Method, pattern, handle: () => undefined };
          this.apiDefs.set(route, r);
          flat.push(route);
        }
      }
    }
    this.api = new Router(flat);
    return this;
  }
  setUIConfig(config: UIConfig): IServerAdapter {
    this.uiConfig = config;
    return this;
  }

  /** Answers a request whose path starts with the base path; false when it is not the board's. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    if (url.pathname !== this.basePath && !url.pathname.startsWith(`${this.basePath}/`)) return false;
    const path = url.pathname.slice(this.basePath.length) || '/';
    const method = req.method ?? 'GET';
    try {
      if (path.startsWith(`${this.staticRoute}/`) && (method === 'GET' || method === 'HEAD')) {
        await this.serveStatic(res, path.slice(this.staticRoute.length + 1));
        return true;
      }
      const api = this.api.match(method, path);
      if (api.kind === 'found') {
        const route = this.apiDefs.get(api.route);
        if (!route) throw new HttpError(404, 'not found');
        // Changes always need the token; with a token set, so do reads (queue contents are posts).
        if (method !== 'GET' && method !== 'HEAD') this.auth.check(req, { allowCookie: true });
        else if (this.auth.configured) this.auth.check(req, { allowCookie: true, what: 'the queues board needs the session: sign in on the triage page first' });
        const body = method === 'GET' || method === 'HEAD' ? {} : await readOptionalJson(req);
        const query = Object.fromEntries(url.searchParams);
        const answer = await this.invoke(route, { params: api.params, query, body, headers: req.headers as Record<string, string | undefined> });
        if (answer.status === 204) res.writeHead(204).end();
        else sendJson(res, answer.status ?? 200, answer.body);
        return true;
      }
      if (api.kind === 'method') throw new HttpError(405, `${method} is not allowed here`, { headers: { Allow: api.allow.join(', ') } });
      if (this.entry && this.entryRouter.match(method === 'HEAD' ? 'GET' : method, path).kind === 'found') {
        const { name, params } = this.entry.handler({ basePath: `${this.basePath}/`, uiConfig: this.uiConfig });
        const html = await ejs.renderFile(join(this.viewsPath, name), params);
        sendText(res, 200, html, 'text/html; charset=utf-8', BOARD_PAGE_HEADERS);
        return true;
      }
      throw new HttpError(404, `nothing at ${url.pathname}`);
    } catch (err) {
      if (err instanceof HttpError) sendError(res, err);
      else throw err;
      return true;
    }
  }

  private async invoke(
    route: AppControllerRoute,
    request: { params: Record<string, string>; query: Record<string, string>; body: Record<string, unknown>; headers: Record<string, string | undefined> },
  ): Promise<ControllerHandlerReturnType> {
    if (!this.queues) throw new HttpError(503, 'the queues board has no queues yet');
    try {
      return (await route.handler({ queues: this.queues, uiConfig: this.uiConfig, ...request })) as ControllerHandlerReturnType;
    } catch (err) {
      if (err instanceof HttpError) throw err;
      return this.errorHandler(err instanceof Error ? err : new Error(String(err)));
    }
  }

  private async serveStatic(res: ServerResponse, rel: string): Promise<void> {
    let decoded: string;
    try {
      decoded = decodeURIComponent(rel);
    } catch {
      throw new HttpError(400, 'bad path');
    }
    const file = resolve(this.staticPath, decoded);
    if (!file.startsWith(this.staticPath + sep)) throw new HttpError(404, 'not found');
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) throw new HttpError(404, `no board asset ${rel}`);
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Length': info.size,
      'Cache-Control': 'public, max-age=86400',
      'X-Content-Type-Options': 'nosniff',
    });
    await new Promise<void>((done, fail) => createReadStream(file).on('error', fail).on('end', done).pipe(res));
  }
}

/** The board's UI sends most actions without a body; a body that is not JSON counts as none. */
async function readOptionalJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  if (!(req.headers['content-type'] ?? '').includes('application/json')) {
    req.resume();
    return {};
  }
  const body = await readJson(req, 1 << 20).catch((err: unknown) => {
    if (err instanceof HttpError && err.status === 400) return {};
    throw err;
  });
  return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

function queueDescription(name: string): string {
  switch (name) {
    case 'collect':
      return 'One job per source tick: poll, dedupe, hand new posts to classify.';
    case 'classify':
      return 'Pages of posts: language, brands, sentiment, crisis terms; then the windows.';
    case 'evaluate':
      return 'Rules per brand (debounced) and the periodic sweep: incidents, escalation, auto-resolve.';
    case 'notify':
      return 'One job per incident revision and channel: Slack, email, console, files.';
    default:
      return '';
  }
}
