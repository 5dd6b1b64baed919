import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { IncidentStateError } from '../../src/alerts/incidents.js';
import { HOUR, MINUTE } from '../../src/clock.js';
import { cleanUp, firing, harness, only, rule, T0, type Harness } from './incident-harness.js';

afterAll(cleanUp);

describe('incident actions and escalation', () => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
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
    // One notice that ana has it, to the channels that heard it fire; no escalation, no repeat.
    expect(h.sent.map((p) => p.kind)).toEqual(['firing', 'acknowledged']);
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
});
