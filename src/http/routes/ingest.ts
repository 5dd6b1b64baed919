import { isoUtc } from '../../clock.js';
import { keys } from '../../keys.js';
import type { Post } from '../../types.js';
import type { ApiContext } from '../context.js';
import { validateIngest } from '../ingest-schema.js';
import { formatBytes, HttpError, readJson, sendJson } from '../respond.js';
import type { Route } from '../router.js';

/** Posts per classify job, as the collectors page them. */
const PAGE = 500;
/** A post dated this far past the daemon's clock is refused: it would open windows in the future. */
const FUTURE_TOLERANCE = 3_600_000;

/**
 * `POST /api/posts`: posts from other systems, into the same pipeline as collected ones. The body is
 * a post, an array of posts, or `{"posts": [...]}`. A batch is all or nothing: with any invalid post
 * nothing is queued and every problem is listed, so a retry after fixing cannot double anything.
 * Posts seen before (from any source, by id) are counted as duplicates and skipped.
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
        for (const [i, p] of posts.entries()) {
          if (problems.length > 0) break;
          if (Date.parse(p.publishedAt) > now + FUTURE_TOLERANCE) {
            problems.push({ field: single ? 'publishedAt' : `posts[${i}].publishedAt`, message: `is in the future (the daemon's time is ${isoUtc(now)})` });
          }
        }
        if (problems.length > 0) {
          const first = problems[0] as { field: string; message: string };
          throw new HttpError(400, `invalid post${items.length > 1 ? 's' : ''}: ${first.field}: ${first.message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`, {
            field: first.field,
            problems,
          });
        }
        const fresh = await unseen(c, posts);
        const enqueuedAt = Date.now();
        let jobs = 0;
        for (let i = 0; i < fresh.length; i += PAGE) {
          await c.daemon.queues.classify.add('page', { sourceId: 'ingest', posts: fresh.slice(i, i + PAGE), enqueuedAt });
          jobs += 1;
        }
        // Marked seen only once queued: a failure before this point loses nothing, the sender retries.
        if (fresh.length > 0) await c.daemon.redis.zadd(keys(c.daemon.prefix).crossSourceDedupe(), ...fresh.flatMap((p) => [now, p.id]));
        c.metrics?.hooks.onCollected?.('ingest', fresh.length);
        c.log.info({ accepted: fresh.length, duplicates: posts.length - fresh.length }, 'posts ingested');
        sendJson(res, 202, { accepted: fresh.length, duplicates: posts.length - fresh.length, jobs });
      },
    },
  ];
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
  const scores = await c.daemon.redis.zmscore(keys(c.daemon.prefix).crossSourceDedupe(), ...ids);
  return ids.filter((_id, i) => scores[i] === null).map((id) => byId.get(id) as Post);
}
