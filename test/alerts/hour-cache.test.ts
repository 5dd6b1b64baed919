import type { Redis } from 'ioredis';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { applyBatch, WindowReader } from '../../src/alerts/windows.js';
import { HourCache } from '../../src/alerts/hour-cache.js';
import { DAY, HOUR } from '../../src/clock.js';
import { keys } from '../../src/keys.js';
import { scoredPost, spread } from '../helpers/posts.js';
import { cleanPrefix, testRedis, uniquePrefix } from '../helpers/redis.js';

const redis = testRedis();
const prefix = uniquePrefix('hour-cache');
const k = keys(prefix);
afterAll(async () => {
  await cleanPrefix(redis, prefix);
  await redis.quit();
});
beforeEach(async () => {
  await cleanPrefix(redis, prefix);
});

const T0 = Date.parse('2026-05-04T00:00:00Z');
const WEEK = Array.from({ length: 7 * 24 }, (_, i) => T0 + i * HOUR);
const NOW = T0 + 7 * DAY;

/** The real client, with the hour buckets it reads (HGETALL of win:h keys) counted on the way. */
function counting(client: Redis): { client: Redis; hourReads: () => number } {
  let reads = 0;
  const hourKey = `${prefix}:win:h:`;
  const counted = new Proxy(client, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      if (prop !== 'pipeline') return value.bind(target);
      return () => {
        const pipe = client.pipeline();
        const hgetall = pipe.hgetall.bind(pipe);
        pipe.hgetall = ((key: string) => {
          if (key.startsWith(hourKey)) reads += 1;
          return hgetall(key);
        }) as typeof pipe.hgetall;
        return pipe;
      };
    },
  });
  return { client: counted, hourReads: () => reads };
}

/** A week of posts, one brand: a few an hour, some negative. */
async function writeWeek(brand = 'acme'): Promise<void> {
  const posts = WEEK.flatMap((h, i) => spread(3, h, HOUR, { brand, label: i % 5 === 0 ? 'neg' : 'neu' }));
  for (let i = 0; i < posts.length; i += 100) await applyBatch(redis, prefix, posts.slice(i, i + 100));
}

const uncached = () => new WindowReader(redis, prefix);

describe('hour buckets kept between evaluations', () => {
  it('reads each hour once, then only the hours written since, and answers as an uncached read', async () => {
    await writeWeek();
    const { client, hourReads } = counting(redis);
    const cached = new WindowReader(client, prefix, { hourCache: { keepMs: 8 * DAY, maxBrands: 10 } });

    expect(await cached.forEvaluation().hourly('acme', T0, NOW)).toEqual(await uncached().hourly('acme', T0, NOW));
    expect(hourReads()).toBe(WEEK.length);

    // Nothing written: nothing read again.
    expect(await cached.forEvaluation().hourly('acme', T0, NOW)).toEqual(await uncached().hourly('acme', T0, NOW));
    expect(hourReads()).toBe(WEEK.length);

    // The current hour and a late post three days back: those two hours are read again, and only they.
    await applyBatch(redis, prefix, [scoredPost({ at: NOW - 10 * 60_000, label: 'neg' }), scoredPost({ at: T0 + 4 * DAY + 5 * 60_000, label: 'neg', terms: ['boycott'] })]);
    const after = await cached.forEvaluation().hourly('acme', T0, NOW);
    expect(hourReads()).toBe(WEEK.length + 2);
    expect(after).toEqual(await uncached().hourly('acme', T0, NOW));
    expect(after[4 * 24]?.crisis).toBe(1);
    expect(after.at(-1)?.neg).toBeGreaterThan(0);
  });

  it('a post counted twice (a retried page) writes nothing and invalidates nothing', async () => {
    await writeWeek();
    const { client, hourReads } = counting(redis);
    const cached = new WindowReader(client, prefix, { hourCache: { keepMs: 8 * DAY, maxBrands: 10 } });
    const late = scoredPost({ at: T0 + 2 * DAY, label: 'neg' });
    await applyBatch(redis, prefix, [late]);
    await cached.forEvaluation().hourly('acme', T0, NOW);
    const first = hourReads();
    await applyBatch(redis, prefix, [late]);
    await cached.forEvaluation().hourly('acme', T0, NOW);
    expect(hourReads()).toBe(first);
  });

  it('starts over when the keys were deleted and written again, however far the new sequence got', async () => {
    await writeWeek();
    const cache = new HourCache(redis, k, { maxBrands: 10, keepMs: 8 * DAY });
    const before = await cache.read('acme', WEEK);
    await cleanPrefix(redis, prefix);
    // As many batches as before and more, so the new log's sequence is past the one the cache saw.
    const posts = WEEK.flatMap((h) => spread(2, h, HOUR, { brand: 'acme', label: 'pos' }));
    for (let i = 0; i < posts.length; i += 10) await applyBatch(redis, prefix, posts.slice(i, i + 10));
    const again = await cache.read('acme', WEEK);
    expect(again).toEqual(await uncached().hourly('acme', T0, NOW));
    expect(again[0]?.posts).toBe(2);
    expect(before[0]?.posts).toBe(3);
  });

  it('starts over when the log was trimmed past what it saw', async () => {
    await writeWeek();
    const cache = new HourCache(redis, k, { maxBrands: 10, keepMs: 8 * DAY });
    await cache.read('acme', WEEK);
    // A late post in the first hour, then more than 512 other hours written: its log entry is trimmed.
    await applyBatch(redis, prefix, [scoredPost({ at: T0 + 60_000, label: 'neg', terms: ['recall'], categories: ['safety'] })]);
    const far = Array.from({ length: 600 }, (_, i) => scoredPost({ at: T0 - (i + 1) * HOUR }));
    for (let i = 0; i < far.length; i += 50) await applyBatch(redis, prefix, far.slice(i, i + 50));
    expect(Number(await redis.hget(k.hourLogState('acme'), 'trimmed'))).toBeGreaterThan(1);
    expect(await redis.zscore(k.hourLog('acme'), String(T0))).toBeNull();
    const read = await cache.read('acme', WEEK);
    expect(read[0]?.['c:safety']).toBe(1);
    expect(read).toEqual(await uncached().hourly('acme', T0, NOW));
  });

  it('reads brands beyond its bound uncached, and gives an idle brand’s place to another', async () => {
    await writeWeek('acme');
    await writeWeek('lune');
    let wall = 0;
    const { client, hourReads } = counting(redis);
    const cache = new HourCache(client, k, { maxBrands: 1, keepMs: 8 * DAY, wallClock: () => wall });
    await cache.read('acme', WEEK);
    await cache.read('lune', WEEK);
    await cache.read('lune', WEEK);
    expect(hourReads()).toBe(3 * WEEK.length);
    expect(cache.size).toBe(WEEK.length);
    wall += 2 * HOUR;
    await cache.read('lune', WEEK);
    await cache.read('lune', WEEK);
    expect(hourReads()).toBe(4 * WEEK.length);
    expect(await cache.read('lune', WEEK)).toEqual(await uncached().hourly('lune', T0, NOW));
  });

  it('reads of one brand at the same time (rules of one evaluation) read each hour once', async () => {
    await writeWeek();
    const { client, hourReads } = counting(redis);
    const cache = new HourCache(client, k, { maxBrands: 10, keepMs: 8 * DAY });
    const [week, lastDay] = await Promise.all([cache.read('acme', WEEK), cache.read('acme', WEEK.slice(-24))]);
    expect(hourReads()).toBe(WEEK.length);
    expect(lastDay).toEqual(week.slice(-24));
  });

  it('reads at the same time as writes end with what Redis holds', async () => {
    await writeWeek();
    const cache = new HourCache(redis, k, { maxBrands: 10, keepMs: 8 * DAY });
    await cache.read('acme', WEEK);
    const writes: Promise<unknown>[] = [];
    const reads: Promise<unknown>[] = [];
    for (let i = 0; i < 20; i++) {
      writes.push(applyBatch(redis, prefix, [scoredPost({ at: T0 + (i % 7) * DAY + 60_000, label: 'neg' })]));
      reads.push(cache.read('acme', WEEK));
    }
    await Promise.all([...writes, ...reads]);
    expect(await cache.read('acme', WEEK)).toEqual(await uncached().hourly('acme', T0, NOW));
  });

  it('holds frozen buckets, so a rule cannot change what the next evaluation reads', async () => {
    await writeWeek();
    const cache = new HourCache(redis, k, { maxBrands: 10, keepMs: 8 * DAY });
    const [first] = await cache.read('acme', WEEK);
    expect(() => {
      (first as Record<string, number>).posts = 99;
    }).toThrow(TypeError);
  });
});
