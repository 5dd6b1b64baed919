import { z } from 'zod';
import { duration } from '../config/schema.js';
import { PermanentError, VigieError } from '../errors.js';
import type { Post } from '../types.js';
import { BlockedError, describeError } from './errors.js';
import { abortableSleep, type HttpClient, type HttpResponse } from './http.js';
import { baseUrl, brandKeywords, clientFor, commonOptionShape, healthOptions } from './options.js';
import type { PollContext, PollResult, Source, SourceSpec } from './source.js';
import { mblogToPost, midOf, pageMblogs, readWeibo, type Mblog } from './weibo-parse.js';

/** Options of a `weibo` source (m.weibo.cn, the mobile site's JSON). */
export const weiboOptions = z.strictObject({
  /** The mobile site, or a mirror or proxy of it. @defaultValue https://m.weibo.cn */
  baseUrl: baseUrl('https://m.weibo.cn'),
  /**
   * Words for the real-time search. Defaults to the watched brands' keywords (their names when
   * they have none); `[]` searches nothing (timelines only).
   */
  keywords: z.array(z.string().trim().min(1)).optional(),
  /** Numeric user ids whose timelines to follow (brand accounts, critics, media). */
  users: z.array(z.union([z.string().regex(/^\d+$/, 'expected a numeric Weibo uid'), z.number().int().positive()]).transform(String)).default([]),
  /**
   * Name of the environment variable holding a logged-in or visitor cookie (`SUB=...; SUBP=...`).
   * Optional: without it, Weibo often answers 432. The cookie is never written in the config nor
   * logged. @defaultValue WEIBO_COOKIE
   */
  cookieEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name').default('WEIBO_COOKIE'),
  /** Pages read per keyword or timeline at most; paging stops at the first post already seen. @defaultValue 3 */
  maxPages: z.number().int().min(1).max(20).default(3),
  /** Fetch the full text of long posts (one more request each). @defaultValue true */
  longText: z.boolean().default(true),
  /** Pause between two requests: Weibo blocks clients that hurry. @defaultValue 3s */
  requestInterval: duration.default(3_000),
  /** After an anti-scraping answer, do not poll again for this long. @defaultValue 30m */
  blockedBackoff: duration.default(30 * 60_000),
  ...commonOptionShape,
});

export type WeiboOptions = z.output<typeof weiboOptions>;

const MOBILE_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

type Get = (url: string) => Promise<HttpResponse>;
type Stream = { kind: 'search'; keyword: string } | { kind: 'user'; uid: string };

/**
 * Weibo keyword searches and user timelines. There is no "newer than" cursor: each stream reads
 * page 1 on, and stops at the first post this source has already seen (pinned posts, which sit
 * out of order at the top of timelines, do not stop it). A refusal (418, 403, 432, ok:-100, an
 * HTML visitor page) is a BlockedError: the source turns failing at once and rests for
 * `blockedBackoff` instead of hammering a block.
 */
export class WeiboSource implements Source {
  readonly type = 'weibo';
  readonly health;

  constructor(
    readonly id: string,
    private readonly options: WeiboOptions,
    private readonly keywords: string[],
    private readonly cookie: string | undefined,
  ) {
    this.health = healthOptions(options);
  }

  async poll(_cursor: unknown, ctx: PollContext): Promise<PollResult> {
    const get = this.requester(clientFor(this.options, ctx, MOBILE_UA), ctx);
    const streams: Stream[] = [
      ...this.keywords.map((keyword) => ({ kind: 'search' as const, keyword })),
      ...this.options.users.map((uid) => ({ kind: 'user' as const, uid })),
    ];
    const posts: Post[] = [];
    const errors: Error[] = [];
    for (const stream of streams) {
      try {
        posts.push(...(await this.readStream(stream, get, ctx)));
      } catch (err) {
        if (ctx.signal.aborted) throw err;
        const error = err instanceof Error ? err : new Error(String(err));
        if (error instanceof BlockedError) {
          // The block is per IP or cookie: every other stream would get it too.
          const rest = new BlockedError(error.message, error.status, ctx.clock.now() + this.options.blockedBackoff, { cause: error });
          if (posts.length === 0) throw rest;
          return { posts, error: rest, notBefore: rest.notBefore };
        }
        // Logged by the collect stage with the poll's outcome; here only for tracing.
        ctx.log.debug({ stream: label(stream) }, `weibo ${label(stream)} failed: ${describeError(error)}`);
        errors.push(error);
      }
    }
    if (errors.length === 0) return { posts };
    if (errors.length === streams.length && errors.length === 1) throw errors[0];
    const error = new VigieError(`${errors.length} of ${streams.length} Weibo searches and timelines failed: ${errors.map(describeError).join('; ')}`);
    if (errors.length === streams.length) throw error;
    return { posts, error };
  }

  private async readStream(stream: Stream, get: Get, ctx: PollContext): Promise<Post[]> {
    const posts: Post[] = [];
    let sinceId: string | undefined;
    for (let page = 1; page <= this.options.maxPages; page++) {
      const url = new URL(`${this.options.baseUrl}/api/container/getIndex`);
      if (stream.kind === 'search') {
        url.searchParams.set('containerid', `100103type=61&q=${stream.keyword}&t=0`);
        url.searchParams.set('page', String(page));
      } else {
        url.searchParams.set('type', 'uid');
        url.searchParams.set('value', stream.uid);
        url.searchParams.set('containerid', `107603${stream.uid}`);
        if (sinceId) url.searchParams.set('since_id', sinceId);
      }
      const answer = readWeibo(await get(url.toString()), label(stream));
      if (!answer.ok) break;
      const { mblogs, sinceId: next } = pageMblogs(answer.data);
      if (mblogs.length === 0) break;
      const seen = await ctx.seen(mblogs.map((m) => `weibo:${midOf(m.mblog)}`));
      let reachedSeen = false;
      for (const [i, { mblog, pinned }] of mblogs.entries()) {
        if (seen[i]) {
          if (!pinned) {
            reachedSeen = true;
            break;
          }
          continue;
        }
        if (!midOf(mblog)) continue;
        posts.push(await this.toPost(mblog, get, ctx));
      }
      if (reachedSeen) break;
      if (stream.kind === 'user') {
        if (!next) break;
        sinceId = next;
      }
    }
    return posts;
  }

  private async toPost(m: Mblog, get: Get, ctx: PollContext): Promise<Post> {
    let longText: string | undefined;
    if (m.isLongText && this.options.longText) {
      const url = `${this.options.baseUrl}/statuses/extend?id=${encodeURIComponent(midOf(m))}`;
      try {
        const answer = readWeibo(await get(url), `the long text of ${midOf(m)}`);
        const content = answer.ok ? answer.data.longTextContent : undefined;
        if (typeof content === 'string' && content.trim() !== '') longText = content;
      } catch (err) {
        if (err instanceof BlockedError || ctx.signal.aborted) throw err;
        ctx.log.debug({ mid: midOf(m), err: describeError(err) }, 'long text unavailable: keeping the truncated text');
      }
    }
    return mblogToPost(m, { sourceId: this.id, now: ctx.clock.now(), longText });
  }

  /** One poll's GET: Weibo's headers, the cookie, and a pause before every request but the first. */
  private requester(http: HttpClient, ctx: PollContext): Get {
    let requests = 0;
    return async (url) => {
      if (requests++ > 0 && this.options.requestInterval > 0) await abortableSleep(this.options.requestInterval, ctx.signal);
      const headers: Record<string, string> = {
        accept: 'application/json, text/plain, */*',
        'mweibo-pwa': '1',
        'x-requested-with': 'XMLHttpRequest',
        referer: `${this.options.baseUrl}/`,
      };
      if (this.cookie) headers.cookie = this.cookie;
      return http.get({ url, headers, signal: ctx.signal, accept: (s) => s === 403 || s === 418 || s === 432 });
    };
  }
}

function label(stream: Stream): string {
  return stream.kind === 'search' ? `search "${stream.keyword}"` : `timeline of ${stream.uid}`;
}

export const weiboSpec: SourceSpec<WeiboOptions> = {
  type: 'weibo',
  description: 'Weibo keyword search and user timelines from the mobile site (m.weibo.cn), with an optional cookie from the environment.',
  options: weiboOptions,
  create(id, options, ctx) {
    const keywords = options.keywords ?? brandKeywords(ctx.brands);
    if (keywords.length === 0 && options.users.length === 0) {
      throw new PermanentError(`nothing to watch: give keywords, users, or brands with names`);
    }
    const cookie = ctx.env[options.cookieEnv] || undefined;
    return new WeiboSource(id, options, keywords, cookie);
  },
};
