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
import { Intake } from '../intake/intake.js';
import { keys, type SourceKeyKind } from '../keys.js';
import { acquireLock } from './lock.js';
import type { PollResult, Source, SourceCursor } from './source.js';

/**
 * One tick of one source: lock, load the cursor, poll, then the intake (src/intake/intake.ts):
 * dedupe, date check, hand the new posts on, and only then store the cursor, mark the posts seen
 * and record health, in one MULTI. A crash anywhere before that MULTI repeats the poll rather
 * than losing posts; the seen-sets make the repeat harmless, and pages handed on again keep their
 * job id (src/queues/classify-pages.ts).
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

    const intake = new Intake({
      redis,
      prefix,
      clock,
      log,
      retentionMs: deps.retentionMs ?? 8 * DAY,
      dedupeTtlMs: deps.dedupeTtlMs,
      handOn: (_origin, fresh) => deps.enqueue(fresh),
    });
    const origin = { id: source.id, dedupeKeys: source.dedupeKeys?.bind(source), seen: { key: key('seen'), cap: deps.seenCap ?? 10_000 } };

    const { result, error } = await poll(source, cursor, deps, log, (ids) => intake.seenBy(origin, ids));
    const posts = result?.posts ?? [];
    const notBefore = result?.notBefore ?? (error ? notBeforeOf(error) : undefined);
    const options = deps.health ?? source.health ?? DEFAULT_HEALTH;
    const failure = error ? { message: describeError(error), blocked: error instanceof BlockedError } : undefined;
    let next = previous;
    let now = startedAt;
    const counts = await intake.take(origin, posts, {
      alongside(tx, c, recordedAt) {
        now = recordedAt;
        next = applyPoll(previous, { type: source.type, now, options, newPosts: c.accepted, error: failure });
        if (result?.cursor) tx.set(key('cursor'), JSON.stringify(result.cursor));
        if (notBefore !== undefined && notBefore > now) tx.set(key('notBefore'), String(notBefore), 'PX', notBefore - now);
        writeHealthRecord(tx, prefix, source.id, next);
      },
    });

    const health = healthView(source.id, next, now, source.type);
    logOutcome(log, previous, health, now, failure?.message, { polled: posts.length, queued: counts.accepted, notBefore });
    return {
      skipped: false,
      ok: error === undefined,
      polled: posts.length,
      queued: counts.accepted,
      duplicates: counts.duplicates,
      dropped: counts.dropped,
      error: failure?.message,
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

async function poll(source: Source, cursor: SourceCursor | undefined, deps: CollectDeps, log: Logger, seen: (ids: string[]) => Promise<boolean[]>) {
  const timeoutMs = deps.pollTimeoutMs ?? 10 * 60_000;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = AbortSignal.any([deps.signal, timeout]);
  try {
    const result: PollResult = await source.poll(cursor, { clock: deps.clock, log, signal, seen });
    return { result, error: result.error };
  } catch (err) {
    if (deps.signal.aborted) throw err;
    if (timeout.aborted) return { error: new UnavailableError(`poll did not finish within ${formatDuration(timeoutMs)}`) };
    return { error: err instanceof Error ? err : new Error(String(err)) };
  }
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
