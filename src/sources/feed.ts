import { z } from 'zod';
import type { Post } from '../types.js';
import { isoUtc } from '../clock.js';
import { utcOffset } from './dates.js';
import { FeedListSource } from './feed-base.js';
import type { FeedDocument, FeedEntry } from './feed-read.js';
import { canonicalLink, digest } from './feed-poll.js';
import { commonOptionShape } from './options.js';
import type { SourceSpec } from './source.js';
import { plainLine } from './text.js';

/** Options of a `feed` source (blogs and news sites). */
export const feedOptions = z.strictObject({
  /** The feeds to read: RSS 2.0, RSS 1.0, Atom or JSON Feed, one URL each. */
  urls: z.array(z.url({ error: 'expected an http(s) URL' }), { error: 'expected a list of feed URLs' }).min(1, 'list at least one feed URL'),
  /** Zone of dates written without one (`Tue, 14 Jan 2025 09:30:00`). @defaultValue Z (UTC) */
  timezone: utcOffset.default('Z'),
  ...commonOptionShape,
});

export type FeedOptions = z.output<typeof feedOptions>;

/**
 * Blog and news feeds. Conditional GET with the stored ETag / Last-Modified (a 304 costs nothing).
 * An item's id is its guid, else its link, else its title and date, scoped by the feed URL
 * (SOURCES.md 4); its canonical link also dedupes the same article across feeds.
 */
export class FeedSource extends FeedListSource<FeedOptions> {
  readonly type = 'feed';

  dedupeKeys(post: Post): string[] {
    // An item without a link carries the feed's URL, which says nothing about the item.
    if (this.options.urls.includes(post.url)) return [post.id];
    return [post.id, `feed:link:${canonicalLink(post.url)}`];
  }

  protected toPost(entry: FeedEntry, feed: FeedDocument, feedUrl: string, collectedAt: string): Post | undefined {
    const { title, body, published } = this.entryText(entry);
    const identity = entry.guid?.trim() || entry.link || (title ? `${title}|${entry.published ?? ''}` : undefined);
    if (!identity || (!title && !body)) return undefined;
    const authorName = plainLine(entry.authorName) || plainLine(feed.title) || new URL(feedUrl).hostname;
    const post: Post = {
      id: `feed:${digest(feedUrl, identity)}`,
      platform: 'feed',
      sourceId: this.id,
      url: entry.link ?? feedUrl,
      author: { id: entry.authorUri ?? `${new URL(feedUrl).hostname}/${authorName}`, name: authorName },
      // The body is what classifiers read: an item with a title only is its title.
      text: body || title,
      publishedAt: published === undefined ? collectedAt : isoUtc(published),
      collectedAt,
    };
    if (title) post.title = title;
    const lang = entry.lang ?? feed.lang;
    if (lang) post.langHint = lang.trim().toLowerCase();
    return post;
  }
}

export const feedSpec: SourceSpec<FeedOptions> = {
  type: 'feed',
  description: 'Blog and news feeds (RSS, Atom, JSON Feed) with conditional GET; tolerant of broken XML and charsets.',
  options: feedOptions,
  create: (id, options) => new FeedSource(id, options),
};
