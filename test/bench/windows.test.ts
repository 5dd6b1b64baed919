import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { applyBatch, postIncrements, WindowReader, type Bucket } from '../../src/alerts/windows.js';
import { buildClassifierChain } from '../../src/classifiers/pipeline.js';
import { benchConfig } from '../../tools/bench/config.js';
import { HOUR, minuteOf } from '../../src/clock.js';
import { benchScenario } from '../../tools/demo/scenario.js';
import { keys } from '../../src/keys.js';
import type { ScoredPost } from '../../src/types.js';
import { cleanPrefix, REDIS_URL, testRedis, uniquePrefix } from '../helpers/redis.js';

/**
 * The windows' performance changes must not change a figure: applyBatch sums a batch's increments
 * per bucket before writing them (one HINCRBYFLOAT per bucket and field instead of one per post),
 * and WindowReader.sum / topPosts merge buckets inside Redis instead of reading every one.
 */
describe('windows, batched writes and server-side reads', () => {
  const redis = testRedis();
  const prefix = uniquePrefix('bench-apply');
  const config = benchConfig({ redisUrl: REDIS_URL, prefix, alertsFile: '/dev/null', scenarioFile: '/dev/null' });
  const chain = buildClassifierChain({ brands: config.brands, languages: config.languages });
  // A busy stretch of the bench scenario: several brands, crisis terms, negative posts.
  const posts: ScoredPost[] = [...benchScenario(1_500)].map((p) => chain.classify(p));

  afterAll(async () => {
    await cleanPrefix(redis, prefix);
    await redis.quit();
  });

  async function windowsOf(p: string): Promise<Record<string, Bucket | string[]>> {
    const k = keys(p);
    const out: Record<string, Bucket | string[]> = {};
    for (const post of posts) {
      const t = Date.parse(post.publishedAt);
      for (const brand of post.brands) {
        for (const key of [k.minute(brand, minuteOf(t)), k.hour(brand, Math.floor(t / HOUR) * HOUR)]) {
          out[key.slice(p.length)] ??= Object.fromEntries(Object.entries(await redis.hgetall(key)).map(([f, v]) => [f, Number(v)]));
        }
        const top = k.top(brand, minuteOf(t));
        out[top.slice(p.length)] ??= await redis.zrange(top, 0, -1, 'WITHSCORES');
      }
    }
    return out;
  }

  it('leaves the same buckets and evidence as one post at a time, and what the increments add up to', async () => {
    const batched = `${prefix}:batched`;
    const single = `${prefix}:single`;
    let fresh = 0;
    for (let i = 0; i < posts.length; i += 500) fresh += (await applyBatch(redis, batched, posts.slice(i, i + 500))).fresh;
    for (const post of posts) await applyBatch(redis, single, [post]);

    const withBrand = posts.filter((p) => p.brands.length > 0);
    expect(fresh).toBe(withBrand.length);
    const a = await windowsOf(batched);
    expect(a).toEqual(await windowsOf(single));

    // The minute buckets, summed in JavaScript from the same increments.
    const expected = new Map<string, Bucket>();
    for (const p of withBrand) {
      for (const brand of p.brands) {
        const key = keys('').minute(brand, minuteOf(Date.parse(p.publishedAt)));
        const bucket = expected.get(key) ?? {};
        for (const [f, v] of Object.entries(postIncrements(p))) bucket[f] = (bucket[f] ?? 0) + v;
        expected.set(key, bucket);
      }
    }
    for (const [key, bucket] of expected) expect(a[key]).toEqual(bucket);
  });

  it('counts nothing twice when a batch comes again', async () => {
    const again = `${prefix}:again`;
    await applyBatch(redis, again, posts.slice(0, 500));
    const before = await windowsOf(again);
    const second = await applyBatch(redis, again, posts.slice(0, 500));
    expect(second.fresh).toBe(0);
    expect(await windowsOf(again)).toEqual(before);
  });

  it('sums windows and ranks evidence as reading every bucket and adding them up does', async () => {
    const p = `${prefix}:reads`;
    for (let i = 0; i < posts.length; i += 500) await applyBatch(redis, p, posts.slice(i, i + 500));
    const reader = new WindowReader(redis, p);
    const k = keys(p);
    const first = Date.parse(posts[0]?.publishedAt ?? '');
    const last = Date.parse(posts.at(-1)?.publishedAt ?? '');
    // Windows with ragged ends, whole hours, nothing at all.
    const windows = [
      [first, last + 1],
      [first + 7 * 60_000 + 5_000, first + 95 * 60_000],
      [last - 15 * 60_000, last + 1],
      [last + HOUR, last + 2 * HOUR],
    ] as const;
    for (const brand of config.brands.map((b) => b.id)) {
      for (const [from, to] of windows) {
        const expected: Bucket = {};
        let t = minuteOf(from);
        while (t < to) {
          const whole = t % HOUR === 0 && t + HOUR <= to;
          const bucket = await redis.hgetall(whole ? k.hour(brand, t) : k.minute(brand, t));
          for (const [f, v] of Object.entries(bucket)) expected[f] = (expected[f] ?? 0) + Number(v);
          t += whole ? HOUR : 60_000;
        }
        expect(await reader.sum(brand, from, to)).toEqual(expected);

        const weights = new Map<string, number>();
        for (let m = minuteOf(from); m < to; m += 60_000) {
          const flat = await redis.zrange(k.top(brand, m), 0, -1, 'WITHSCORES');
          for (let i = 0; i + 1 < flat.length; i += 2) weights.set(flat[i] as string, Math.max(Number(flat[i + 1]), weights.get(flat[i] as string) ?? 0));
        }
        const top = [...weights].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([id]) => id);
        expect(await reader.topPosts(brand, from, to, 10)).toEqual(top);
      }
    }
    expect(Object.keys(await reader.sum('balenciaga', first, last + 1)).length).toBeGreaterThan(5);
  });

  it('reads what one evaluation shares once, with the same figures, and nothing written after it', async () => {
    const p = `${prefix}:memo`;
    for (let i = 0; i < posts.length; i += 500) await applyBatch(redis, p, posts.slice(i, i + 500));
    // Its own connection, each command it sends counted (pipelined ones included).
    const counted = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const sent: string[] = [];
    const send = counted.sendCommand.bind(counted);
    counted.sendCommand = (command, stream) => {
      sent.push(command.name);
      return send(command, stream);
    };
    try {
      const plain = new WindowReader(counted, p);
      const brand = config.brands[0]?.id ?? '';
      const last = Date.parse(posts.at(-1)?.publishedAt ?? '');
      const week = [last - 7 * 24 * HOUR, last + 1] as const;
      const day = [last - 24 * HOUR, last + 1] as const;
      const expected = {
        hours: await plain.hourly(brand, ...week),
        day: await plain.hourly(brand, ...day),
        days: await plain.daily(brand, ...week),
        first: await plain.firstSeen(brand),
        sum: await plain.sum(brand, last - 15 * 60_000, last + 1),
      };

      sent.length = 0;
      const memo = plain.forEvaluation();
      // Two rules reading at the same time, as an evaluation's rules do.
      const [a, b] = await Promise.all([
        Promise.all([memo.hourly(brand, ...week), memo.daily(brand, ...week), memo.firstSeen(brand), memo.sum(brand, last - 15 * 60_000, last + 1)]),
        Promise.all([memo.hourly(brand, ...day), memo.daily(brand, ...week), memo.firstSeen(brand), memo.sum(brand, last - 15 * 60_000, last + 1)]),
      ]);
      expect(a).toEqual([expected.hours, expected.days, expected.first, expected.sum]);
      expect(b).toEqual([expected.day, expected.days, expected.first, expected.sum]);
      const hgetall = sent.filter((c) => c === 'hgetall').length;
      expect(hgetall).toBe(expected.hours.length);
      expect(sent.filter((c) => c === 'eval').length).toBe(1);
      expect(sent.filter((c) => c === 'get').length).toBe(1);

      // Posts counted after the evaluation began are the next evaluation's.
      const later = posts.filter((x) => x.brands.includes(brand)).slice(0, 50).map((x, i) => ({ ...x, id: `${x.id}:later${i}` }));
      await applyBatch(redis, p, later);
      expect(await memo.hourly(brand, ...day)).toEqual(expected.day);
      expect(await memo.sum(brand, last - 15 * 60_000, last + 1)).toEqual(expected.sum);
      expect(await plain.forEvaluation().hourly(brand, ...day)).toEqual(await plain.hourly(brand, ...day));
      expect(await plain.hourly(brand, ...day)).not.toEqual(expected.day);
    } finally {
      await counted.quit();
    }
  });
});

