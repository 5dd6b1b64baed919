import type { ChainableCommander, Redis } from 'ioredis';
import type { SourceHealthView } from '../types.js';
import { isoUtc } from '../clock.js';
import { keys } from '../keys.js';

/**
 * Source health: "produced within the expected period and no error since" (STYLE.md 7).
 *
 * - `failing`: `failAfter` consecutive polls failed, or the last poll was refused on purpose
 *   (anti-scraping, revoked token, monthly cap: a BlockedError), which turns it failing at once.
 *   `since` is the first failure of the streak, so an alert can say "432 since 09:40".
 * - `silent`: no new post for longer than `silentAfter` (off unless configured). Measured from the
 *   last new post, or from the first poll when there was never one. `since` is when the silence
 *   passed the limit.
 * - `ok` otherwise. One successful poll clears a failure streak.
 *
 * The record is a Redis hash at `${prefix}:source:${id}:health`. It carries its own thresholds, so
 * whoever reads it (the source-health rule, `vigie collect`) needs no config.
 */

export interface HealthOptions {
  /** Consecutive failed polls before `failing`. @defaultValue 3 */
  failAfter: number;
  /** No new post for this long (ms) makes the source `silent`; undefined turns it off. */
  silentAfter?: number;
}

export const DEFAULT_HEALTH: HealthOptions = { failAfter: 3 };

/** Everything recorded about a source; a superset of what the alerting rule reads. */
export interface SourceHealth extends SourceHealthView {
  successes: number;
  failures: number;
  lastErrorAt?: string;
  lastSuccessAt?: string;
  lastPollAt?: string;
  lastPostAt?: string;
}

/** The hash fields, as stored (Redis hashes hold strings). */
export interface HealthRecord {
  type?: string;
  successes?: string;
  failures?: string;
  consecutiveFailures?: string;
  /** '1' when the last failure was a refusal that makes the source fail at once. */
  blocked?: string;
  lastError?: string;
  lastErrorAt?: string;
  streakStartedAt?: string;
  lastSuccessAt?: string;
  lastPollAt?: string;
  lastPostAt?: string;
  firstPollAt?: string;
  failAfter?: string;
  silentAfter?: string;
}

export function healthKey(prefix: string, sourceId: string): string {
  return keys(prefix).source(sourceId, 'health');
}

export interface PollRecord {
  type: string;
  now: number;
  options: HealthOptions;
  /** Set for a failed (or partly failed) poll. */
  error?: { message: string; blocked: boolean };
  /** New posts this poll brought. */
  newPosts: number;
}

/**
 * The record after one poll. Computed in memory from the record read at the start of the poll:
 * the per-source lock makes this read-modify-write safe.
 */
export function applyPoll(previous: HealthRecord, poll: PollRecord): HealthRecord {
  const at = String(poll.now);
  const next: HealthRecord = {
    ...previous,
    type: poll.type,
    lastPollAt: at,
    failAfter: String(poll.options.failAfter),
    silentAfter: poll.options.silentAfter === undefined ? '' : String(poll.options.silentAfter),
    firstPollAt: previous.firstPollAt ?? at,
  };
  if (poll.newPosts > 0) next.lastPostAt = at;
  if (poll.error) {
    const streak = Number(previous.consecutiveFailures ?? 0);
    next.failures = String(Number(previous.failures ?? 0) + 1);
    next.consecutiveFailures = String(streak + 1);
    next.lastError = poll.error.message;
    next.lastErrorAt = at;
    next.blocked = poll.error.blocked ? '1' : '0';
    if (streak === 0) next.streakStartedAt = at;
  } else {
    next.successes = String(Number(previous.successes ?? 0) + 1);
    next.consecutiveFailures = '0';
    next.blocked = '0';
    next.lastSuccessAt = at;
    delete next.streakStartedAt;
  }
  return next;
}

/** Queues the write of a whole record on a MULTI, so it lands with the cursor or not at all. */
export function writeHealthRecord(tx: ChainableCommander, prefix: string, sourceId: string, record: HealthRecord): void {
  const key = healthKey(prefix, sourceId);
  const fields = Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as Record<string, string>;
  tx.del(key);
  tx.hset(key, fields);
}

const num = (v: string | undefined): number | undefined => (v === undefined || v === '' ? undefined : Number(v));
const iso = (v: string | undefined): string | undefined => {
  const n = num(v);
  return n === undefined ? undefined : isoUtc(n);
};

/** The state a record is in at `now`. */
export function healthView(sourceId: string, record: HealthRecord, now: number, fallbackType = 'unknown'): SourceHealth {
  const consecutiveFailures = num(record.consecutiveFailures) ?? 0;
  const failAfter = num(record.failAfter) ?? DEFAULT_HEALTH.failAfter;
  const silentAfter = num(record.silentAfter);
  const base: SourceHealth = {
    sourceId,
    type: record.type ?? fallbackType,
    state: 'ok',
    consecutiveFailures,
    successes: num(record.successes) ?? 0,
    failures: num(record.failures) ?? 0,
    lastError: record.lastError || undefined,
    lastErrorAt: iso(record.lastErrorAt),
    lastSuccessAt: iso(record.lastSuccessAt),
    lastPollAt: iso(record.lastPollAt),
    lastPostAt: iso(record.lastPostAt),
  };
  if (consecutiveFailures > 0 && (consecutiveFailures >= failAfter || record.blocked === '1')) {
    return { ...base, state: 'failing', since: iso(record.streakStartedAt ?? record.lastErrorAt) };
  }
  const quietFrom = num(record.lastPostAt) ?? num(record.firstPollAt);
  if (silentAfter !== undefined && quietFrom !== undefined && now - quietFrom > silentAfter) {
    return { ...base, state: 'silent', since: isoUtc(quietFrom + silentAfter) };
  }
  return base;
}

export async function readHealthRecord(redis: Redis, prefix: string, sourceId: string): Promise<HealthRecord> {
  return (await redis.hgetall(healthKey(prefix, sourceId))) as HealthRecord;
}

/**
 * The health of each source, in the order asked, in one round trip. A source that never polled
 * is `ok` with type `unknown`: there is nothing to say about it yet.
 */
export async function readSourceHealth(redis: Redis, prefix: string, sourceIds: readonly string[], now: number): Promise<SourceHealth[]> {
  if (sourceIds.length === 0) return [];
  const pipeline = redis.pipeline();
  for (const id of sourceIds) pipeline.hgetall(healthKey(prefix, id));
  const results = (await pipeline.exec()) ?? [];
  return sourceIds.map((id, i) => {
    const [err, record] = results[i] ?? [null, {}];
    if (err) throw err;
    return healthView(id, (record ?? {}) as HealthRecord, now);
  });
}

/**
 * One line for people, e.g. `weibo-main (weibo): failing since 2025-03-05T09:40:00.000Z: 3 failed
 * polls in a row (12 ok, 3 failed in all); last error: Weibo answered HTTP 432 ...`.
 */
export function formatHealth(h: SourceHealth): string {
  const head = `${h.sourceId} (${h.type}): ${h.state}${h.since ? ` since ${h.since}` : ''}`;
  const polls =
    h.consecutiveFailures > 0
      ? `${h.consecutiveFailures} failed poll(s) in a row (${h.successes} ok, ${h.failures} failed in all)`
      : `${h.successes} poll(s) ok, ${h.failures} failed`;
  const post = h.lastPostAt ? `; last new post collected ${h.lastPostAt}` : '';
  const error = h.lastError && h.consecutiveFailures > 0 ? `; last error: ${h.lastError}` : '';
  return `${head}: ${polls}${post}${error}`;
}
