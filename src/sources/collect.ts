import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { formatDuration } from '../duration.js';
import type { Post } from '../types.js';
import { BlockedError, UnavailableError, describeError, notBeforeOf } from './errors.js';
import {
  applyPoll,
  DEFAULT_HEALTH,
  healthView,
  writeHealthRecord,
  type HealthOptions,
  type HealthRecord,
  type SourceHealth,
} from './health.js';
import { markCrossSourceSeen } from '../cross-source-seen.js';
import { screenPosts } from '../intake/published-at.js';
import { keys, type SourceKeyKind } from '../keys.js';
import { acquireLock } from './lock.js';
import type { PollResult, Source, SourceCursor } from './source.js';

/**
 * One tick of one source: lock, load the cursor, poll, dedupe, hand the new posts on, and only
 * then store the cursor, mark the posts seen and record health, in one MULTI. A crash anywhere
 * before that MULTI repeats the poll rather than losing posts; the seen-sets make the repeat
 * harmless except for posts already handed on (derive queue job ids from post ids to close that).
 */

export interface CollectDeps {
  redis: Redis;
  /** Key prefix (config `redis.prefix`). */
  prefix: string;
  clock: Clock;
  log: Logger;
  /** Aborted at shutdown: the poll stops and nothing is recorded. */
  signal: AbortSignal;
  /** Hands new posts on (the classify queue, or stdout for `vigie collect`). */
  enqueue(posts: Post[]): Promise<void>;
  /** Overrides the source's own health thresholds. */
  health?: HealthOptions;
  /** How long the per-source lock lives without being extended. @defaultValue 60s */
  lockTtlMs?: number;
  /** A poll taking longer is abandoned and counts as failed. @defaultValue 10m */
  pollTimeoutMs?: number;
  /** Post ids remembered per source (the most recently seen are kept). @defaultValue 10000 */
  seenCap?: number;
  /** How long a post is remembered across sources after it was last seen. @defaultValue 7d */
  dedupeTtlMs?: number;
  /** Poll even while a rate limit or block asked to wait (`vigie collect --once`). */
  ignoreWait?: boolean;
  /**
   * Posts dated before `now - retentionMs` are dropped (they could count in no window and would
   * move the brand's "first seen"); see src/intake/published-at.ts. @defaultValue 8d
   */
  retentionMs?: number;
}

export type CollectOutcome =
  | {
      skipped: true;
      /** `running`: the previous poll holds the lock; `waiting`: a rate limit asked to wait. */
      reason: 'running' | 'waiting';
      notBefore?: number;
    }
  | {
      skipped: false;
      /** False when the poll failed, even partly. */
      ok: boolean;
      /** Posts the source returned. */
      polled: number;
      /** New posts handed to `enqueue`. */
      queued: number;
      /** Posts already seen here or from another source. */
      duplicates: number;
      /** New posts dropped by the date check (older than the retention, or no real date). */
      dropped: number;
      error?: string;
      notBefore?: number;
      health: SourceHealth;
    };

const DAY = 86_400_000;

export async function collectOnce(source: Source, deps: CollectDeps): Promise<CollectOutcome> {
  const { redis, prefix, clock } = deps;
  const log = deps.log.bindings().source === source.id ? deps.log : deps.log.child({ source: source.id });
  const key = (kind: SourceKeyKind) => keys(prefix).source(source.id, kind);

  const lock = await acquireLock(redis, key('lock'), deps.lockTtlMs ?? 60_000);
  if (!lock) {
    log.info('previous poll of this source is still running: tick skipped');
    return { skipped: true, reason: 'running' };
  }
  try {
    const [waitUntil, storedCursor, previous] = await readState(redis, key);
    const startedAt = clock.now();
    if (!deps.ignoreWait && waitUntil !== undefined && waitUntil > startedAt) {
      log.debug({ notBefore: new Date(waitUntil).toISOString() }, 'waiting for a rate limit to reset: tick skipped');
      return { skipped: true, reason: 'waiting', notBefore: waitUntil };
    }
    const cursor = parseCursor(storedCursor, log);

    const { result, error } = await poll(source, cursor, deps, log, key('seen'));
    const posts = result?.posts ?? [];
    const unseen = await newPosts(source, posts, deps, key('seen'));
    const fresh = screenDates(unseen, deps, log);
    if (fresh.length > 0) await deps.enqueue(fresh);

    const now = clock.now();
    const notBefore = result?.notBefore ?? (error ? notBeforeOf(error) : undefined);
    const options = deps.health ?? source.health ?? DEFAULT_HEALTH;
    const pollRecord = {
      type: source.type,
      now,
      options,
      newPosts: fresh.length,
      error: error ? { message: describeError(error), blocked: error instanceof BlockedError } : undefined,
    };
    const next = applyPoll(previous, pollRecord);

    const tx = redis.multi();
    if (result?.cursor) tx.set(key('cursor'), JSON.stringify(result.cursor));
    markSeen(tx, source, posts, deps, key('seen'), now);
    if (notBefore !== undefined && notBefore > now) tx.set(key('notBefore'), String(notBefore), 'PX', notBefore - now);
    writeHealthRecord(tx, prefix, source.id, next);
    for (const [err] of (await tx.exec()) ?? []) if (err) throw err;

    const health = healthView(source.id, next, now, source.type);
    logOutcome(log, previous, health, now, pollRecord.error?.message, { polled: posts.length, queued: fresh.length, notBefore });
    return {
      skipped: false,
      ok: error === undefined,
      polled: posts.length,
      queued: fresh.length,
      duplicates: posts.length - unseen.length,
      dropped: unseen.length - fresh.length,
      error: pollRecord.error?.message,
      notBefore,
      health,
    };
  } finally {
    await lock.release();
  }
}

async function readState(redis: Redis, key: (kind: 'notBefore' | 'cursor' | 'health') => string) {
  const results = (await redis.pipeline().get(key('notBefore')).get(key('cursor')).hgetall(key('health')).exec()) ?? [];
  for (const [err] of results) if (err) throw err;
  const notBefore = results[0]?.[1] as string | null;
  return [
    notBefore ? Number(notBefore) : undefined,
    results[1]?.[1] as string | null,
    (results[2]?.[1] ?? {}) as HealthRecord,
  ] as const;
}

function parseCursor(stored: string | null, log: Logger): SourceCursor | undefined {
  if (!stored) return undefined;
  try {
    const value: unknown = JSON.parse(stored);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as SourceCursor;
  } catch {
    // fall through: a cursor we cannot read is dropped, the seen-set still prevents repeats
  }
  log.warn('stored cursor is unreadable: starting from scratch (seen posts are still skipped)');
  return undefined;
}

async function poll(source: Source, cursor: SourceCursor | undefined, deps: CollectDeps, log: Logger, seenKey: string) {
  const timeoutMs = deps.pollTimeoutMs ?? 10 * 60_000;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = AbortSignal.any([deps.signal, timeout]);
  const seen = async (ids: string[]): Promise<boolean[]> => {
    if (ids.length === 0) return [];
    const scores = await deps.redis.zmscore(seenKey, ...ids);
    return scores.map((s) => s !== null);
  };
  try {
    const result: PollResult = await source.poll(cursor, { clock: deps.clock, log, signal, seen });
    return { result, error: result.error };
  } catch (err) {
    if (deps.signal.aborted) throw err;
    if (timeout.aborted) return { error: new UnavailableError(`poll did not finish within ${formatDuration(timeoutMs)}`) };
    return { error: err instanceof Error ? err : new Error(String(err)) };
  }
}

/**
 * The shared date check (src/intake/published-at.ts): posts older than the retention or with no
 * real date are dropped, posts dated ahead of the clock are clamped to it. One log line per poll
 * says how many and why; dropped posts are still marked seen, so the next poll does not repeat it.
 */
function screenDates(posts: Post[], deps: CollectDeps, log: Logger): Post[] {
  if (posts.length === 0) return posts;
  const r = screenPosts(posts, { now: deps.clock.now(), retentionMs: deps.retentionMs ?? 8 * DAY, clampFuture: true });
  if (r.refused.length > 0) {
    const first = r.refused[0] as (typeof r.refused)[number];
    const old = r.refused.filter((x) => x.kind === 'too-old').length;
    // Old articles in a feed are routine; a date that is no date is a parser's or platform's bug.
    const level = old === r.refused.length ? 'info' : 'warn';
    log[level]({ dropped: r.refused.length, tooOld: old, example: { id: first.post.id, publishedAt: first.post.publishedAt } }, `${r.refused.length} post(s) dropped: publishedAt ${first.reason}`);
  }
  if (r.clamped.length > 0) {
    const first = r.clamped[0] as (typeof r.clamped)[number];
    log.warn({ clamped: r.clamped.length, example: { id: first.post.id, publishedAt: first.post.publishedAt } }, `${r.clamped.length} post(s) dated ahead of the clock counted as published now: publishedAt ${first.reason}`);
  }
  return r.posts;
}

function keysOf(source: Source, post: Post): string[] {
  const own = source.dedupeKeys?.(post) ?? [];
  return own.includes(post.id) ? own : [post.id, ...own];
}

/** Posts neither this source nor any other has seen, in one round trip for the whole poll. */
async function newPosts(source: Source, posts: Post[], deps: CollectDeps, seenKey: string): Promise<Post[]> {
  if (posts.length === 0) return [];
  const unique: Post[] = [];
  const keysInPoll = new Set<string>();
  for (const post of posts) {
    const postKeys = keysOf(source, post);
    if (postKeys.some((k) => keysInPoll.has(k))) continue;
    postKeys.forEach((k) => keysInPoll.add(k));
    unique.push(post);
  }
  const allKeys = [...keysInPoll];
  const results =
    (await deps.redis
      .pipeline()
      .zmscore(seenKey, ...unique.map((p) => p.id))
      .zmscore(keys(deps.prefix).crossSourceDedupe(), ...allKeys)
      .exec()) ?? [];
  for (const [err] of results) if (err) throw err;
  const seenHere = results[0]?.[1] as (string | null)[];
  const seenAnywhere = new Set(allKeys.filter((_k, i) => (results[1]?.[1] as (string | null)[])[i] !== null));
  return unique.filter((post, i) => seenHere[i] === null && !keysOf(source, post).some((k) => seenAnywhere.has(k)));
}

/**
 * Every polled post is marked seen, duplicates too, so adapters stop paging at them. Scores are
 * the time last seen: a post a feed keeps showing is never trimmed out and collected again.
 */
function markSeen(
  tx: ReturnType<Redis['multi']>,
  source: Source,
  posts: Post[],
  deps: CollectDeps,
  seenKey: string,
  now: number,
): void {
  if (posts.length === 0) return;
  const cap = deps.seenCap ?? 10_000;
  tx.zadd(seenKey, ...posts.flatMap((p) => [now, p.id]));
  tx.zremrangebyrank(seenKey, 0, -(cap + 1));
  markCrossSourceSeen(tx, deps.prefix, posts.flatMap((p) => keysOf(source, p)), now, deps.dedupeTtlMs);
}

function logOutcome(
  log: Logger,
  previous: HealthRecord,
  health: SourceHealth,
  now: number,
  error: string | undefined,
  counts: { polled: number; queued: number; notBefore?: number },
): void {
  const wasFailing = healthView(health.sourceId, previous, now).state === 'failing';
  const fields = { ...counts, notBefore: counts.notBefore ? new Date(counts.notBefore).toISOString() : undefined };
  if (error === undefined) {
    if (wasFailing) log.info(fields, 'source recovered');
    if (counts.queued > 0) log.info(fields, `collected ${counts.queued} new post(s)`);
    else log.debug(fields, 'no new posts');
    return;
  }
  if (health.state === 'failing' && !wasFailing) {
    log.error({ ...fields, failures: health.consecutiveFailures, since: health.since }, `source is failing: ${error}`);
  } else if (error !== previous.lastError || previous.consecutiveFailures === '0' || !previous.consecutiveFailures) {
    // A repeated error is logged when it changes, not at every poll (STYLE.md 8).
    log.warn({ ...fields, failures: health.consecutiveFailures }, `poll failed: ${error}`);
  } else {
    log.debug({ ...fields, failures: health.consecutiveFailures }, `poll failed again: ${error}`);
  }
}
