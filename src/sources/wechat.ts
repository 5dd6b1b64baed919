import { z } from 'zod';
import { isoUtc } from '../clock.js';
import type { Post } from '../types.js';
import { utcOffset } from './dates.js';
import { FeedListSource } from './feed-base.js';
import type { FeedDocument, FeedEntry } from './feed-read.js';
import { digest } from './feed-poll.js';
import { commonOptionShape } from './options.js';
import type { SourceSpec } from './source.js';
import { plainLine } from './text.js';
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
export class WechatSource extends FeedListSource<WechatOptions> {
  readonly type = 'wechat';

  dedupeKeys(post: Post): string[] {
    const day = new Date(Date.parse(post.publishedAt) + CHINA_OFFSET_MS).toISOString().slice(0, 10);
    return [post.id, `wechat:title:${digest(post.author.name, post.title ?? post.text.slice(0, 200), day)}`];
  }

  protected toPost(entry: FeedEntry, feed: FeedDocument, feedUrl: string, collectedAt: string): Post | undefined {
    const account = this.options.account ?? (plainLine(feed.title) || plainLine(entry.authorName) || new URL(feedUrl).hostname);
    const { title, body, published } = this.entryText(entry);
    if (!title && !body) return undefined;
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
