import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { IncidentStore } from '../../src/alerts/incident-store.js';
import { IncidentManager, IncidentStateError } from '../../src/alerts/incidents.js';
import type { AlertingConfig, PendingNotification } from '../../src/alerts/lifecycle.js';
import type { Firing, Rule } from '../../src/alerts/rules/rule.js';
import { SilenceStore } from '../../src/alerts/silences.js';
import { WindowReader } from '../../src/alerts/windows.js';
import { HOUR, MINUTE } from '../../src/clock.js';
import { silentLogger } from '../../src/log.js';
import type { Severity } from '../../src/types.js';
import { cleanPrefix, testRedis, uniquePrefix } from '../helpers/redis.js';
import { spread, write } from './helpers.js';

const redis = testRedis();
const base = uniquePrefix('alerts-incidents');
let n = 0;

const config: AlertingConfig = {
  alerting: { groupWait: 30_000, repeatInterval: 4 * HOUR, resolveAfter: 30 * MINUTE, inhibit: true, retention: 8 * 24 * HOUR },
  routes: [
    { severity: ['critical'], channels: ['slack', 'email'], escalation: 'pr-lead', stop: true },
    { channels: ['slack'], stop: true },
  ],
  escalation: { 'pr-lead': { steps: [{ after: 10 * MINUTE, channels: ['pager'] }, { after: 20 * MINUTE, channels: ['lead-email'] }] } },
};

const T0 = Date.parse('2026-03-02T10:00:00Z');

/** A rule as the manager sees it: evaluation happens elsewhere (the evaluate stage). */
const rule = (id: string, scope: Rule['scope'] = 'brand'): Rule => ({ id, type: 'threshold', severity: 'warning', scope, evaluate: async () => null });
const firing = (severity: Severity, value = 30): Firing => ({
  severity,
  summary: `${value} negative posts in 15m (threshold 25)`,
  figures: [{ name: 'negative posts / 15m', value, threshold: 25 }],
  windowMs: 15 * MINUTE,
});

interface Harness {
  prefix: string;
  manager: IncidentManager;
  store: IncidentStore;
  silences: SilenceStore;
  sent: PendingNotification[];
  scheduled: { id: string; step: number; dueAt: number }[];
}

function harness(alerting: Partial<AlertingConfig['alerting']> = {}, failNotify = () => false): Harness {
  const prefix = `${base}:${++n}`;
  const store = new IncidentStore(redis, prefix);
  const silences = new SilenceStore(redis, prefix);
  const sent: PendingNotification[] = [];
  const scheduled: Harness['scheduled'] = [];
  const manager = new IncidentManager({
    store,
    silences,
    windows: new WindowReader(redis, prefix),
    config: { ...config, alerting: { ...config.alerting, ...alerting } },
    log: silentLogger,
    notify: async (p) => {
      if (failNotify()) throw new Error('Redis connection lost');
      sent.push(...p);
    },
    scheduleEscalation: async (id, step, dueAt) => {
      scheduled.push({ id, step, dueAt });
    },
  });
  return { prefix, manager, store, silences, sent, scheduled };
}

async function only(h: Harness) {
  const all = await h.store.list();
  expect(all).toHaveLength(1);
  return all[0] as NonNullable<(typeof all)[number]>;
}

afterAll(async () => {
  await cleanPrefix(redis, base);
  await redis.quit();
});

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

  it('escalates a critical incident nobody acknowledges, step by step, then stops', async () => {
    const r = rule('crisis-wave');
    await h.manager.fired(r, 'acme', firing('critical'), T0);
    for (let t = T0 + MINUTE; t <= T0 + 40 * MINUTE; t += MINUTE) {
      await h.manager.fired(r, 'acme', firing('critical'), t);
      await h.manager.sweep(t);
    }
    const inc = await only(h);
    expect(h.sent.map((p) => `${p.kind}:${p.channels.join('+')}:${p.step ?? ''}`)).toEqual(['firing:slack+email:', 'escalated:pager:1', 'escalated:lead-email:2']);
    expect(inc.escalationStep).toBe(2);
    expect(inc.timeline.filter((e) => e.kind === 'escalated').map((e) => [e.at, e.text])).toEqual([
      [new Date(T0 + 10 * MINUTE).toISOString(), 'step 1 of 2 (pr-lead): not acknowledged after 10m, paging pager'],
      [new Date(T0 + 30 * MINUTE).toISOString(), 'step 2 of 2 (pr-lead): not acknowledged after 20m, paging lead-email'],
    ]);
    // Resolving tells everyone who was paged.
    await h.manager.act(inc.id, { kind: 'resolve', by: 'ana' }, T0 + 41 * MINUTE);
    expect(h.sent.at(-1)).toMatchObject({ kind: 'resolved', channels: ['slack', 'email', 'pager', 'lead-email'] });
  });

  it('stops escalating at the acknowledgement, and pages nobody again after it', async () => {
    const r = rule('crisis-wave');
    await h.manager.fired(r, 'acme', firing('critical'), T0);
    await h.manager.sweep(T0 + MINUTE);
    const inc = await only(h);
    await h.manager.act(inc.id, { kind: 'ack', by: 'ana', text: 'on it' }, T0 + 5 * MINUTE);
    for (let t = T0 + 6 * MINUTE; t <= T0 + 5 * HOUR; t += 5 * MINUTE) {
      await h.manager.fired(r, 'acme', firing('critical'), t);
      await h.manager.sweep(t);
    }
    // The delayed escalation job arrives anyway: it finds the incident acknowledged.
    expect(await h.manager.escalationDue(inc.id, 1, T0 + 10 * MINUTE)).toBe(false);
    expect(h.sent.map((p) => p.kind)).toEqual(['firing']);
    const after = await only(h);
    expect(after).toMatchObject({ status: 'acknowledged', escalationStep: 0 });
    expect(after.timeline.find((e) => e.kind === 'acknowledged')).toMatchObject({ by: 'ana', text: 'on it' });
    await expect(h.manager.act(inc.id, { kind: 'ack', by: 'bo' }, T0 + 6 * HOUR)).rejects.toBeInstanceOf(IncidentStateError);
  });

  it('escalates once whether the delayed job or the sweep gets there first', async () => {
    const r = rule('crisis-wave');
    await h.manager.fired(r, 'acme', firing('critical'), T0);
    await h.manager.sweep(T0 + MINUTE);
    const inc = await only(h);
    const due = T0 + 10 * MINUTE;
    expect(await h.manager.escalationDue(inc.id, 1, due - 1)).toBe(false); // early: not due yet
    const results = await Promise.all([h.manager.escalationDue(inc.id, 1, due), h.manager.escalationDue(inc.id, 1, due), h.manager.sweep(due)]);
    expect(results.slice(0, 2).filter(Boolean).length).toBeGreaterThanOrEqual(1);
    expect(h.sent.filter((p) => p.kind === 'escalated')).toHaveLength(1);
    expect((await only(h)).escalationStep).toBe(1);
    // The next step is asked for at its own time.
    expect(h.scheduled.at(-1)).toEqual({ id: inc.id, step: 2, dueAt: due + 20 * MINUTE });
  });

  it('mutes a silenced incident, waits to escalate, and sends the held revision when the silence ends', async () => {
    const r = rule('crisis-wave');
    await h.manager.fired(r, 'acme', firing('critical'), T0);
    const inc = (await h.store.list())[0];
    if (!inc) throw new Error('no incident');
    await h.manager.act(inc.id, { kind: 'silence', by: 'ana', reason: 'known issue, statement at noon', durationMs: HOUR, scope: 'incident' }, T0 + 5_000);
    for (let t = T0 + MINUTE; t < T0 + HOUR; t += MINUTE) {
      await h.manager.fired(r, 'acme', firing('critical'), t);
      await h.manager.sweep(t);
    }
    expect(h.sent).toEqual([]);
    let now = await only(h);
    expect(now).toMatchObject({ silenced: true, escalationStep: 0 });
    expect(now.timeline.filter((e) => e.kind === 'silenced').map((e) => e.text)).toEqual([
      'silenced acme/crisis-wave for 1h (until 2026-03-02T11:00:05.000Z): known issue, statement at noon',
      'revision 1 not sent, silenced by ana until 2026-03-02T11:00:05.000Z: known issue, statement at noon',
    ]);
    for (let t = T0 + HOUR; t <= T0 + HOUR + 2 * MINUTE; t += MINUTE) {
      await h.manager.sweep(t);
      await h.manager.fired(r, 'acme', firing('critical'), t);
    }
    // Told at the end of the silence; escalated only if still nobody acknowledges within the step's time.
    expect(h.sent.map((p) => p.kind)).toEqual(['firing']);
    for (let t = T0 + HOUR + 3 * MINUTE; t <= T0 + HOUR + 12 * MINUTE; t += MINUTE) {
      await h.manager.sweep(t);
      await h.manager.fired(r, 'acme', firing('critical'), t);
    }
    expect(h.sent.map((p) => p.kind)).toEqual(['firing', 'escalated']);
    now = await only(h);
    expect(now.silenced).toBe(false);
    expect(now.timeline.some((e) => e.text === 'silence ended: notifications resume')).toBe(true);
  });

  it('silences by brand or by rule through the silence store, recorded on the timeline', async () => {
    await h.silences.add({ brand: 'acme', startsAt: new Date(T0).toISOString(), endsAt: new Date(T0 + HOUR).toISOString(), reason: 'product launch', author: 'ops' });
    await h.manager.fired(rule('negative-surge'), 'acme', firing('warning'), T0 + MINUTE);
    await h.manager.fired(rule('negative-surge'), 'other', firing('warning'), T0 + MINUTE);
    await h.manager.sweep(T0 + 2 * MINUTE);
    const all = await h.store.list();
    expect(h.sent.map((p) => p.incidentId)).toEqual([all.find((i) => i.brand === 'other')?.id]);
    expect(all.find((i) => i.brand === 'acme')).toMatchObject({ silenced: true });
  });

  it('records notes, and refuses to resolve twice', async () => {
    await h.manager.fired(rule('negative-surge'), 'acme', firing('warning'), T0);
    const inc = await only(h);
    await h.manager.act(inc.id, { kind: 'note', by: 'ana', text: 'statement drafted' }, T0 + MINUTE);
    await h.manager.act(inc.id, { kind: 'resolve', by: 'ana', text: 'apology published' }, T0 + 2 * MINUTE);
    const done = await only(h);
    expect(done.timeline.map((e) => [e.kind, e.by, e.text])).toEqual([
      ['opened', 'rule negative-surge', 'warning: 30 negative posts in 15m (threshold 25)'],
      ['note', 'ana', 'statement drafted'],
      ['resolved', 'ana', 'apology published'],
    ]);
    // Never notified, so nobody is told it resolved.
    expect(h.sent).toEqual([]);
    await expect(h.manager.act(inc.id, { kind: 'resolve', by: 'bo' }, T0 + 3 * MINUTE)).rejects.toBeInstanceOf(IncidentStateError);
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
