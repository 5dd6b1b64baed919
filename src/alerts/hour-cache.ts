import type { Redis } from 'ioredis';
import type { Keys } from '../keys.js';
import { toBucket, type Bucket } from './bucket.js';

/** A brand not evaluated for this long gives its place to another. */
const IDLE_MS = 60 * 60_000;

interface BrandHours {
  /** The brand's log as last read: its epoch (a new one when the log was made again) and sequence. */
  epoch: string;
  cursor: number;
  buckets: Map<number, Bucket>;
  /**
   * Reads of one brand go one after the other: the rules of one evaluation ask for overlapping
   * hours at the same time, and the second finds them held instead of reading them again.
   */
  queue: Promise<unknown>;
  /** Wall time of the last read, for idle eviction. */
  usedAt: number;
}

export interface HourCacheOptions {
  /** Brands held at once (workers.hourCacheBrands): about 190 buckets each with a week of history. */
  maxBrands: number;
  /** Hours kept below the latest asked for: the hour retention (no baseline reads further back). */
  keepMs: number;
  /** Wall time, for idle brands (tests pass their own). */
  wallClock?: () => number;
}

/**
 * Hour buckets kept between evaluations. Every evaluation of a statistical rule reads its brand's
 * week of hours (about 170 hashes) for the baseline, while only the hours posts came into since the
 * last one have changed: the current hour, and an older one when a late post is counted (intake
 * takes posts up to `alerting.retention` old). The window script (APPLY_BATCH) logs every hour it
 * writes in a per-brand sorted set scored by a sequence number; before a read the cache asks for
 * the hours logged past the sequence it saw last, drops those, and reads only what it does not
 * hold. A log made again (keys deleted, or expired with a brand silent for the retention) has a new
 * epoch, and one trimmed past the cache's sequence says so: both clear the brand.
 *
 * Bounded: at most `maxBrands` brands at once; one more is read as before, uncached, until a brand
 * has been idle for an hour (no least-recently-used eviction: a sweep going round more brands than
 * fit would evict each just before it is needed again).
 */
export class HourCache {
  private readonly brands = new Map<string, BrandHours>();

  private readonly maxBrands: number;
  private readonly keepMs: number;
  private readonly wallClock: () => number;

  constructor(
    private readonly redis: Redis,
    private readonly k: Keys,
    options: HourCacheOptions,
  ) {
    this.maxBrands = options.maxBrands;
    this.keepMs = options.keepMs;
    this.wallClock = options.wallClock ?? Date.now;
  }

  /** The buckets of the hours starting at `starts` (ascending), as Redis holds them now. */
  read(brand: string, starts: readonly number[]): Promise<Bucket[]> {
    const entry = this.entryFor(brand);
    if (!entry) return readHourBuckets(this.redis, this.k, brand, starts);
    const run = entry.queue.then(() => this.readThrough(entry, brand, starts));
    entry.queue = run.catch(() => undefined);
    return run;
  }

  /** Buckets held, over all brands. */
  get size(): number {
    let n = 0;
    for (const b of this.brands.values()) n += b.buckets.size;
    return n;
  }

  private entryFor(brand: string): BrandHours | undefined {
    const now = this.wallClock();
    let entry = this.brands.get(brand);
    if (!entry) {
      if (this.brands.size >= this.maxBrands) {
        for (const [b, e] of this.brands) if (now - e.usedAt > IDLE_MS) this.brands.delete(b);
        if (this.brands.size >= this.maxBrands) return undefined;
      }
      entry = { epoch: '', cursor: 0, buckets: new Map(), queue: Promise.resolve(), usedAt: now };
      this.brands.set(brand, entry);
    }
    entry.usedAt = now;
    return entry;
  }

  private async readThrough(entry: BrandHours, brand: string, starts: readonly number[]): Promise<Bucket[]> {
    // Atomic, so a trim cannot fall between the state and the log read. The state is read first: a
    // write between the two would be dropped now and again at the next read, never missed.
    const replies = await this.redis
      .multi()
      .hmget(this.k.hourLogState(brand), 'epoch', 'seq', 'trimmed')
      .zrangebyscore(this.k.hourLog(brand), `(${entry.cursor}`, '+inf')
      .exec();
    const [epoch, seq, trimmed] = (replies?.[0]?.[1] ?? []) as (string | null)[];
    const changed = (replies?.[1]?.[1] ?? []) as string[];
    const sequence = Number(seq ?? 0);
    if ((epoch ?? '') !== entry.epoch || sequence < entry.cursor || Number(trimmed ?? 0) > entry.cursor) {
      entry.buckets.clear();
      entry.epoch = epoch ?? '';
    } else {
      for (const hour of changed) entry.buckets.delete(Number(hour));
    }
    entry.cursor = sequence;

    const missing = starts.filter((s) => !entry.buckets.has(s));
    if (missing.length > 0) {
      const fresh = await readHourBuckets(this.redis, this.k, brand, missing);
      // Frozen: the same object goes to every later evaluation, so a rule must not change it.
      missing.forEach((s, i) => entry.buckets.set(s, Object.freeze(fresh[i] as Bucket)));
    }
    const last = starts.at(-1);
    if (last !== undefined) for (const s of entry.buckets.keys()) if (s < last - this.keepMs) entry.buckets.delete(s);
    return starts.map((s) => entry.buckets.get(s) as Bucket);
  }
}

/** A brand's hour buckets from Redis, one pipeline. */
export async function readHourBuckets(redis: Redis, k: Keys, brand: string, starts: readonly number[]): Promise<Bucket[]> {
  const pipe = redis.pipeline();
  for (const s of starts) pipe.hgetall(k.hour(brand, s));
  return ((await pipe.exec()) ?? []).map(([, r]) => toBucket(r));
}
