import { isoUtc } from '../../clock.js';
import { checkPublishedAt } from '../../intake/published-at.js';
import type { ApiContext } from '../context.js';
import { validateIngest } from '../ingest-schema.js';
import { formatBytes, HttpError, readJson, sendJson } from '../respond.js';
import type { Route } from '../router.js';

/** How long an ingest request waits on Redis before answering 503: senders retry, they must not hang. */
const REDIS_WAIT_MS = 3000;
/** What a 503 asks the sender to wait before retrying. */
const RETRY_AFTER_S = 5;

/**
 * `POST /api/posts`: posts from other systems, into the same pipeline as collected ones. The body is
 * a post, an array of posts, or `{"posts": [...]}`. A batch is all or nothing: with any invalid post
 * nothing is queued and every problem is listed, so a retry after fixing cannot double anything.
 * Dates are checked here first (src/intake/published-at.ts), so that a bad one is refused with its
 * field; then the batch takes the intake every post takes (src/intake/intake.ts): posts seen before
 * (from any source, by id) are counted as duplicates and skipped, the rest queued. While Redis is
 * unreachable the answer is 503 with Retry-After at once, not a request hanging for the outage.
 */
export function ingestRoutes(c: ApiContext): Route[] {
  return [
    {
      method: 'POST',
      pattern: '/api/posts',
      auth: true,
      async handle({ req, res }) {
        const body = await readJson(req, c.maxIngestBytes);
        const { items, single } = unwrap(body);
        if (items.length === 0) throw new HttpError(400, '"posts" is empty: send at least one post', { field: 'posts' });
        if (items.length > c.maxIngestPosts) {
          throw new HttpError(413, `${items.length} posts in one request: send at most ${c.maxIngestPosts} (and ${formatBytes(c.maxIngestBytes)}) per request`, {
            field: 'posts',
          });
        }
        const now = c.clock.now();
        const { posts, problems } = validateIngest(items, single, isoUtc(now));
        const bounds = { now, retentionMs: c.daemon.currentConfig.alerting.retention };
        for (const [i, p] of posts.entries()) {
          if (problems.length > 0) break;
          const date = checkPublishedAt(p.publishedAt, bounds);
          if (!date.ok) problems.push({ field: single ? 'publishedAt' : `posts[${i}].publishedAt`, message: date.reason });
        }
        if (problems.length > 0) {
          const first = problems[0] as { field: string; message: string };
          throw new HttpError(400, `invalid post${items.length > 1 ? 's' : ''}: ${first.field}: ${first.message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`, {
            field: first.field,
            problems,
          });
        }
        const { accepted, duplicates, jobs } = await withinRedisWait(c, () => c.daemon.ingest(posts, now));
        c.metrics?.hooks.onCollected?.('ingest', accepted);
        c.log.info({ accepted, duplicates }, 'posts ingested');
        sendJson(res, 202, { accepted, duplicates, jobs });
      },
    },
  ];
}

/**
 * Runs the Redis part of a request when Redis is connected, and gives up waiting after a few
 * seconds: 503 with Retry-After either way. Work already sent finishes when Redis answers; a
 * retried batch is then counted as duplicates, never twice.
 */
async function withinRedisWait<T>(c: ApiContext, work: () => Promise<T>): Promise<T> {
  const unavailable = (why: string) =>
    new HttpError(503, `Redis is unreachable (${why}): nothing was queued, retry in ${RETRY_AFTER_S} s`, { headers: { 'Retry-After': String(RETRY_AFTER_S) } });
  // Known to be down: answer at once. Still connecting at start: the wait below bounds it.
  const { status, unreachable } = c.daemon.redisLink();
  if (unreachable || status === 'reconnecting' || status === 'end' || status === 'close') throw unavailable(`connection ${status}`);
  let timer: NodeJS.Timeout | undefined;
  const running = work();
  try {
    return await Promise.race([
      running,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(unavailable(`no answer within ${REDIS_WAIT_MS / 1000} s`)), REDIS_WAIT_MS);
      }),
    ]);
  } catch (err) {
    running.catch(() => undefined);
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

function unwrap(body: unknown): { items: unknown[]; single: boolean } {
  if (Array.isArray(body)) return { items: body, single: false };
  if (body !== null && typeof body === 'object') {
    const o = body as Record<string, unknown>;
    if ('posts' in o) {
      const extra = Object.keys(o).filter((k) => k !== 'posts');
      if (extra.length > 0) throw new HttpError(400, `unknown field "${extra[0]}" next to "posts"`, { field: extra[0] });
      if (!Array.isArray(o.posts)) throw new HttpError(400, '"posts" must be an array of posts', { field: 'posts' });
      return { items: o.posts, single: false };
    }
    return { items: [o], single: true };
  }
  throw new HttpError(400, 'expected a post, an array of posts, or {"posts": [...]}');
}
