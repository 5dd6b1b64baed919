import { isoUtc } from '../clock.js';
import type { Post } from '../types.js';
import { parseDate } from './dates.js';
import type { FeedDocument, FeedEntry } from './feed-read.js';
import { pollFeeds } from './feed-poll.js';
import { clientFor, healthOptions, type CommonOptions } from './options.js';
import type { PollContext, PollResult, Source, SourceCursor } from './source.js';
import { htmlToText, plainLine } from './text.js';

/** Options every feed-shaped source has: the feeds to read, and the zone of dates written without one. */
export interface FeedListOptions extends CommonOptions {
  urls: string[];
  timezone: string;
}

/** An entry's readable parts: title and body as plain text, its publication time (ms) when it has one. */
export interface EntryText {
  title: string;
  body: string;
  published: number | undefined;
}

/**
 * The one shape of the feed and WeChat sources: a list of feed URLs polled with conditional GET
 * (feed-poll.ts), each entry turned into a post by the subclass, which also says how its posts
 * dedupe. Adding another feed-shaped platform is a subclass with `toPost` and `dedupeKeys`.
 */
export abstract class FeedListSource<O extends FeedListOptions> implements Source {
  abstract readonly type: string;
  readonly health;

  constructor(
    readonly id: string,
    protected readonly options: O,
  ) {
    this.health = healthOptions(options);
  }

  async poll(cursor: SourceCursor | undefined, ctx: PollContext): Promise<PollResult> {
    const http = clientFor(this.options, ctx);
    const collectedAt = isoUtc(ctx.clock.now());
    return pollFeeds(this.options.urls, cursor, ctx, http, (feed, url) =>
      feed.entries.flatMap((e) => this.toPost(e, feed, url, collectedAt) ?? []),
    );
  }

  abstract dedupeKeys(post: Post): string[];

  /** The post for one entry, or undefined for an entry with nothing to read. */
  protected abstract toPost(entry: FeedEntry, feed: FeedDocument, feedUrl: string, collectedAt: string): Post | undefined;

  /** Title and body as plain text (full text first, else the HTML's text); published, else updated. */
  protected entryText(entry: FeedEntry): EntryText {
    const tz = this.options.timezone;
    return {
      title: plainLine(entry.title),
      body: entry.text?.trim() || htmlToText(entry.html ?? ''),
      published: parseDate(entry.published, tz) ?? parseDate(entry.updated, tz),
    };
  }
}
