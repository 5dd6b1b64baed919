import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ruleRegistry } from '../../src/alerts/rules/registry.js';
import type { Rule, RuleContext } from '../../src/alerts/rules/rule.js';
import type { SourceHealthView } from '../../src/types.js';
import { robustStats } from '../../src/alerts/rules/spike.js';
import { WindowReader } from '../../src/alerts/windows.js';
import { HOUR, MINUTE } from '../../src/clock.js';
import type { Severity } from '../../src/types.js';
import { cleanPrefix, testRedis, uniquePrefix } from '../helpers/redis.js';
import { scored, spread, write } from './helpers.js';

const redis = testRedis();
const base = uniquePrefix('alerts-rules');
let n = 0;
/** Each test writes under its own prefix: windows never leak from one test into another. */
const fresh = () => `${base}:${++n}`;

afterAll(async () => {
  await cleanPrefix(redis, base);
  await redis.quit();
});

function rule(type: string, options: Record<string, unknown>, severity: Severity = 'warning'): Rule {
  const spec = ruleRegistry.get(type);
  if (!spec) throw new Error(`no rule type ${type}`);
  return spec.create(`${type}-rule`, spec.options.parse(options), { severity });
}

function ctx(prefix: string, now: number, brand = 'acme', health: SourceHealthView[] = []): RuleContext {
  return { brand, now, windows: new WindowReader(redis, prefix), sourceHealth: async () => health };
}

const T0 = Date.parse('2026-03-02T10:00:00Z');

describe('threshold rule', () => {
  it('fires at the threshold, turns critical at criticalAbove, and counts only its window', async () => {
    const p = fresh();
    const r = rule('threshold', { metric: 'neg', window: '15m', above: 25, criticalAbove: 60 });
    await write(redis, p, spread(40, T0 - 60 * MINUTE, 30 * MINUTE, { label: 'neg' })); // an hour ago: outside the window
    await write(redis, p, spread(24, T0 - 14 * MINUTE, 14 * MINUTE, { label: 'neg' }));
    expect(await r.evaluate(ctx(p, T0))).toBeNull();

    await write(redis, p, [scored({ at: T0 - MINUTE, label: 'neg' })]);
    const warning = await r.evaluate(ctx(p, T0));
    expect(warning).toMatchObject({ severity: 'warning', summary: '25 negative posts in 15m (threshold 25)', windowMs: 15 * MINUTE });

    await write(redis, p, spread(40, T0 - 10 * MINUTE, 10 * MINUTE, { label: 'neg' }));
    expect(await r.evaluate(ctx(p, T0))).toMatchObject({ severity: 'critical', figures: [{ value: 65, threshold: 60 }] });
  });

  it('watches a crisis category', async () => {
    const p = fresh();
    const r = rule('threshold', { metric: 'c:discrimination', window: '30m', above: 5 });
    await write(redis, p, spread(5, T0 - 20 * MINUTE, 20 * MINUTE, { terms: ['歧视'], categories: ['discrimination'] }));
    await write(redis, p, spread(20, T0 - 20 * MINUTE, 20 * MINUTE, { terms: ['抵制'], categories: ['boycott'] }));
    expect(await r.evaluate(ctx(p, T0))).toMatchObject({ summary: '5 discrimination posts in 30m (threshold 5)' });
  });
});

describe('ratio rule', () => {
  it('fires on the negative share with enough volume, and not on a handful of posts', async () => {
    const r = rule('ratio', { above: 0.5, criticalAbove: 0.8, minVolume: 40, window: '1h' });
    const p = fresh();
    await write(redis, p, spread(12, T0 - 50 * MINUTE, 40 * MINUTE, { label: 'neg' }));
    await write(redis, p, spread(3, T0 - 50 * MINUTE, 40 * MINUTE));
    expect(await r.evaluate(ctx(p, T0))).toBeNull(); // 80% negative, but 15 posts

    const q = fresh();
    await write(redis, q, spread(42, T0 - 50 * MINUTE, 40 * MINUTE, { label: 'neg' }));
    await write(redis, q, spread(18, T0 - 50 * MINUTE, 40 * MINUTE, { label: 'pos' }));
    const firing = await r.evaluate(ctx(q, T0));
    expect(firing).toMatchObject({ severity: 'warning', summary: '70% of 60 posts are negative posts in 1h (threshold 50%)' });
    expect(firing && !Array.isArray(firing) ? firing.figures[1] : undefined).toMatchObject({ value: 60, minimum: 40 });

    await write(redis, q, spread(60, T0 - 30 * MINUTE, 20 * MINUTE, { label: 'neg' }));
    expect(await r.evaluate(ctx(q, T0))).toMatchObject({ severity: 'critical' });
  });

  it('refuses a critical share below the warning one', () => {
    const spec = ruleRegistry.get('ratio');
    const parsed = spec?.options.safeParse({ above: 0.6, criticalAbove: 0.5 });
    expect(parsed?.success).toBe(false);
    expect(parsed?.error?.issues[0]?.message).toBe('criticalAbove must be higher than above');
  });
});

describe('spike rule', () => {
  const options = { metric: 'crisis', window: '15m', baseline: '7d', factor: 4, sigma: 3, minVolume: 20, minBaseline: '3h' };

  async function history(p: string, perHour: number, hours: number, end: number): Promise<void> {
    for (let h = hours; h >= 1; h--) await write(redis, p, spread(perHour, end - h * HOUR, HOUR, { terms: ['抵制'] }));
  }

  it('fires when the window jumps above the trailing baseline', async () => {
    const p = fresh();
    await history(p, 8, 24, T0 - HOUR);
    await write(redis, p, spread(45, T0 - 14 * MINUTE, 14 * MINUTE, { terms: ['抵制'] }));
    const firing = await rule('spike', options, 'critical').evaluate(ctx(p, T0));
    expect(firing).toMatchObject({ severity: 'critical', summary: '45 crisis posts in 15m, 22.5× the usual 2 (baseline: 1d of history)' });
    expect(firing && !Array.isArray(firing) ? firing.figures[0] : undefined).toMatchObject({ value: 45, baseline: 2 });
  });

  it('stays quiet for ordinary variation, for a brand that is always loud, and without enough history', async () => {
    const calm = fresh();
    await history(calm, 8, 24, T0 - HOUR);
    await write(redis, calm, spread(6, T0 - 14 * MINUTE, 14 * MINUTE, { terms: ['抵制'] }));
    expect(await rule('spike', options).evaluate(ctx(calm, T0))).toBeNull();

    const loud = fresh();
    await history(loud, 200, 24, T0 - HOUR);
    await write(redis, loud, spread(60, T0 - 14 * MINUTE, 14 * MINUTE, { terms: ['抵制'] }));
    expect(await rule('spike', options).evaluate(ctx(loud, T0))).toBeNull();

    const young = fresh();
    await history(young, 1, 2, T0 - HOUR);
    await write(redis, young, spread(80, T0 - 14 * MINUTE, 14 * MINUTE, { terms: ['抵制'] }));
    expect(await rule('spike', options).evaluate(ctx(young, T0))).toBeNull();
  });

  it('is not blinded by an earlier crisis in its baseline (median, not mean)', async () => {
    const p = fresh();
    await history(p, 8, 48, T0 - HOUR);
    await write(redis, p, spread(2000, T0 - 30 * HOUR, 2 * HOUR, { terms: ['抵制'] })); // yesterday's wave
    await write(redis, p, spread(45, T0 - 14 * MINUTE, 14 * MINUTE, { terms: ['抵制'] }));
    expect(await rule('spike', options).evaluate(ctx(p, T0))).toMatchObject({ severity: 'warning' });
  });

  it('estimates the spread robustly', () => {
    expect(robustStats([10, 10, 10, 10, 1000])).toEqual({ median: 10, spread: 0 });
    expect(robustStats([8, 10, 12]).median).toBe(10);
    expect(robustStats([])).toEqual({ median: 0, spread: 0 });
  });
});

describe('influencer rule', () => {
  it('fires on one large negative post and puts it first in the evidence', async () => {
    const p = fresh();
    const big = scored({ at: T0 - 20 * MINUTE, label: 'neg', reach: 2_400_000, author: '环球时讯', platform: 'weibo' });
    await write(redis, p, [...spread(30, T0 - 40 * MINUTE, 30 * MINUTE, { label: 'neg', reach: 5000 }), big]);
    const firing = await rule('influencer', { minReach: 1_000_000, criticalReach: 10_000_000 }).evaluate(ctx(p, T0));
    expect(firing).toMatchObject({ severity: 'warning', summary: 'negative post by 环球时讯 on Weibo reaching 2.4M (threshold 1M)' });
    expect(firing && !Array.isArray(firing) ? firing.evidence?.[0] : undefined).toBe(big.id);
  });

  it('ignores large posts that do not hurt, small ones that do, and old ones', async () => {
    const p = fresh();
    await write(redis, p, [
      scored({ at: T0 - 10 * MINUTE, label: 'pos', reach: 9_000_000 }),
      scored({ at: T0 - 10 * MINUTE, label: 'neg', reach: 90_000 }),
      scored({ at: T0 - 3 * HOUR, label: 'neg', reach: 9_000_000 }),
    ]);
    expect(await rule('influencer', { minReach: 1_000_000 }).evaluate(ctx(p, T0))).toBeNull();
  });

  it('reads crisis terms, and turns critical above criticalReach', async () => {
    const p = fresh();
    await write(redis, p, [scored({ at: T0 - 5 * MINUTE, label: 'neu', terms: ['boycott'], reach: 12_000_000, author: 'GlobalWire' })]);
    expect(await rule('influencer', { minReach: 1_000_000, when: 'negative' }).evaluate(ctx(p, T0))).toBeNull();
    const firing = await rule('influencer', { minReach: 1_000_000, criticalReach: 10_000_000 }).evaluate(ctx(p, T0));
    expect(firing).toMatchObject({ severity: 'critical', summary: 'post with crisis terms (boycott) by GlobalWire on Weibo reaching 12M (threshold 10M)' });
  });
});

describe('source-health rule', () => {
  const now = Date.parse('2026-03-02T10:20:00Z');
  const health: SourceHealthView[] = [
    { sourceId: 'weibo-search', type: 'weibo', state: 'failing', consecutiveFailures: 4, lastError: 'HTTP 432 from https://m.weibo.cn/api', since: '2026-03-02T09:40:00.000Z' },
    { sourceId: 'blogs', type: 'feed', state: 'silent', consecutiveFailures: 0, since: '2026-03-02T10:10:00.000Z' },
    { sourceId: 'twitter-search', type: 'twitter', state: 'ok', consecutiveFailures: 0 },
  ];

  it('fires once per failing or silent source, with the source as the subject', async () => {
    const firings = await rule('source-health', {}).evaluate({ ...ctx(fresh(), now, '', health) });
    expect(firings).toEqual([
      expect.objectContaining({ subject: 'weibo-search', severity: 'warning', summary: 'weibo-search failing: HTTP 432 from https://m.weibo.cn/api since 09:40 UTC' }),
      expect.objectContaining({ subject: 'blogs', summary: 'blogs silent: no new post since 10:10 UTC' }),
    ]);
  });

  it('waits `for` before firing, filters states and sources, and turns critical after criticalAfter', async () => {
    const r = rule('source-health', { states: ['failing'], for: '30m', criticalAfter: '40m' });
    expect(await r.evaluate(ctx(fresh(), now, '', health))).toEqual([expect.objectContaining({ subject: 'weibo-search', severity: 'critical' })]);
    expect(await r.evaluate(ctx(fresh(), now - 15 * MINUTE, '', health))).toEqual([]);
    expect(await rule('source-health', { sources: ['twitter-search'] }).evaluate(ctx(fresh(), now, '', health))).toEqual([]);
  });
});

beforeAll(async () => {
  await cleanPrefix(redis, base);
});
