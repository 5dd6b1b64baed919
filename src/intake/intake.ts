import type { ChainableCommander, Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { markCrossSourceSeen } from '../cross-source-seen.js';
import { keys } from '../keys.js';
import type { Post } from '../types.js';
import { screenPosts } from './published-at.js';

/**
 * The one way posts come in, whoever brings them: the collectors (and so the replay, whose source
 * is one), and `POST /api/posts`. In order: duplicates out (within the batch, against the origin's
 * own seen-set, against every origin's), the date check (src/intake/published-at.ts), the new
 * posts handed on, and only then every offered post marked seen, in one MULTI with whatever the
 * caller must record at the same moment (a collector's cursor and health). A failure before that
 * MULTI loses nothing: the same batch comes again and is not counted twice.
 */

/** Where a batch comes from. */
export interface IntakeOrigin {
  /** A source id, or `ingest` for the API. */
  id: string;
  /** Other keys a post is known by (a canonical URL...); its id always counts. */
  dedupeKeys?(post: Post): string[];
  /** The origin's own seen-set (a collector's), checked and written with the cross-source one. */
  seen?: { key: string; cap: number };
}

/**
 * Hands new posts on: the classify queue in pages (src/queues/classify-pages.ts), or stdout for
 * `vigie collect`. Returns how many jobs it made, when it makes jobs.
 */
export type HandOn = (originId: string, posts: Post[]) => Promise<number | void>;

export interface IntakeDeps {
  redis: Redis;
  /** Key prefix (config `redis.prefix`). */
  prefix: string;
  clock: Clock;
  log: Logger;
  /** `alerting.retention`: posts dated before `now - retentionMs` are dropped. */
  retentionMs: number;
  handOn: HandOn;
  /** How long a post is remembered across origins after it was last seen. @defaultValue 7d */
  dedupeTtlMs?: number;
}

/** What became of a batch. */
export interface IntakeCounts {
  /** Posts handed on. */
  accepted: number;
  /** Posts seen before: in the same batch, by this origin or by another. */
  duplicates: number;
  /** New posts dropped by the date check (older than the retention, or no real date). */
  dropped: number;
  /** Jobs the hand-on made (0 when it makes none). */
  jobs: number;
}

export interface TakeOptions {
  /** The clock reading the dates are judged against. @defaultValue the clock, now */
  now?: number;
  /**
   * Writes that must land in the same MULTI as the seen-marks, given the counts and the time they
   * are recorded at (a collector's cursor and health: a crash before it repeats the whole poll).
   */
  alongside?(tx: ChainableCommander, counts: IntakeCounts, recordedAt: number): void;
}

export class Intake {
  constructor(private readonly d: IntakeDeps) {}

  async take(origin: IntakeOrigin, posts: readonly Post[], opts: TakeOptions = {}): Promise<IntakeCounts> {
    const unseen = await this.unseen(origin, posts);
    const fresh = this.screenDates(unseen, opts.now ?? this.d.clock.now());
    const jobs = fresh.length > 0 ? ((await this.d.handOn(origin.id, fresh)) ?? 0) : 0;
    const counts: IntakeCounts = { accepted: fresh.length, duplicates: posts.length - unseen.length, dropped: unseen.length - fresh.length, jobs };

    const recordedAt = this.d.clock.now();
    const tx = this.d.redis.multi();
    this.markSeen(tx, origin, posts, recordedAt);
    opts.alongside?.(tx, counts, recordedAt);
    for (const [err] of (await tx.exec()) ?? []) if (err) throw err;
    return counts;
  }

  /** Which of these ids the origin has seen (an adapter stops paging at the first it has). */
  async seenBy(origin: IntakeOrigin, ids: readonly string[]): Promise<boolean[]> {
    if (ids.length === 0 || !origin.seen) return ids.map(() => false);
    const scores = await this.d.redis.zmscore(origin.seen.key, ...ids);
    return scores.map((s) => s !== null);
  }

  /** Posts neither this origin nor any other has seen, first of each key only, in one round trip. */
  private async unseen(origin: IntakeOrigin, posts: readonly Post[]): Promise<Post[]> {
    if (posts.length === 0) return [];
    const unique: Post[] = [];
    const keysInBatch = new Set<string>();
    for (const post of posts) {
      const postKeys = keysOf(origin, post);
      if (postKeys.some((k) => keysInBatch.has(k))) continue;
      postKeys.forEach((k) => keysInBatch.add(k));
      unique.push(post);
    }
    const allKeys = [...keysInBatch];
    const pipeline = this.d.redis.pipeline().zmscore(keys(this.d.prefix).crossSourceDedupe(), ...allKeys);
    if (origin.seen) pipeline.zmscore(origin.seen.key, ...unique.map((p) => p.id));
    const results = (await pipeline.exec()) ?? [];
    for (const [err] of results) if (err) throw err;
    const seenAnywhere = new Set(allKeys.filter((_k, i) => (results[0]?.[1] as (string | null)[])[i] !== null));
    const seenHere = origin.seen ? (results[1]?.[1] as (string | null)[]) : undefined;
    return unique.filter((post, i) => (seenHere?.[i] ?? null) === null && !keysOf(origin, post).some((k) => seenAnywhere.has(k)));
  }

  /**
   * The shared date check: posts older than the retention or with no real date are dropped, posts
   * dated ahead of the clock are clamped to it (the API refuses those before they get here). One
   * log line per batch says how many and why; dropped posts are still marked seen, so the next
   * poll does not repeat the line.
   */
  private screenDates(posts: Post[], now: number): Post[] {
    if (posts.length === 0) return posts;
    const r = screenPosts(posts, { now, retentionMs: this.d.retentionMs, clampFuture: true });
    const log = this.d.log;
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

  /**
   * Every offered post is marked seen, duplicates too, so adapters stop paging at them. Scores are
   * the time last seen: a post a feed keeps showing is never trimmed out and collected again.
   */
  private markSeen(tx: ChainableCommander, origin: IntakeOrigin, posts: readonly Post[], now: number): void {
    if (posts.length === 0) return;
    if (origin.seen) {
      tx.zadd(origin.seen.key, ...posts.flatMap((p) => [now, p.id]));
      tx.zremrangebyrank(origin.seen.key, 0, -(origin.seen.cap + 1));
    }
    markCrossSourceSeen(tx, this.d.prefix, posts.flatMap((p) => keysOf(origin, p)), now, this.d.dedupeTtlMs);
  }
}

function keysOf(origin: IntakeOrigin, post: Post): string[] {
  const own = origin.dedupeKeys?.(post) ?? [];
  return own.includes(post.id) ? own : [post.id, ...own];
}
