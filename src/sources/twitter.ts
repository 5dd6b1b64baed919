import { z } from 'zod';
import { isoUtc } from '../clock.js';
import { duration } from '../config/schema.js';
import { formatDuration } from '../duration.js';
import { PermanentError } from '../errors.js';
import type { Post } from '../types.js';
import { BlockedError, HttpStatusError, RateLimitedError } from './errors.js';
import type { HttpClient, HttpResponse } from './http.js';
import { baseUrl, brandKeywords, clientFor, commonOptionShape, healthOptions } from './options.js';
import type { PollContext, PollResult, Source, SourceCursor, SourceSpec } from './source.js';
import { pageToPosts, readPage, readProblem, type SearchPage } from './twitter-parse.js';

/** Options of a `twitter` source (X API v2 recent search, app bearer token). */
export const twitterOptions = z.strictObject({
  /** API root, for a proxy or a test server. @defaultValue https://api.x.com */
  baseUrl: baseUrl('https://api.x.com'),
  /**
   * The search query (operators allowed, 512 characters at most). Defaults to the watched brands'
   * keywords joined with OR.
   */
  query: z.string().min(1).max(512, 'X allows 512 characters per query').optional(),
  /**
   * Name of the environment variable holding the app bearer token. The token itself is never
   * written in the config nor logged. @defaultValue TWITTER_BEARER_TOKEN
   */
  tokenEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name').default('TWITTER_BEARER_TOKEN'),
  /** Tweets per page, 10 to 100. @defaultValue 100 */
  maxResults: z.number().int().min(10).max(100).default(100),
  /** Pages per poll; a longer cycle resumes at the next tick from its next_token. @defaultValue 5 */
  maxPages: z.number().int().min(1).max(50).default(5),
  /** How far back the first poll (or one after a stale since_id) reaches. @defaultValue 1h */
  backfill: duration.default(3_600_000).refine((ms) => ms <= 6.9 * 86_400_000, 'recent search reaches 7 days back at most'),
  /** How long to stop after a monthly usage cap (UsageCapExceeded). @defaultValue 24h */
  usageCapBackoff: duration.default(86_400_000),
  ...commonOptionShape,
});

export type TwitterOptions = z.output<typeof twitterOptions>;

/**
 * Where the search stands. `sinceId` is the newest tweet of the last complete cycle; a cycle in
 * progress (pages still to fetch) keeps its next_token and its own newest id, and `sinceId` moves
 * only when the cycle completes (docs.x.com, "paginate").
 */
export interface TwitterCursor extends SourceCursor {
  sinceId?: string;
  cycle?: { nextToken: string; newestId?: string; startTime?: string };
}

const FIELDS = {
  'tweet.fields': 'created_at,author_id,public_metrics,lang,entities,referenced_tweets,note_tweet,edit_history_tweet_ids',
  expansions: 'author_id,referenced_tweets.id,referenced_tweets.id.author_id',
  'user.fields': 'username,name,public_metrics',
};

/** When x-rate-limit-reset is missing from a 429: the length of X's windows. */
const WINDOW_MS = 15 * 60_000;

export class TwitterSource implements Source {
  readonly type = 'twitter';
  readonly health;

  constructor(
    readonly id: string,
    private readonly options: TwitterOptions,
    private readonly query: string,
    private readonly token: string,
  ) {
    this.health = healthOptions(options);
  }

  async poll(stored: SourceCursor | undefined, ctx: PollContext): Promise<PollResult> {
    const http = clientFor(this.options, ctx);
    const collectedAt = isoUtc(ctx.clock.now());
    let { sinceId, cycle } = (stored ?? {}) as TwitterCursor;
    const posts: Post[] = [];
    const progress = (): TwitterCursor => ({ ...(sinceId ? { sinceId } : {}), ...(cycle ? { cycle } : {}) });
    let resetDone = false;

    for (let pages = 0; pages < this.options.maxPages; ) {
      let page: SearchPage;
      let res: HttpResponse;
      const startTime = cycle?.startTime ?? (sinceId ? undefined : isoUtc(ctx.clock.now() - this.options.backfill));
      try {
        res = await this.search(http, ctx, { sinceId, nextToken: cycle?.nextToken, startTime });
        if (res.status === 400 && !resetDone && sinceId && isStaleSinceId(res)) {
          ctx.log.warn({ sinceId }, `since_id is older than recent search allows: starting again from the last ${formatDuration(this.options.backfill)}`);
          sinceId = undefined;
          cycle = undefined;
          resetDone = true;
          continue;
        }
        if (res.status === 429) return this.limited(res, ctx, posts, progress());
        if (res.status >= 400) throw problemError(res);
        page = readPage(res.text(), res.url);
      } catch (err) {
        // Pages already read are kept with the cycle's progress; the next poll resumes there.
        if (pages === 0 || ctx.signal.aborted) throw err;
        return { posts, cursor: progress(), error: err instanceof Error ? err : new Error(String(err)) };
      }
      pages++;
      if (page.errors?.length) ctx.log.debug({ errors: page.errors.length }, 'search page carries partial errors');
      posts.push(...pageToPosts(page, this.id, collectedAt));
      const newestId = cycle?.newestId ?? page.meta?.newest_id;
      const next = page.meta?.next_token;
      if (next) {
        cycle = { nextToken: next, ...(newestId ? { newestId } : {}), ...(startTime ? { startTime } : {}) };
      } else {
        // The cycle is complete: only now does since_id move.
        sinceId = newestId ?? sinceId;
        cycle = undefined;
      }
      const wait = exhausted(res, ctx.clock.now());
      if (wait !== undefined) {
        ctx.log.info({ until: isoUtc(wait) }, 'rate-limit window used up: next poll waits for its reset');
        return { posts, cursor: progress(), notBefore: wait };
      }
      if (!cycle) break;
    }
    return { posts, cursor: progress() };
  }

  private search(http: HttpClient, ctx: PollContext, p: { sinceId?: string; nextToken?: string; startTime?: string }) {
    const url = new URL(`${this.options.baseUrl}/2/tweets/search/recent`);
    url.searchParams.set('query', this.query);
    url.searchParams.set('max_results', String(this.options.maxResults));
    // since_id and start_time together are refused: since_id wins.
    if (p.sinceId) url.searchParams.set('since_id', p.sinceId);
    else if (p.startTime) url.searchParams.set('start_time', p.startTime);
    if (p.nextToken) url.searchParams.set('next_token', p.nextToken);
    for (const [k, v] of Object.entries(FIELDS)) url.searchParams.set(k, v);
    return http.get({
      url: url.toString(),
      headers: { authorization: `Bearer ${this.token}` },
      signal: ctx.signal,
      accept: (s) => s >= 400 && s < 500,
    });
  }

  /** A 429: the 15-minute window waits for its reset; a monthly cap stops the source for long. */
  private limited(res: HttpResponse, ctx: PollContext, posts: Post[], cursor: TwitterCursor): PollResult {
    const problem = readProblem(res.text());
    const now = ctx.clock.now();
    if (/usage-capped/.test(problem.type ?? '') || problem.title === 'UsageCapExceeded') {
      const until = now + this.options.usageCapBackoff;
      const error = new BlockedError(
        `X usage cap exceeded (${problem.detail ?? 'monthly cap'}): pausing until ${isoUtc(until)}`,
        429,
        until,
      );
      return { posts, cursor, notBefore: until, error };
    }
    const reset = headerTime(res, 'x-rate-limit-reset');
    // A little jitter past the reset, so many sources do not all start at the same second.
    const until = (reset !== undefined && reset > now ? reset : now + WINDOW_MS) + Math.floor(Math.random() * 5_000);
    const error = new RateLimitedError(`X rate limit reached (429): waiting until ${isoUtc(until)}`, until);
    return { posts, cursor, notBefore: until, error };
  }
}

function isStaleSinceId(res: HttpResponse): boolean {
  const problem = readProblem(res.text());
  return (problem.errors ?? []).some((e) => (e.parameters && 'since_id' in e.parameters) || /since_id/.test(e.message ?? ''));
}

function problemError(res: HttpResponse): Error {
  const problem = readProblem(res.text());
  const detail = problem.detail ?? problem.errors?.map((e) => e.message).join('; ') ?? problem.title;
  if (res.status === 401 || res.status === 403) {
    return new BlockedError(`X refused the bearer token (HTTP ${res.status}${detail ? `: ${detail}` : ''}): check the token`, res.status);
  }
  return new HttpStatusError(res.status, res.url.split('?')[0]!, detail);
}

/** Epoch-seconds header as ms. */
function headerTime(res: HttpResponse, name: string): number | undefined {
  const v = Number(res.headers.get(name));
  return Number.isFinite(v) && v > 0 ? v * 1000 : undefined;
}

/** When a limit (15-minute window or 24-hour app/user limit) is used up, when it resets. */
function exhausted(res: HttpResponse, now: number): number | undefined {
  let until: number | undefined;
  for (const scope of ['x-rate-limit', 'x-app-limit-24hour', 'x-user-limit-24hour']) {
    const remaining = res.headers.get(`${scope}-remaining`);
    const reset = headerTime(res, `${scope}-reset`);
    if (remaining !== null && Number(remaining) <= 0 && reset !== undefined && reset > now) until = Math.max(until ?? 0, reset);
  }
  return until;
}

/** The default query: every watched keyword, quoted when it has spaces, joined with OR. */
export function brandQuery(keywords: readonly string[]): string {
  const terms = keywords.map((k) => (/[\s"]/.test(k) ? `"${k.replace(/"/g, '')}"` : k));
  if (terms.length === 0) return '';
  return terms.length === 1 ? terms[0]! : `(${terms.join(' OR ')})`;
}

export const twitterSpec: SourceSpec<TwitterOptions> = {
  type: 'twitter',
  description: 'X/Twitter API v2 recent search with an app bearer token from the environment; follows since_id cycles and rate limits.',
  options: twitterOptions,
  create(id, options, ctx) {
    const token = ctx.env[options.tokenEnv];
    if (!token) throw new PermanentError(`environment variable ${options.tokenEnv} (tokenEnv) is not set: it must hold the X bearer token`);
    const query = options.query ?? brandQuery(brandKeywords(ctx.brands));
    if (query === '') throw new PermanentError(`no query and no brand keywords to search for`);
    if (query.length > 512) {
      throw new PermanentError(`the query built from brand keywords is ${query.length} characters, over X's 512: set \`query\``);
    }
    return new TwitterSource(id, options, query, token);
  },
};
