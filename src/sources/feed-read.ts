import type { AnyFeed } from 'feedsmith';
import { InputError } from '../errors.js';
import { decodeBody } from './charset.js';
import type { HttpClient } from './http.js';
import { plainLine } from './text.js';

/**
 * Fetching and parsing RSS 2.0, RSS 1.0 (RDF), Atom and JSON Feed into one neutral shape, shared by
 * the blog-feed and WeChat-mirror adapters. Parsing is feedsmith's (lenient: undefined entities,
 * missing fields); this file adds conditional GET, charset repair, BOM stripping and the refusal of
 * HTML pages served in place of a feed.
 */

/** One item, whatever the format, with the raw values the adapters interpret. */
export interface FeedEntry {
  guid?: string;
  /** Absolute, resolved against xml:base and the feed URL. */
  link?: string;
  /** Raw, may hold HTML (Atom type="html"). */
  title?: string;
  /** The fullest body available (content:encoded, content, content_html, description, summary), HTML. */
  html?: string;
  /** A plain-text body when the feed gives one instead of HTML (JSON Feed content_text). */
  text?: string;
  authorName?: string;
  authorUri?: string;
  published?: string;
  updated?: string;
  lang?: string;
}

export interface FeedDocument {
  format: AnyFeed['format'];
  title: string;
  lang?: string;
  entries: FeedEntry[];
}

/** Validators from the last 200, sent back as If-None-Match / If-Modified-Since. */
export interface FeedValidators {
  etag?: string;
  lastModified?: string;
}

export type FeedFetch =
  | { status: 'not-modified' }
  | { status: 'ok'; feed: FeedDocument; validators: FeedValidators; encoding: string };

export async function fetchFeed(http: HttpClient, url: string, validators: FeedValidators | undefined, signal: AbortSignal): Promise<FeedFetch> {
  const headers: Record<string, string> = {
    accept: 'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5',
  };
  if (validators?.etag) headers['if-none-match'] = validators.etag;
  if (validators?.lastModified) headers['if-modified-since'] = validators.lastModified;
  const res = await http.get({ url, headers, signal, accept: (s) => s === 304 });
  if (res.status === 304) return { status: 'not-modified' };
  const { text, encoding } = decodeBody(res.body, res.headers.get('content-type'));
  const feed = await parseFeedText(text, res.url || url);
  const next: FeedValidators = {};
  const etag = res.headers.get('etag');
  const lastModified = res.headers.get('last-modified');
  if (etag) next.etag = etag;
  if (lastModified) next.lastModified = lastModified;
  return { status: 'ok', feed, validators: next, encoding };
}

/**
 * Parses a decoded feed; `where` (its URL) names it in errors and resolves relative links.
 * feedsmith is imported on the first feed read, so a process with no feed source never loads it.
 */
export async function parseFeedText(raw: string, where: string): Promise<FeedDocument> {
  const text = raw.replace(/^\uFEFF/, '').trimStart();
  if (text === '') throw new InputError('empty response where a feed was expected', where);
  if (/^(?:<!doctype html|<html[\s>])/i.test(text)) {
    const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text)?.[1];
    throw new InputError(`an HTML page was served instead of a feed${title ? ` (page title "${plainLine(title).slice(0, 80)}")` : ''}`, where);
  }
  const { parseFeed } = await import('feedsmith');
  let parsed: AnyFeed;
  try {
    parsed = parseFeed(text.startsWith('{') ? (JSON.parse(text) as unknown) : text);
  } catch (err) {
    const reason = err instanceof SyntaxError ? `invalid JSON (${err.message})` : (err as Error).message;
    throw new InputError(`not a readable RSS, Atom or JSON feed: ${reason}`, where, { cause: err });
  }
  return normalise(parsed, where);
}

function absolute(link: string | undefined, base: string | undefined, feedUrl: string): string | undefined {
  if (!link) return undefined;
  try {
    return new URL(link.trim(), base ? new URL(base, feedUrl) : feedUrl).toString();
  } catch {
    return link.trim();
  }
}

function normalise(parsed: AnyFeed, url: string): FeedDocument {
  switch (parsed.format) {
    case 'rss': {
      const f = parsed.feed;
      return {
        format: 'rss',
        title: f.title ?? '',
        lang: f.language,
        entries: (f.items ?? []).map((i) => ({
          guid: i.guid?.value,
          link: absolute(i.link ?? (i.guid?.isPermaLink !== false ? i.guid?.value : undefined), undefined, url),
          title: i.title,
          html: i.content?.encoded ?? i.description,
          authorName: i.dc?.creators?.[0] ?? i.authors?.[0]?.name ?? i.authors?.[0]?.email,
          published: i.pubDate ?? i.dc?.dates?.[0],
          updated: i.atom?.updated,
        })),
      };
    }
    case 'rdf': {
      const f = parsed.feed;
      return {
        format: 'rdf',
        title: f.title ?? '',
        lang: f.dc?.languages?.[0],
        entries: (f.items ?? []).map((i) => ({
          guid: i.rdf?.about,
          link: absolute(i.link, undefined, url),
          title: i.title,
          html: i.content?.encoded ?? i.description,
          authorName: i.dc?.creators?.[0],
          published: i.dc?.dates?.[0],
        })),
      };
    }
    case 'atom': {
      const f = parsed.feed;
      const feedAuthor = f.authors?.[0];
      return {
        format: 'atom',
        title: f.title?.value ?? '',
        lang: f.xml?.lang,
        entries: (f.entries ?? []).map((e) => {
          const link = e.links?.find((l) => !l.rel || l.rel === 'alternate') ?? e.links?.[0];
          const author = e.authors?.[0] ?? feedAuthor;
          return {
            guid: e.id,
            link: absolute(link?.href, e.xml?.base ?? f.xml?.base, url),
            title: e.title?.value,
            html: e.content?.value ?? e.summary?.value,
            authorName: author?.name,
            authorUri: author?.uri,
            published: e.published ?? e.updated,
            updated: e.updated,
            lang: e.xml?.lang,
          };
        }),
      };
    }
    case 'json': {
      const f = parsed.feed;
      return {
        format: 'json',
        title: f.title ?? '',
        lang: f.language,
        entries: (f.items ?? []).map((i) => {
          const author = i.authors?.[0] ?? f.authors?.[0];
          return {
            guid: i.id === undefined ? undefined : String(i.id),
            link: absolute(i.url ?? i.external_url, undefined, url),
            title: i.title,
            html: i.content_html || (i.content_text ? undefined : i.summary),
            text: i.content_html ? undefined : i.content_text,
            authorName: author?.name,
            authorUri: author?.url,
            published: i.date_published ?? i.date_modified,
            updated: i.date_modified,
            lang: i.language,
          };
        }),
      };
    }
  }
}
