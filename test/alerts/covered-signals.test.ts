import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from '../../src/clock.js';
import type { Firing } from '../../src/alerts/rules/rule.js';
import type { CrisisCategory, Severity } from '../../src/types.js';
import { cleanUp, harness, rule, T0, type Harness } from './incident-harness.js';

/**
 * A product-safety wave pages as critical; the negative posts it brings, counted over four hours,
 * trip `negative-surge` as a warning, held back while the crisis is open (inhibition). When the
 * crisis resolves, that warning must not go out about the wave's own tail ("resolved", then a
 * minute later "198 negative posts in 4 h" about the same posts). It goes out if it outgrows what
 * it counted then, or if it is about something else (service complaints, not the crisis's kind).
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

/** A critical safety wave from T0 to T0 + 40 min, with a negative-surge warning beside it from minute 5. */
async function wave(h: Harness, negativeCategories: CrisisCategory[]): Promise<void> {
  for (let m = 0; m <= 40; m += 5) {
    await h.manager.fired(crisis, 'acme', finding('critical', 'c:safety', 15, 10 + m, ['safety']), T0 + m * MINUTE);
    if (m >= 5) await h.manager.fired(negative, 'acme', finding('warning', 'neg', 240, 20 + 4 * m, negativeCategories), T0 + m * MINUTE);
    await h.manager.sweep(T0 + m * MINUTE + 31_000);
  }
}

/**
 * The negative-surge warning keeps firing every 5 minutes from minute 45 (its 4-hour window still
 * holds the wave) while the crisis is quiet; the crisis resolves at minute 70 (30 min quiet).
 * Returns the kinds of notification sent for the warning.
 */
async function afterwards(h: Harness, counts: number[], categories: CrisisCategory[] = ['safety']): Promise<string[]> {
  for (const [i, count] of counts.entries()) {
    const at = T0 + (45 + 5 * i) * MINUTE;
    await h.manager.fired(negative, 'acme', finding('warning', 'neg', 240, count, categories), at);
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
    await wave(h, ['safety', 'boycott']);
    expect(h.sent.map((p) => p.kind)).toEqual(['firing', 'escalated', 'escalated']);
    // The tail: the 4-hour count stays high, then eases off.
    expect(await afterwards(h, [180, 180, 180, 180, 180, 180, 175, 170, 160, 150, 140, 130])).toEqual([]);
    const all = await h.store.list();
    const parent = all.find((i) => i.rule === 'crisis-wave');
    const warning = all.find((i) => i.rule === 'negative-surge');
    expect(parent?.status).toBe('resolved');
    expect(h.sent.filter((p) => p.incidentId === parent?.id).map((p) => p.kind)).toEqual(['firing', 'escalated', 'escalated', 'resolved']);
    expect(warning?.timeline.map((e) => e.text)).toContainEqual(expect.stringMatching(new RegExp(`not sent: ${parent?.id} \\(crisis-wave\\), resolved, told the team about these safety posts`)));
  });

  it('is sent once it outgrows what it counted when the crisis resolved', async () => {
    await wave(h, ['safety']);
    // 180 when the crisis resolved (minute 70); 400 later is more than twice that: news of its own.
    expect(await afterwards(h, [180, 180, 180, 180, 180, 180, 200, 260, 330, 400, 420])).toEqual(['firing']);
    const warning = (await h.store.list()).find((i) => i.rule === 'negative-surge');
    expect(warning?.timeline.map((e) => e.text)).toContainEqual(expect.stringMatching(/^grew from 180 to 400 after inc-.* resolved: no longer covered by it$/));
  });

  it('is sent as before when it is about something else than the crisis', async () => {
    await wave(h, ['service']);
    expect(await afterwards(h, [180, 180, 180, 180, 180, 180, 175], ['service'])).toEqual(['firing']);
  });
});
