import { createHash } from 'node:crypto';
import { VigieError } from '../errors.js';
import type { Post } from '../types.js';
import { describeError } from './errors.js';
import { fetchFeed, type FeedDocument, type FeedValidators } from './feed-read.js';
import type { HttpClient } from './http.js';
import type { PollContext, PollResult, SourceCursor } from './source.js';

/**
 * Polls a list of feed URLs with conditional GET, for the feed and WeChat adapters. Feeds are
 * independent: one down does not stop the others; the poll then still counts as failed.
 */

/** Cursor: the validators of each feed's last 200, by URL. */
export interface FeedsCursor extends SourceCursor {
  feeds: Record<string, FeedValidators>;
}

/** Some (not all) feeds of a source failed. */
export class FeedsFailedError extends VigieError {
  override name = 'FeedsFailedError';
  constructor(
    readonly failures: { url: string; error: Error }[],
    total: number,
  ) {
    super(`${failures.length} of ${total} feeds failed: ${failures.map((f) => describeError(f.error)).join('; ')}`);
  }
}

export async function pollFeeds(
  urls: readonly string[],
  cursor: SourceCursor | undefined,
  ctx: PollContext,
  http: HttpClient,
  toPosts: (feed: FeedDocument, url: string) => Post[],
): Promise<PollResult> {
  const previous = ((cursor as FeedsCursor | undefined)?.feeds ?? {}) as Record<string, FeedValidators>;
  const next: Record<string, FeedValidators> = {};
  const posts: Post[] = [];
  const failures: { url: string; error: Error }[] = [];
  for (const url of urls) {
    const validators = previous[url];
    try {
      const fetched = await fetchFeed(http, url, validators, ctx.signal);
      if (fetched.status === 'not-modified') {
        ctx.log.debug({ url }, 'feed not modified (304)');
        if (validators) next[url] = validators;
        continue;
      }
      const items = toPosts(fetched.feed, url);
      ctx.log.debug({ url, items: items.length, format: fetched.feed.format, encoding: fetched.encoding }, 'feed read');
      posts.push(...items);
      next[url] = fetched.validators;
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      const error = err instanceof Error ? err : new Error(String(err));
      failures.push({ url, error });
      if (validators) next[url] = validators;
    }
  }
  if (failures.length > 0 && failures.length === urls.length) {
    // Nothing read: fail the poll with the error itself, so its type (blocked, rate limited) counts.
    throw failures.length === 1 ? failures[0]!.error : new FeedsFailedError(failures, urls.length);
  }
  const result: PollResult = { posts, cursor: { feeds: next } satisfies FeedsCursor };
  // A partial failure sets no wait: the feeds that answered must keep their schedule.
  if (failures.length > 0) result.error = new FeedsFailedError(failures, urls.length);
  return result;
}

/** A short stable digest for ids built from long or arbitrary text. */
export function digest(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\n')).digest('base64url').slice(0, 22);
}

/** A link as a dedupe key: https, lowercase host, no fragment, no tracking parameters, no trailing slash. */
export function canonicalLink(link: string): string {
  try {
    const u = new URL(link);
    if (u.protocol === 'http:') u.protocol = 'https:';
    u.hash = '';
    for (const name of [...u.searchParams.keys()]) {
      if (/^(utm_|fbclid$|gclid$|spm$|from$|scene$)/i.test(name)) u.searchParams.delete(name);
    }
    u.pathname = u.pathname.replace(/\/+$/, '') || '/';
    return u.toString();
  } catch {
    return link.trim();
  }
}
