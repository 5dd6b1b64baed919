import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../tools/demo/random.js';
import { countAlarms, simulateMinutes, type SeriesSpec } from './simulate.js';

const START = Date.parse('2026-03-02T00:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;

/**
 * The surge test on calm series, minute by minute as the rule runs: with the rule's per-test
 * threshold (1e-4 over 8 metrics × 3 windows ≈ 4e-6), a calm series must raise at most one alarm in
 * four weeks of minutes, whatever its volume, rhythm or noise. The bound stated: ≤ 1 alarm per 28
 * series-days for each kind below (the budget is 1 per 7 brand-days over ~8 series per brand).
 */
const ALPHA = 1e-4 / 24;
const KINDS: [string, Omit<SeriesSpec, 'days'>][] = [
  ['quiet Poisson (2 a day)', { perHour: 2 / 24 }],
  ['small brand Poisson with a daily rhythm', { perHour: 12, daily: 0.7 }],
  ['large brand, overdispersed, daily rhythm', { perHour: 1200, daily: 0.6, dispersion: 0.05 }],
  ['medium brand, very noisy hours', { perHour: 60, dispersion: 0.3 }],
];

describe('false alarms on calm series', () => {
  for (const [name, spec] of KINDS) {
    it(`${name}: at most one alarm in 28 series-days`, { timeout: 120_000 }, () => {
      let alarms = 0;
      let tested = 0;
      for (let seed = 1; seed <= 4; seed++) {
        const rng = createRandom(seed * 7919);
        const minutes = simulateMinutes(rng, { ...spec, days: 14 }, START);
        for (const windowMs of [5 * MIN, 15 * MIN, HOUR]) {
          const r = countAlarms(minutes, START, { windowMs, alpha: ALPHA, historyHours: 7 * 24, minCount: 4 });
          alarms += r.alarms;
          tested += r.tested;
        }
      }
      // 4 series × 7 tested days each, 3 windows: 28 series-days per window.
      expect(tested).toBe(4 * 3 * 7 * 24 * 60);
      console.log(`${name}: ${alarms} alarms in 28 series-days × 3 windows`);
      expect(alarms).toBeLessThanOrEqual(1);
    });
  }

  it('the same test finds a small wave against a quiet history', () => {
    const rng = createRandom(42);
    const minutes = simulateMinutes(rng, { perHour: 0.05, days: 8 }, START);
    // From minute 0 of the last day: one post every 2 minutes, then one a minute (8 in 15 minutes by minute 11).
    const at = 7 * 24 * 60 + 12 * 60;
    for (let m = 0; m < 15; m++) minutes[at + m] = (minutes[at + m] ?? 0) + (m < 6 ? (m % 2 === 0 ? 1 : 0) : 1);
    const r = countAlarms(minutes.slice(0, at + 15), START, { windowMs: 15 * MIN, alpha: ALPHA, historyHours: 7 * 24, minCount: 4 }, at);
    expect(r.alarms).toBe(1);
    expect(r.firingMinutes).toBeGreaterThanOrEqual(5);
  });
});
