import { z } from 'zod';
import { isoUtc } from '../clock.js';
import type { Post } from '../types.js';
import { parseDate, utcOffset } from './dates.js';
import type { FeedDocument, FeedEntry } from './feed-read.js';
import { digest, pollFeeds } from './feed-poll.js';
import { clientFor, commonOptionShape, healthOptions } from './options.js';
import type { PollContext, PollResult, Source, SourceCursor, SourceSpec } from './source.js';
import { htmlToText, plainLine } from './text.js';
import { normaliseWechatLink } from './wechat-url.js';

/** Options of a `wechat` source: official accounts read through self-hosted mirrors. */
export const wechatOptions = z.strictObject({
  /**
   * Mirror feed URLs, any mix of RSSHub (`/wechat/...`), Wechat2RSS (`/feed/{id}.xml|.json`),
   * WeWe-RSS (`/feeds/{MP_WXS_id}.atom|.rss|.json`) and we-mp-rss outputs.
   */
  urls: z.array(z.url({ error: 'expected an http(s) URL' }), { error: 'expected a list of mirror feed URLs' }).min(1, 'list at least one mirror feed URL'),
  /**
   * The account's display name, when the mirror's feed title is not it. Used as the author and in
   * the fallback dedupe key (account + title + day).
   */
  account: z.string().min(1).optional(),
  /** Zone of dates written without one (we-mp-rss). @defaultValue +08:00 (China) */
  timezone: utcOffset.default('+08:00'),
  ...commonOptionShape,
});

export type WechatOptions = z.output<typeof wechatOptions>;

const CHINA_OFFSET_MS = 8 * 3_600_000;

/**
 * WeChat official-account articles from mirrors. Post ids come from the article link normalised
 * (wechat-url.ts), so one article read through two mirrors is one post. Mirrors mix short and long
 * links for the same article, so posts also dedupe on account + title + publication day (China
 * time). The mirrors' language tags are not trusted (RSSHub says `en` for every feed): no langHint.
 */
export class WechatSource implements Source {
  readonly type = 'wechat';
  readonly health;

  constructor(
    readonly id: string,
    private readonly options: WechatOptions,
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

  dedupeKeys(post: Post): string[] {
    const day = new Date(Date.parse(post.publishedAt) + CHINA_OFFSET_MS).toISOString().slice(0, 10);
    return [post.id, `wechat:title:${digest(post.author.name, post.title ?? post.text.slice(0, 200), day)}`];
  }

  private toPost(entry: FeedEntry, feed: FeedDocument, feedUrl: string, collectedAt: string): Post | undefined {
    const account = this.options.account ?? (plainLine(feed.title) || plainLine(entry.authorName) || new URL(feedUrl).hostname);
    const title = plainLine(entry.title);
    const body = entry.text?.trim() || htmlToText(entry.html ?? '');
    if (!title && !body) return undefined;
    const published = parseDate(entry.published, this.options.timezone) ?? parseDate(entry.updated, this.options.timezone);
    const publishedAt = published === undefined ? collectedAt : isoUtc(published);
    const article = normaliseWechatLink(entry.link) ?? normaliseWechatLink(entry.guid);
    const nativeId = article?.key ?? `t:${digest(account, title || body.slice(0, 200), publishedAt.slice(0, 10))}`;
    const post: Post = {
      id: `wechat:${nativeId}`,
      platform: 'wechat',
      sourceId: this.id,
      url: article?.url ?? entry.link ?? feedUrl,
      // The account is the author; its name is the one identity every mirror gives.
      author: { id: account, name: account },
      // A mirror without full text gives the title only: it is what classifiers read then.
      text: body || title,
      publishedAt,
      collectedAt,
    };
    if (title) post.title = title;
    return post;
  }
}

export const wechatSpec: SourceSpec<WechatOptions> = {
  type: 'wechat',
  description: 'WeChat official-account articles through RSSHub, Wechat2RSS, WeWe-RSS or we-mp-rss mirrors; one article is one post whatever the mirror.',
  options: wechatOptions,
  create: (id, options) => new WechatSource(id, options),
};
