import { afterAll, describe, expect, it } from 'vitest';
import { MINUTE } from '../../src/clock.js';
import type { Firing } from '../../src/alerts/rules/rule.js';
import type { CrisisCategory } from '../../src/types.js';
import { cleanUp, harness, only, redis, rule, T0 } from './incident-harness.js';
import { spread, write } from './helpers.js';

afterAll(cleanUp);

/** A surge firing on one metric, as the surge rule gives it (no evidence of its own). */
const surgeFiring = (metric: string, categories: CrisisCategory[] = []): Firing => ({
  severity: 'critical',
  summary: `4 posts of ${metric}`,
  figures: [],
  windowMs: 15 * MINUTE,
  explanation: { metric, count: 4, windowMs: 15 * MINUTE, platforms: ['weibo'], categories, expected: 0.01, pValue: 1e-9 },
});

describe('incident evidence', () => {
  // A medium brand's window at the start of a boycott: four boycott posts from small accounts among
  // well-read ordinary posts and complaints. The heaviest posts by reach are not the boycott.
  async function window(prefix: string) {
    const from = T0 - 10 * MINUTE;
    const boycott = spread(4, from, 10 * MINUTE, { label: 'neg', platform: 'weibo', lang: 'cmn', terms: ['抵制'], categories: ['boycott'], reach: 50 });
    const complaints = spread(3, from, 10 * MINUTE, { label: 'neg', platform: 'twitter', lang: 'eng', reach: 400 });
    const ordinary = spread(30, from, 10 * MINUTE, { label: 'neu', platform: 'twitter', lang: 'eng', reach: 100_000 });
    await write(redis, prefix, [...boycott, ...complaints, ...ordinary]);
    return { boycott: boycott.map((p) => p.id), complaints: complaints.map((p) => p.id), ordinary: ordinary.map((p) => p.id) };
  }

  it('lists the posts of the metric that fired first, then other posts that hurt, never the ordinary ones', async () => {
    const h = harness();
    const ids = await window(h.prefix);
    await h.manager.fired(rule('crisis-wave'), 'acme', surgeFiring('c:boycott'), T0);
    const inc = await only(h);
    expect(inc.evidence.slice(0, 4).sort()).toEqual([...ids.boycott].sort());
    expect(inc.evidence.slice(4).sort()).toEqual([...ids.complaints].sort());
  });

  it('keeps the heaviest posts of every kind for a firing on volume alone', async () => {
    const h = harness();
    const ids = await window(h.prefix);
    await h.manager.fired(rule('volume'), 'acme', surgeFiring('posts'), T0);
    const inc = await only(h);
    expect(inc.evidence).toHaveLength(10);
    expect(inc.evidence.some((id) => ids.ordinary.includes(id))).toBe(true);
  });

  // A big brand's quarter hour: twelve safety reports from small accounts among sixty ordinary
  // complaints from better-read ones. The forty heaviest posts are all complaints.
  it('reads deeper into the window when the heaviest posts hold too few of the metric', async () => {
    const h = harness();
    const from = T0 - 15 * MINUTE;
    const safety = spread(12, from, 15 * MINUTE, { label: 'neg', platform: 'weibo', lang: 'cmn', terms: ['起火'], categories: ['safety'], reach: 50 });
    const complaints = spread(60, from, 15 * MINUTE, { label: 'neg', platform: 'twitter', lang: 'eng', reach: 400 });
    await write(redis, h.prefix, [...safety, ...complaints]);
    await h.manager.fired(rule('crisis-wave'), 'acme', surgeFiring('c:safety'), T0);
    const inc = await only(h);
    expect(inc.evidence).toHaveLength(10);
    expect(inc.evidence.every((id) => safety.some((p) => p.id === id))).toBe(true);
  });

  it('puts the posts of the categories the alert names before other posts of its metric', async () => {
    const h = harness();
    const from = T0 - 10 * MINUTE;
    const service = spread(3, from, 10 * MINUTE, { label: 'neg', platform: 'twitter', lang: 'eng', terms: ['no refund'], categories: ['service'], reach: 50 });
    const other = spread(5, from, 10 * MINUTE, { label: 'neg', platform: 'twitter', lang: 'eng', terms: ['attack'], categories: ['violence'], reach: 5_000 });
    await write(redis, h.prefix, [...service, ...other]);
    await h.manager.fired(rule('negative-surge'), 'acme', surgeFiring('neg', ['service']), T0);
    const inc = await only(h);
    expect(inc.evidence.slice(0, 3).sort()).toEqual(service.map((p) => p.id).sort());
    expect(inc.evidence).toHaveLength(8);
  });
});
