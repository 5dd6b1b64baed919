import { afterAll, describe, expect, it } from 'vitest';
import { applyBatch, WindowReader } from '../../src/alerts/windows.js';
import { benchConfig } from '../../tools/bench/config.js';
import { buildClassifierChain } from '../../src/classifiers/pipeline.js';
import { minuteOf } from '../../src/clock.js';
import { benchScenario } from '../../tools/demo/scenario.js';
import { keys } from '../../src/keys.js';
import type { ScoredPost } from '../../src/types.js';
import { cleanPrefix, REDIS_URL, testRedis, uniquePrefix } from '../helpers/redis.js';

/**
 * Post storage: every post leaves its counted-once marker, but only the evidence posts (those in a
 * minute's evidence set) keep their whole record: the only ones alerts, rules and the incident page
 * read back.
 */
describe('post records', () => {
  const redis = testRedis();
  const prefix = uniquePrefix('post-records');
  const config = benchConfig({ redisUrl: REDIS_URL, prefix, alertsFile: '/dev/null', scenarioFile: '/dev/null' });
  const chain = buildClassifierChain({ brands: config.brands, languages: config.languages });
  // Two thousand posts published within two minutes: many more posts than evidence places.
  const start = Date.parse('2026-05-04T10:00:00Z');
  const posts: ScoredPost[] = [...benchScenario(2_000)]
    .map((p, i) => chain.classify({ ...p, publishedAt: new Date(start + (i % 120) * 1000).toISOString() }))
    .filter((p) => p.brands.length > 0);
  const k = keys(prefix);

  afterAll(async () => {
    await cleanPrefix(redis, prefix);
    await redis.quit();
  });

  it('keeps whole records for evidence posts only, a marker for the others, and counts each post once', async () => {
    let fresh = 0;
    for (let i = 0; i < posts.length; i += 500) fresh += (await applyBatch(redis, prefix, posts.slice(i, i + 500))).fresh;
    expect(fresh).toBe(posts.length);

    const evidence = new Set<string>();
    for (const p of posts) {
      for (const brand of p.brands) for (const id of await redis.zrange(k.top(brand, minuteOf(Date.parse(p.publishedAt))), 0, -1)) evidence.add(id);
    }
    // A busy stretch: most posts are not evidence (10 per brand and minute are).
    expect(evidence.size).toBeGreaterThan(0);
    expect(evidence.size).toBeLessThan(posts.length / 2);

    // Evidence posts have their record; the others hold the marker, unless they were evidence
    // when their batch was written and a heavier post of a later batch took their place.
    const values = await redis.mget(posts.map((p) => k.post(p.id)));
    let records = 0;
    posts.forEach((p, i) => {
      const value = values[i];
      if (value !== '1') {
        records += 1;
        expect(JSON.parse(value ?? 'null')).toEqual(p);
      } else expect(evidence.has(p.id)).toBe(false);
    });
    expect(records).toBeLessThan(posts.length / 2);
    const ttls = await Promise.all(posts.slice(0, 50).map((p) => redis.pttl(k.post(p.id))));
    for (const ttl of ttls) expect(ttl).toBeGreaterThan(0);

    const read = await new WindowReader(redis, prefix).posts(posts.map((p) => p.id));
    expect(read).toHaveLength(records);
    expect(read.map((p) => p.id)).toEqual(expect.arrayContaining([...evidence]));

    // Collected again (a retried job, a re-poll): nothing counted, records unchanged.
    const again = await applyBatch(redis, prefix, posts.slice(0, 500));
    expect(again.fresh).toBe(0);
    expect(await redis.mget(posts.slice(0, 500).map((p) => k.post(p.id)))).toEqual(values.slice(0, 500));
  });

  it('stores the record of a post that makes the evidence set behind heavier posts counted before (a retried batch)', async () => {
    const brand = 'acme';
    const minute = Date.parse('2026-05-04T11:00:00Z');
    const base = posts.find((p) => p.brands.length === 1) as ScoredPost;
    const { official: _official, ...unofficial } = base;
    const post = (id: string, reach: number): ScoredPost => ({
      ...unofficial,
      id: `retry-${id}`,
      brands: [brand],
      reach,
      sentiment: { ...base.sentiment, label: 'neg' },
      publishedAt: new Date(minute + 1000).toISOString(),
    });
    // Ten heavy posts, counted by a first attempt that then failed before the light one.
    const heavy = Array.from({ length: 10 }, (_, i) => post(`heavy-${i}`, 1_000_000 + i));
    const light = post('light', 10);
    await applyBatch(redis, prefix, heavy);
    await redis.zrem(k.top(brand, minuteOf(minute)), ...heavy.slice(0, 5).map((p) => p.id));
    // The retry: the heavy posts are not counted again, so the light one takes a freed place,
    // though ten heavier posts of its batch outrank it.
    const again = await applyBatch(redis, prefix, [...heavy, light]);
    expect(again.fresh).toBe(1);
    expect(await redis.zrange(k.top(brand, minuteOf(minute)), 0, -1)).toContain(light.id);
    expect(JSON.parse((await redis.get(k.post(light.id))) ?? 'null')).toEqual(light);
    expect(await redis.pttl(k.post(light.id))).toBeGreaterThan(0);
  });
});
