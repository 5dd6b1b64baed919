import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FeedItem {
  guid: string;
  title: string;
  text: string;
  /** Publication time (ms); now when left out. */
  at?: number;
}

/** What a path answers instead of its feed: a status (and headers) for the next `times` requests. */
export interface Outage {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  times: number;
}

export interface FeedServer {
  url: string;
  /** The feed URL of `name` (`/feed/<name>`). */
  feedUrl(name: string): string;
  add(name: string, items: FeedItem[]): void;
  /** Requests received per path. */
  hits(path: string): number;
  /** The next requests to `path` get this answer instead. */
  fail(path: string, outage: Outage): void;
  /** Answers any path with a handler of the test's own (platform JSON stand-ins). */
  route(path: string, handler: (req: IncomingMessage, res: ServerResponse) => void): void;
  close(): Promise<void>;
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A real HTTP server on 127.0.0.1 serving RSS 2.0 feeds that the test fills as it goes. */
export async function startFeedServer(): Promise<FeedServer> {
  const feeds = new Map<string, FeedItem[]>();
  const hits = new Map<string, number>();
  const outages = new Map<string, Outage>();
  const routes = new Map<string, (req: IncomingMessage, res: ServerResponse) => void>();
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] as string;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const outage = outages.get(path);
    if (outage && outage.times > 0) {
      outage.times -= 1;
      res.writeHead(outage.status, { 'content-type': 'text/plain', ...outage.headers });
      res.end(outage.body ?? '');
      return;
    }
    const custom = routes.get(path);
    if (custom) return custom(req, res);
    const name = /^\/feed\/([^/]+)$/.exec(path)?.[1];
    const items = name === undefined ? undefined : feeds.get(name);
    if (!items) {
      res.writeHead(404).end();
      return;
    }
    const body =
      `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>${name}</title><link>http://127.0.0.1/${name}</link>` +
      items
        .map(
          (i) =>
            `<item><guid isPermaLink="false">${xml(i.guid)}</guid><title>${xml(i.title)}</title>` +
            `<link>https://blog.example.test/${name}/${encodeURIComponent(i.guid)}</link>` +
            `<description>${xml(i.text)}</description><pubDate>${new Date(i.at ?? Date.now()).toUTCString()}</pubDate></item>`,
        )
        .join('') +
      '</channel></rss>';
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    feedUrl: (name) => `${url}/feed/${name}`,
    add(name, items) {
      const list = feeds.get(name) ?? [];
      // Newest first, like real feeds.
      feeds.set(name, [...items.map((i) => ({ ...i, at: i.at ?? Date.now() })).reverse(), ...list]);
    },
    hits: (path) => hits.get(path) ?? 0,
    fail: (path, outage) => outages.set(path, { ...outage }),
    route: (path, handler) => routes.set(path, handler),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
