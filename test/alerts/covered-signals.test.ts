import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from '../../src/clock.js';
import type { Firing } from '../../src/alerts/rules/rule.js';
import type { CrisisCategory, Severity } from '../../src/types.js';
import { cleanUp, harness, rule, T0, type Harness } from './incident-harness.js';

/**
 * A product-safety wave pages as critical; the negative posts it brings, counted over four hours,
 * trip `negative-surge` as a warning, held back while the crisis is open (inhibition) and listed
 * among the crisis's related signals. When the crisis resolves, that warning must not go out about
 * the wave's own tail ("resolved", then a minute later "198 negative posts in 4 h" about the same
 * posts). It goes out if it outgrows what it counted then, or if no notice of the crisis ever
 * listed it (it appeared after the last one).
 */
afterAll(cleanUp);

function finding(severity: Severity, metric: string, windowMinutes: number, count: number, categories: CrisisCategory[]): Firing {
  const windowMs = windowMinutes * MINUTE;
  return {
    severity,
    summary: `${count} ${metric} in ${windowMinutes} min`,
    figures: [{ name: `${metric} / ${windowMinutes}m`, value: count }],
    explanation: { metric, count, authors: count, windowMs, platforms: ['twitter'], categories, expected: 1, historyMs: 7 * 24 * HOUR, pValue: 1e-12 },
    windowMs,
  };
}

const crisis = rule('crisis-wave');
const negative = rule('negative-surge');

/**
 * A critical safety wave from T0 to T0 + 40 min (notified at once, escalated at 10 and 30 min),
 * with a negative-surge warning beside it from minute `from`.
 */
async function wave(h: Harness, from = 5): Promise<void> {
  for (let m = 0; m <= 40; m += 5) {
    await h.manager.fired(crisis, 'acme', finding('critical', 'c:safety', 15, 10 + m, ['safety']), T0 + m * MINUTE);
    if (m >= from) await h.manager.fired(negative, 'acme', finding('warning', 'neg', 240, 20 + 4 * m, ['safety', 'boycott']), T0 + m * MINUTE);
    await h.manager.sweep(T0 + m * MINUTE + 31_000);
  }
}

/**
 * The negative-surge warning keeps firing every 5 minutes from minute 45 (its 4-hour window still
 * holds the wave) while the crisis is quiet; the crisis resolves at minute 70 (30 min quiet).
 * Returns the kinds of notification sent for the warning.
 */
async function afterwards(h: Harness, counts: number[]): Promise<string[]> {
  for (const [i, count] of counts.entries()) {
    const at = T0 + (45 + 5 * i) * MINUTE;
    await h.manager.fired(negative, 'acme', finding('warning', 'neg', 240, count, ['safety']), at);
    await h.manager.sweep(at + 31_000);
  }
  const warning = (await h.store.list()).find((i) => i.rule === 'negative-surge');
  return h.sent.filter((p) => p.incidentId === warning?.id).map((p) => p.kind);
}

describe('a lesser signal of a resolved crisis', () => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });

  it('is not sent about the wave it was held under', async () => {
    await wave(h);
    expect(h.sent.map((p) => p.kind)).toEqual(['firing', 'escalated', 'escalated']);
    // The tail: the 4-hour count stays high, then eases off.
    expect(await afterwards(h, [180, 180, 180, 180, 180, 180, 175, 170, 160, 150, 140, 130])).toEqual([]);
    const all = await h.store.list();
    const parent = all.find((i) => i.rule === 'crisis-wave');
    const warning = all.find((i) => i.rule === 'negative-surge');
    expect(parent?.status).toBe('resolved');
    expect(h.sent.filter((p) => p.incidentId === parent?.id).map((p) => p.kind)).toEqual(['firing', 'escalated', 'escalated', 'resolved']);
    expect(warning?.timeline.map((e) => e.text)).toContainEqual(expect.stringMatching(new RegExp(`not sent: ${parent?.id} \\(crisis-wave\\), resolved, listed it among its related signals`)));
  });

  it('is sent once it outgrows what it counted when the crisis resolved', async () => {
    await wave(h);
    // 180 when the crisis resolved (minute 70); 400 later is more than twice that: news of its own.
    expect(await afterwards(h, [180, 180, 180, 180, 180, 180, 200, 260, 330, 400, 420])).toEqual(['firing']);
    const warning = (await h.store.list()).find((i) => i.rule === 'negative-surge');
    expect(warning?.timeline.map((e) => e.text)).toContainEqual(expect.stringMatching(/^grew from 180 to 400 after inc-.* resolved: no longer covered by it$/));
  });

  /**
   * The warning's headline minute by minute after the wave: `minute:notices sent` for each step.
   */
  async function headlines(story: readonly (readonly [minute: number, metric: string, window: number, count: number])[]): Promise<string[]> {
    const warning = async () => (await h.store.list()).find((i) => i.rule === 'negative-surge');
    const kinds: string[] = [];
    for (const [minute, metric, window, count] of story) {
      await h.manager.fired(negative, 'acme', finding('warning', metric, window, count, ['safety']), T0 + minute * MINUTE);
      await h.manager.sweep(T0 + minute * MINUTE + 31_000);
      const id = (await warning())?.id;
      kinds.push(`${minute}:${h.sent.filter((p) => p.incidentId === id).length}`);
    }
    return kinds;
  }

  // At the resolution (minute 70) the headline is fraud posts in 1 h, or negative posts in 15 min;
  // then negative posts in 4 h. 5,000 of those are not "more than twice 36 fraud posts", nor
  // "more than twice 1,543 in 15 min" (four hours of the same wave hold more): only twice 5,000 is news.
  it.each([
    ['metric', 'c:fraud', 60, 36],
    ['window', 'neg', 15, 1543],
  ] as const)('compares a headline that moved to another %s with that one only', async (_moved, metric, window, count) => {
    await wave(h);
    const kinds = await headlines([
      [65, metric, window, count],
      [70, metric, window, count],
      [75, 'neg', 240, 5000],
      [80, 'neg', 240, 5278],
      [85, 'neg', 240, 9000],
      [90, 'neg', 240, 10_100],
    ]);
    expect(kinds).toEqual(['65:0', '70:0', '75:0', '80:0', '85:0', '90:1']);
  });

  it('covers the same signal again when it resolved with the crisis and fires anew within its window', async () => {
    await wave(h);
    // Nothing fires after minute 40: the crisis and its warning both resolve, quiet, at minute 70.
    await h.manager.sweep(T0 + 71 * MINUTE);
    const resolved = (await h.store.list()).filter((i) => i.status === 'resolved').map((i) => i.rule).sort();
    expect(resolved).toEqual(['crisis-wave', 'negative-surge']);
    // The hour turns and the 4-hour count of the same wave fires again: a new incident.
    const kinds: string[] = [];
    for (const [minute, count] of [[85, 180], [90, 190], [95, 200], [100, 420]] as const) {
      await h.manager.fired(negative, 'acme', finding('warning', 'neg', 240, count, ['safety']), T0 + minute * MINUTE);
      await h.manager.sweep(T0 + minute * MINUTE + 31_000);
      const open = (await h.store.list()).find((i) => i.rule === 'negative-surge' && i.status === 'open');
      kinds.push(`${minute}:${h.sent.filter((p) => p.incidentId === open?.id).map((p) => p.kind).join('+')}`);
    }
    // 420 is more than twice the 180 it opened with: news of its own, sent as a first notice.
    expect(kinds).toEqual(['85:', '90:', '95:', '100:firing']);
    const again = (await h.store.list()).find((i) => i.rule === 'negative-surge' && i.status === 'open');
    expect(again?.timeline.map((e) => e.text)).toContainEqual(expect.stringMatching(/^revision 1 not sent: inc-.*, the same signal, resolved 1[45]m ago covered by inc-/));
  });

  it('opens the same signal as news once its window no longer reaches back to the resolution', async () => {
    await wave(h);
    await h.manager.sweep(T0 + 71 * MINUTE);
    // A 15-minute window at minute 100 starts 15 min after the resolution: other posts.
    await h.manager.fired(negative, 'acme', finding('warning', 'neg', 15, 40, ['safety']), T0 + 100 * MINUTE);
    await h.manager.sweep(T0 + 100 * MINUTE + 31_000);
    const open = (await h.store.list()).find((i) => i.rule === 'negative-surge' && i.status === 'open');
    expect(h.sent.filter((p) => p.incidentId === open?.id).map((p) => p.kind)).toEqual(['firing']);
  });

  it('is sent as before when no notice of the crisis listed it', async () => {
    // The crisis's last notice is its second escalation, at minute 30; the warning opens at 35.
    await wave(h, 35);
    expect(await afterwards(h, [180, 180, 180, 180, 180, 180, 175])).toEqual(['firing']);
  });
});
