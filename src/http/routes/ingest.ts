import { isoUtc } from '../../clock.js';
import { checkPublishedAt } from '../../intake/published-at.js';
import { crossSourceDedupeKey, markCrossSourceSeen } from '../../sources/keys.js';
import type { Post } from '../../types.js';
import type { ApiContext } from '../context.js';
import { validateIngest } from '../ingest-schema.js';
import { formatBytes, HttpError, readJson, sendJson } from '../respond.js';
import type { Route } from '../router.js';

/** Posts per classify job, as the collectors page them. */
const PAGE = 500;
/** How long an ingest request waits on Redis before answering 503: senders retry, they must not hang. */
const REDIS_WAIT_MS = 3000;
/** What a 503 asks the sender to wait before retrying. */
const RETRY_AFTER_S = 5;

/**
 * `POST /api/posts`: posts from other systems, into the same pipeline as collected ones. The body is
 * a post, an array of posts, or `{"posts": [...]}`. A batch is all or nothing: with any invalid post
 * nothing is queued and every problem is listed, so a retry after fixing cannot double anything.
 * Dates go through the same check as collected and replayed posts (src/intake/published-at.ts).
 * Posts seen before (from any source, by id) are counted as duplicates and skipped. While Redis is
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
        const { fresh, jobs } = await withinRedisWait(c, () => queueFresh(c, posts, now));
        c.metrics?.hooks.onCollected?.('ingest', fresh);
        c.log.info({ accepted: fresh, duplicates: posts.length - fresh }, 'posts ingested');
        sendJson(res, 202, { accepted: fresh, duplicates: posts.length - fresh, jobs });
      },
    },
  ];
}

async function queueFresh(c: ApiContext, posts: Post[], now: number): Promise<{ fresh: number; jobs: number }> {
  const fresh = await unseen(c, posts);
  const enqueuedAt = Date.now();
  let jobs = 0;
  for (let i = 0; i < fresh.length; i += PAGE) {
    await c.daemon.queues.classify.add('page', { sourceId: 'ingest', posts: fresh.slice(i, i + PAGE), enqueuedAt });
    jobs += 1;
  }
  // Marked seen only once queued: a failure before this point loses nothing, the sender retries.
  const tx = c.daemon.redis.multi();
  markCrossSourceSeen(tx, c.daemon.prefix, fresh.map((p) => p.id), now);
  if (fresh.length > 0) await tx.exec();
  return { fresh: fresh.length, jobs };
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
  const status = c.daemon.redis.status;
  if (c.daemon.redisState.unreachable || status === 'reconnecting' || status === 'end' || status === 'close') throw unavailable(`connection ${status}`);
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

/** Posts no source has handed on yet (the collectors' cross-source seen-set), first of each id only. */
async function unseen(c: ApiContext, posts: Post[]): Promise<Post[]> {
  const byId = new Map<string, Post>();
  for (const p of posts) if (!byId.has(p.id)) byId.set(p.id, p);
  const ids = [...byId.keys()];
  const scores = await c.daemon.redis.zmscore(crossSourceDedupeKey(c.daemon.prefix), ...ids);
  return ids.filter((_id, i) => scores[i] === null).map((id) => byId.get(id) as Post);
}
