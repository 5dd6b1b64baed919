/**
 * The live latency bench's stand-ins, on 127.0.0.1: a platform that publishes posts (an RSS feed
 * listing what was published up to now, newest first) and a Slack incoming webhook that records
 * when each alert reached it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PublishedPost {
  guid: string;
  title: string;
  text: string;
  /** Publication time (ms): the entry appears in the feed from then on. */
  at: number;
}

export interface Received {
  at: number;
  /** The webhook's JSON body, as text. */
  body: string;
}

export interface StandIn {
  url: string;
  close(): Promise<void>;
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

function closer(server: Server): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The platform: GET /feed answers the 100 newest posts published by now (`posts` may grow meanwhile). */
export async function startPlatform(posts: readonly PublishedPost[], now: () => number = Date.now): Promise<StandIn> {
  const server = createServer((req, res) => {
    if (req.url !== '/feed') return void res.writeHead(404).end();
    const t = now();
    const items = posts
      .filter((p) => p.at <= t)
      .sort((a, b) => b.at - a.at)
      .slice(0, 100)
      .map(
        (p) =>
          `<item><guid isPermaLink="false">${xml(p.guid)}</guid><title>${xml(p.title)}</title>` +
          `<link>https://news.example/${encodeURIComponent(p.guid)}</link><description>${xml(p.text)}</description>` +
          `<pubDate>${new Date(p.at).toUTCString()}</pubDate></item>`,
      );
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
    res.end(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Stand-in news</title><link>https://news.example/</link><description>posts</description>${items.join('')}</channel></rss>`);
  });
  const url = await listen(server);
  return { url: `${url}/feed`, close: closer(server) };
}

/** The Slack stand-in: every POST is answered `ok` and recorded with the time it arrived. */
export async function startSlack(onReceived: (r: Received) => void): Promise<StandIn> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      onReceived({ at: Date.now(), body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  return { url: await listen(server), close: closer(server) };
}
