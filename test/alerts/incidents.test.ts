import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from '../../src/clock.js';
import { digestOf } from '../../src/alerts/incident-record.js';
import { cleanUp, firing, harness, only, redis, rule, T0, type Harness } from './incident-harness.js';
import { spread, write } from './helpers.js';

afterAll(cleanUp);

describe('incident lifecycle', () => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });

  it('gathers the first burst into one notification after the group wait', async () => {
    await write(redis, h.prefix, spread(30, T0 - 10 * MINUTE, 10 * MINUTE, { label: 'neg', platform: 'weibo', lang: 'cmn', terms: ['抵制'] }));
    const r = rule('negative-surge');
    for (const dt of [0, 10_000, 20_000]) await h.manager.fired(r, 'acme', firing('warning', 30 + dt / 1000), T0 + dt);
    await h.manager.sweep(T0 + 29_000);
    expect(h.sent).toEqual([]);
    await h.manager.sweep(T0 + 31_000);
    await h.manager.sweep(T0 + 60_000);
    const inc = await only(h);
    expect(h.sent).toEqual([{ kind: 'firing', incidentId: inc.id, revision: 1, channels: ['slack'] }]);
    expect(inc).toMatchObject({ fingerprint: 'acme/negative-surge', severity: 'warning', status: 'open', summary: '50 negative posts in 15m (threshold 25)' });
    expect(inc.platforms).toEqual({ weibo: 30 });
    expect(inc.terms).toEqual(['抵制']);
    expect(inc.evidence.length).toBe(10);
    expect(inc.timeline.map((e) => e.kind)).toEqual(['opened', 'notified']);
  });

  it('does not notify again before the repeat interval, then once', async () => {
    const r = rule('negative-surge');
    await h.manager.fired(r, 'acme', firing('warning'), T0);
    await h.manager.sweep(T0 + MINUTE);
    for (let t = T0 + 2 * MINUTE; t < T0 + 4 * HOUR; t += 10 * MINUTE) {
      await h.manager.fired(r, 'acme', firing('warning'), t);
      await h.manager.sweep(t + 30_000);
    }
    expect(h.sent.map((p) => p.revision)).toEqual([1]);
    await h.manager.fired(r, 'acme', firing('warning'), T0 + 4 * HOUR + 2 * MINUTE);
    expect(h.sent.map((p) => `${p.kind}:${p.revision}`)).toEqual(['firing:1', 'firing:2']);
    expect((await only(h)).timeline.at(-2)?.text).toMatch(/^still firing after 4h 2m/);
  });

  it('notifies at once when the severity rises, to the channels of the new severity, and arms escalation', async () => {
    const r = rule('negative-surge');
    await h.manager.fired(r, 'acme', firing('warning'), T0);
    await h.manager.sweep(T0 + MINUTE);
    await h.manager.fired(r, 'acme', firing('critical', 80), T0 + 2 * MINUTE);
    const inc = await only(h);
    expect(h.sent.at(-1)).toEqual({ kind: 'firing', incidentId: inc.id, revision: 2, channels: ['slack', 'email'] });
    expect(inc.escalationPolicy).toBe('pr-lead');
    expect(h.scheduled).toEqual([{ id: inc.id, step: 1, dueAt: T0 + 12 * MINUTE }]);
    // Falling back to warning neither lowers the incident nor pages.
    await h.manager.fired(r, 'acme', firing('warning'), T0 + 3 * MINUTE);
    expect(h.sent).toHaveLength(2);
    expect((await only(h)).severity).toBe('critical');
  });

  it("keeps the latest firing's explanation on the incident, as data for the channels", async () => {
    const r = rule('crisis-wave');
    const explained = (count: number) => ({
      ...firing('warning', count),
      explanation: { metric: 'c:boycott', count, authors: count - 1, windowMs: 15 * MINUTE, platforms: ['weibo', 'twitter'], categories: ['boycott' as const], expected: 0.2, historyMs: 7 * 24 * HOUR, pValue: 1e-9 },
    });
    await h.manager.fired(r, 'acme', explained(5), T0);
    expect((await only(h)).explanation).toMatchObject({ count: 5, authors: 4, pValue: 1e-9 });
    await h.manager.fired(r, 'acme', explained(9), T0 + MINUTE);
    expect((await only(h)).explanation).toEqual(explained(9).explanation);
    // A firing without one (a fixed-number rule) leaves none behind rather than a stale one.
    await h.manager.fired(r, 'acme', firing('warning'), T0 + 2 * MINUTE);
    expect((await only(h)).explanation).toBeUndefined();
  });

  it('folds a rise during the group wait into the first notification', async () => {
    const r = rule('negative-surge');
    await h.manager.fired(r, 'acme', firing('warning'), T0);
    await h.manager.fired(r, 'acme', firing('critical', 90), T0 + 10_000);
    expect(h.sent).toEqual([]);
    await h.manager.sweep(T0 + 40_000);
    expect(h.sent).toEqual([expect.objectContaining({ kind: 'firing', revision: 2, channels: ['slack', 'email'] })]);
  });

  it('resolves itself after the quiet period with exactly one resolved notice', async () => {
    const r = rule('negative-surge');
    await h.manager.fired(r, 'acme', firing('warning'), T0);
    await h.manager.sweep(T0 + MINUTE);
    await h.manager.fired(r, 'acme', firing('warning'), T0 + 5 * MINUTE);
    await h.manager.sweep(T0 + 34 * MINUTE);
    expect((await only(h)).status).toBe('open');
    for (let t = T0 + 35 * MINUTE; t <= T0 + 50 * MINUTE; t += MINUTE) await h.manager.sweep(t);
    const inc = await only(h);
    expect(inc).toMatchObject({ status: 'resolved', resolvedAt: new Date(T0 + 35 * MINUTE).toISOString() });
    expect(h.sent.filter((p) => p.kind === 'resolved')).toEqual([{ kind: 'resolved', incidentId: inc.id, revision: 2, channels: ['slack'] }]);
    expect(await h.store.openIds()).toEqual([]);
    // Firing again later is a new incident.
    await h.manager.fired(r, 'acme', firing('warning'), T0 + 2 * HOUR);
    const all = await h.store.list();
    expect(all.map((i) => i.status)).toEqual(['open', 'resolved']);
    expect(all[0]?.id).not.toBe(inc.id);
  });

  it("holds a brand's lesser incidents while a more severe one is open (inhibition)", async () => {
    await h.manager.fired(rule('crisis-wave'), 'acme', firing('critical'), T0);
    await h.manager.fired(rule('negative-share'), 'acme', firing('warning'), T0 + 10_000);
    await h.manager.fired(rule('negative-share'), 'other', firing('warning'), T0 + 10_000);
    await h.manager.sweep(T0 + MINUTE);
    const all = await h.store.list();
    const byKey = (fp: string) => all.find((i) => i.fingerprint === fp);
    expect(h.sent.map((p) => p.incidentId).sort()).toEqual([byKey('acme/crisis-wave')?.id, byKey('other/negative-share')?.id].sort());
    expect(byKey('acme/negative-share')?.timeline.at(-1)?.text).toBe(`revision 1 not sent, inhibited: ${byKey('acme/crisis-wave')?.id} is critical for the same brand`);

    const off = harness({ inhibit: false });
    await off.manager.fired(rule('crisis-wave'), 'acme', firing('critical'), T0);
    await off.manager.fired(rule('negative-share'), 'acme', firing('warning'), T0 + 10_000);
    await off.manager.sweep(T0 + MINUTE);
    expect(off.sent).toHaveLength(2);
  });

  it('keeps a digest of each open incident beside its record, and reads records that have none', async () => {
    await h.manager.fired(rule('crisis-wave'), 'acme', firing('critical'), T0);
    await h.manager.fired(rule('negative-share'), 'acme', firing('warning'), T0 + 10_000);
    await h.manager.sweep(T0 + MINUTE);
    const open = await h.store.getMany(await h.store.openIds());
    expect(open).toHaveLength(2);
    const digests = await h.store.openDigests();
    expect(digests).toEqual(open.map(digestOf));
    expect(digests.find((d) => d.rule === 'negative-share')?.parentId).toBe(open.find((i) => i.rule === 'crisis-wave')?.id);

    // An incident opened by a version that wrote no digest: read from its record.
    await redis.hdel(`${h.prefix}:incidents:open:digest`, open[0]!.id);
    expect(await h.store.openDigests()).toEqual(open.map(digestOf));

    // Resolution removes the digest with the id.
    await h.manager.sweep(T0 + 2 * HOUR);
    expect(await h.store.openDigests()).toEqual([]);
    expect(await redis.exists(`${h.prefix}:incidents:open:digest`)).toBe(0);
  });

  it('opens one incident per source for global rules', async () => {
    const r = rule('source-health', 'global');
    await h.manager.fired(r, 'weibo-search', { ...firing('warning'), summary: 'weibo-search failing: HTTP 432 since 09:40 UTC', windowMs: 0 }, T0);
    await h.manager.fired(r, 'blogs', { ...firing('warning'), summary: 'blogs silent', windowMs: 0 }, T0);
    await h.manager.fired(r, 'weibo-search', { ...firing('warning'), summary: 'weibo-search failing: HTTP 432 since 09:40 UTC', windowMs: 0 }, T0 + MINUTE);
    expect((await h.store.list()).map((i) => i.fingerprint).sort()).toEqual(['blogs/source-health', 'weibo-search/source-health']);
  });

  it('queues again, at the next sweep, notifications a crash left in the outbox', async () => {
    let down = true;
    const c = harness({}, () => down);
    await c.manager.fired(rule('crisis-wave'), 'acme', firing('critical'), T0);
    await expect(c.manager.sweep(T0 + MINUTE)).rejects.toThrow('Redis connection lost');
    const saved = await only(c);
    expect(saved.outbox).toEqual([{ kind: 'firing', incidentId: saved.id, revision: 1, channels: ['slack', 'email'] }]);
    down = false;
    await c.manager.sweep(T0 + 2 * MINUTE);
    expect(c.sent).toEqual(saved.outbox);
    expect((await only(c)).outbox).toBeUndefined();
    await c.manager.sweep(T0 + 3 * MINUTE);
    expect(c.sent).toHaveLength(1);
  });

  it('opens a single incident when evaluations race', async () => {
    const r = rule('negative-surge');
    await Promise.all(Array.from({ length: 8 }, (_, i) => h.manager.fired(r, 'acme', firing('warning', 30 + i), T0 + i * 1000)));
    expect((await only(h)).summary).toBe('37 negative posts in 15m (threshold 25)');
  });
});
