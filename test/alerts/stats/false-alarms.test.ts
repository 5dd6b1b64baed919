import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../tools/demo/random.js';
import { dailyProfile, exposureOf, firstHourShare, fitRate, learnSeasonality, predictive, rhythmVariance, weeklyProfile } from '../../../src/alerts/stats/baseline.js';
import { countAlarms, countCusumAlarms, gamma, simulateMinutes, type SeriesSpec } from './simulate.js';

const START = Date.parse('2026-03-02T00:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;

/**
 * The surge test on calm series, minute by minute as the rule runs: with the loosest per-test
 * threshold the shipped rules use (`crisis-wave`: 2.5e-4 over 5 metrics × 3 windows ≈ 1.7e-5) and
 * floor (3 posts), a calm series must raise at most one alarm in four weeks of minutes, whatever
 * its volume, rhythm or noise. The bound stated: ≤ 1 alarm per 28 series-days for each kind below
 * (the budget is 1 per 7 brand-days over ~8 series per brand).
 */
const ALPHA = 2.5e-4 / 15;
const KINDS: [string, Omit<SeriesSpec, 'days'>][] = [
  ['quiet Poisson (2 a day)', { perHour: 2 / 24 }],
  ['small brand Poisson with a daily rhythm', { perHour: 12, daily: 0.7 }],
  ['large brand, overdispersed, daily rhythm', { perHour: 1200, daily: 0.6, dispersion: 0.05 }],
  ['medium brand, very noisy hours', { perHour: 60, dispersion: 0.3 }],
  // A series with about one post an hour whose rate still wanders: its few small counts tell little
  // of the wandering, and the fit must not take it for Poisson.
  ['sparse and noisy (one an hour)', { perHour: 1, dispersion: 0.5 }],
  ['sparse and very noisy (one an hour)', { perHour: 1, daily: 0.5, dispersion: 1.5 }],
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
          const r = countAlarms(minutes, START, { windowMs, alpha: ALPHA, historyHours: 7 * 24, minCount: 3 });
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

  // A brand added two days ago: its rhythm is learnt from the two days its hours are judged
  // against. Measured in-sample, the rhythm took a third of each hour's noise (its weight against
  // the prior, shared by two days) and the fit read a noisy series as a calmer one: 14 and 20
  // alarms here before the scatter was measured on held-out hours (src/alerts/stats/baseline.ts;
  // 6 and 12 at the stricter line of then). Eight series of a week each, so the bound is two.
  for (const [name, spec] of [
    ['two days of history, noisy hours with a daily rhythm', { perHour: 20, daily: 0.6, dispersion: 0.1 }],
    ['two days of history, noisy hours', { perHour: 20, dispersion: 0.1 }],
  ] as const) {
    it(`${name}: at most one alarm in 28 series-days`, { timeout: 120_000 }, () => {
      let alarms = 0;
      for (let seed = 1; seed <= 8; seed++) {
        const minutes = simulateMinutes(createRandom(seed * 7919), { ...spec, days: 9 }, START);
        for (const windowMs of [5 * MIN, 15 * MIN, HOUR]) {
          alarms += countAlarms(minutes, START, { windowMs, alpha: ALPHA, historyHours: 48, minCount: 3 }).alarms;
        }
      }
      console.log(`${name}: ${alarms} alarms in 56 series-days × 3 windows`);
      expect(alarms).toBeLessThanOrEqual(2);
    });
  }

  it('a large brand with quiet weekends: the weekly rhythm is learned and raises at most one alarm in 28 series-days', { timeout: 240_000 }, () => {
    let alarms = 0;
    for (let seed = 1; seed <= 4; seed++) {
      const rng = createRandom(seed * 104_729);
      // Three weeks: two to learn each weekday, the third tested.
      const minutes = simulateMinutes(rng, { perHour: 600, daily: 0.5, dispersion: 0.02, weekendDip: 0.5, days: 21 }, START);
      for (const windowMs of [15 * MIN, HOUR]) {
        alarms += countAlarms(minutes, START, { windowMs, alpha: ALPHA, historyHours: 7 * 24, minCount: 3 }, 14 * 24 * 60).alarms;
      }
    }
    console.log(`weekly rhythm: ${alarms} alarms in 28 series-days × 2 windows`);
    expect(alarms).toBeLessThanOrEqual(1);
  });

  it('the weekly rhythm is flat until two of each weekday are known, then close to the truth', () => {
    // 2026-03-02 is a Monday; weekends at half the weekdays' 1,000 posts a day.
    const days = (n: number) => Array.from({ length: n }, (_, d) => ({ start: START + d * 24 * HOUR, count: [5, 6].includes(d % 7) ? 500 : 1000 }));
    expect(weeklyProfile(days(13))).toEqual(Array.from({ length: 7 }, () => 1));
    const week = weeklyProfile(days(28));
    const weekday = week[1] as number;
    expect((week[0] as number) / weekday).toBeGreaterThan(0.45);
    expect((week[0] as number) / weekday).toBeLessThan(0.6);
    // What the baseline expects for a Sunday hour, from a week of hours (the last of the 28 days):
    // with the weekly rhythm, the weekend's rate; without it, the week's average (a third too high).
    const hours = Array.from({ length: 7 * 24 }, (_, h) => {
      const t = START + 21 * 24 * HOUR + h * HOUR;
      return { start: t, count: [0, 6].includes(new Date(t).getUTCDay()) ? 500 / 24 : 1000 / 24 };
    });
    const sunday = START + 27 * 24 * HOUR + 12 * HOUR;
    const season = { daily: dailyProfile(hours, week), weekly: week };
    const expected = predictive(fitRate(hours, season), exposureOf(season, sunday, sunday + HOUR)).mean;
    expect(expected).toBeGreaterThan((500 / 24) * 0.9);
    expect(expected).toBeLessThan((500 / 24) * 1.1);
    const flat = predictive(fitRate(hours), exposureOf(dailyProfile(hours), sunday, sunday + HOUR)).mean;
    expect(flat).toBeGreaterThan((500 / 24) * 1.25);
    // Days that only scatter (20% from day to day, no weekly pattern) make no rhythm to speak of.
    const rng = createRandom(5);
    const noisy = Array.from({ length: 28 }, (_, d) => ({ start: START + d * 24 * HOUR, count: Math.round(1000 * gamma(rng, 25) / 25) }));
    for (const f of weeklyProfile(noisy)) expect(Math.abs(f - 1)).toBeLessThan(0.08);
    // A crisis Tuesday (ten times the usual) does not teach that Tuesdays are busy.
    const withCrisis = days(28).map((d, i) => (i === 15 ? { ...d, count: 10_000 } : d));
    expect(Math.abs((weeklyProfile(withCrisis)[2] as number) - weekday)).toBeLessThan(0.05);
  });

  // A brand a team has just added, first seen at 00:50: judged from its third hour of history to its
  // fifteenth, through a morning whose hours it has never seen (a ±30% day, hours of relative
  // variance 0.1). Sixty series of twelve hours each (30 series-days), three windows: the bound of
  // the tests above, one per 28 series-days and window, is three. Before 5 December (the first hour
  // counted whole, the unseen hours' rhythm taken as known, the rate's uncertainty Poisson's only)
  // these series raised 17, 95 and 175 alarms.
  for (const perHour of [12, 60, 600]) {
    it(`newly watched, ${perHour} an hour, first seen at :50: at most three alarms in its first 30 series-days`, { timeout: 120_000 }, () => {
      const alarmsWith = (t: { wholeFirstHour: boolean; rhythmUncertainty: boolean }) => {
        let alarms = 0;
        for (let seed = 1; seed <= 60; seed++) {
          const minutes = simulateMinutes(createRandom(seed * 7919 + 50), { perHour, dispersion: 0.1, daily: 0.3, days: 1 }, START).slice(0, 15 * 60);
          minutes.fill(0, 0, 50);
          for (const windowMs of [5 * MIN, 15 * MIN, HOUR]) {
            alarms += countAlarms(minutes, START, { windowMs, alpha: ALPHA, historyHours: 7 * 24, minCount: 3, watchedFrom: 50, ...t }, 3 * 60 + windowMs / MIN).alarms;
          }
        }
        return alarms;
      };
      const now = alarmsWith({ wholeFirstHour: false, rhythmUncertainty: true });
      console.log(`newly watched, ${perHour} an hour: ${now} alarms in 30 series-days × 3 windows`);
      expect(now).toBeLessThanOrEqual(3);
      // The series are hard enough to tell: without the two corrections they alarm far more often.
      if (perHour >= 60) expect(alarmsWith({ wholeFirstHour: true, rhythmUncertainty: false })).toBeGreaterThan(20);
    });
  }

  // The serious-crisis metrics' prior (BrandHistory: half an event over the hours a brand's volume
  // takes to make it at a share of 2.5%) pulls a small brand's expectation down while its history is
  // short. Where the brand's own share is far above that (everyday posts about a helmet maker or a
  // pharmacy: burns, injuries, allergies) and comes in bursts, the pull must not make its ordinary
  // days alarm much more than Jeffreys' prior alone. 60 series of 40 posts a day, hours of relative
  // variance 0.5, judged every minute from their seventh hour to their 48th (102 series-days).
  for (const [share, bound] of [
    [0.1, 3],
    [0.25, 10],
  ] as const) {
    it(`a small brand whose serious-crisis share is ${share * 100}%, in bursts, in its first two days: at most ${bound} alarms in 102 series-days`, { timeout: 120_000 }, () => {
      const volumePerHour = 40 / 24;
      const alarmsWith = (priorShare: number | undefined) => {
        const priorExposure = priorShare === undefined ? 0 : 0.5 / (priorShare * volumePerHour);
        let alarms = 0;
        for (let seed = 1; seed <= 60; seed++) {
          const minutes = simulateMinutes(createRandom(seed * 6151 + 7), { perHour: volumePerHour * share, daily: 0.5, dispersion: 0.5, days: 2 }, START);
          for (const windowMs of [5 * MIN, 15 * MIN, HOUR]) {
            alarms += countAlarms(minutes, START, { windowMs, alpha: ALPHA, historyHours: 7 * 24, minCount: 3, priorExposure }, 7 * 60 + windowMs / MIN).alarms;
          }
        }
        return alarms;
      };
      const withPrior = alarmsWith(0.025);
      const tooStrong = alarmsWith(0.0025);
      console.log(`serious-crisis share ${share * 100}%: ${withPrior} alarms with the prior, ${alarmsWith(undefined)} with Jeffreys' alone, ${tooStrong} with a prior share ten times smaller`);
      expect(withPrior).toBeLessThanOrEqual(bound);
      // The series are hard enough to tell: a prior that claimed a share ten times smaller alarms more.
      expect(tooStrong).toBeGreaterThan(withPrior);
      if (share >= 0.25) expect(tooStrong).toBeGreaterThan(bound);
    });
  }

  it("a brand's first hour counts for the part of it that was watched", () => {
    const first = START + 50 * MIN;
    // Busy: 600 posts in the 3 h 10 min since its first post; watching began about 20 s before it.
    expect(firstHourShare(first, 600, START + 4 * HOUR)).toBeCloseTo(10 / 60 + 19 / 3600, 2);
    // Quiet: 3 posts in that time, one every hour or so: the whole hour, as before.
    expect(firstHourShare(first, 3, START + 4 * HOUR)).toBe(1);
    // One post only: nothing to measure an interval with, the whole hour.
    expect(firstHourShare(first, 1, START + HOUR)).toBe(1);
  });

  it('the rhythm is uncertain at hours of the day never seen, and less so with every day seen', () => {
    const hours = (days: number, from = 0) => Array.from({ length: days * 24 }, (_, h) => ({ start: START + (from + h) * HOUR, count: 60 }));
    const fresh = learnSeasonality(hours(1).slice(0, 5));
    const fit = fitRate(hours(1).slice(0, 5), fresh);
    const evening = START + 20 * HOUR;
    expect(rhythmVariance(fresh, fit, evening, evening + HOUR)).toBeCloseTo(0.15, 2);
    // Seen once, at 60 posts: about a third of the prior is left.
    expect(rhythmVariance(fresh, fit, START + 2 * HOUR, START + 3 * HOUR)).toBeLessThan(0.06);
    const week = learnSeasonality(hours(7));
    expect(rhythmVariance(week, fitRate(hours(7), week), evening, evening + HOUR)).toBeLessThan(0.01);
  });

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

/**
 * The slow-burn CUSUM on calm series, minute by minute as the rule runs it with the shipped
 * settings (an 8-hour span, rises 1.5, 3 and 6 on two series: the line 9 + ln 6, at least 5
 * posts): at most one false incident in 30 series-days for each kind, Poisson or noisy. With the
 * Poisson ratio divided by variance / mean (before), the medium brand with very noisy hours had 2
 * and the sparse, very noisy one 1; with the negative binomial's own ratio, 0 and 0.
 */
describe('the slow-burn CUSUM on calm series', () => {
  // config/vigie.yaml's slow-burn: 7 days of baseline, an 8-hour span, threshold 9 over 2 series × 3 rises.
  const SLOW_BURN = { historyHours: 7 * 24, spanHours: 8, rises: [1.5, 3, 6], line: 9 + Math.log(6), minCount: 5 };
  const CUSUM_KINDS: [string, Omit<SeriesSpec, 'days'>][] = [
    ["a shop's complaints (one every four hours)", { perHour: 0.25 }],
    ['small brand Poisson with a daily rhythm', { perHour: 2, daily: 0.7 }],
    ['medium brand, very noisy hours', { perHour: 20, dispersion: 0.3 }],
    ['large brand, overdispersed, daily rhythm', { perHour: 300, daily: 0.6, dispersion: 0.05 }],
    ['sparse and very noisy (one an hour)', { perHour: 1, daily: 0.5, dispersion: 1.5 }],
  ];
  for (const [name, spec] of CUSUM_KINDS) {
    it(`${name}: at most one false incident in 30 series-days`, { timeout: 120_000 }, () => {
      let alarms = 0;
      let tested = 0;
      for (let seed = 1; seed <= 4; seed++) {
        const minutes = simulateMinutes(createRandom(seed * 7919), { ...spec, days: 15 }, START);
        const r = countCusumAlarms(minutes, START, SLOW_BURN);
        alarms += r.alarms;
        tested += r.tested;
      }
      expect(tested).toBe(4 * (15 * 24 - 7 * 24 - 8) * 60);
      console.log(`slow burn, ${name}: ${alarms} false incidents in ${(tested / 1440).toFixed(1)} series-days`);
      expect(alarms).toBeLessThanOrEqual(1);
    });
  }

  // A brand a team has just added: the rule starts 3 hours after its first post, the span shortened
  // so that those hours stay its baseline (`cusumStart`); it used to wait for a whole span with 3
  // hours before it (10 hours). On the same simulated first days and a half (40 a kind), the
  // shortened span, which tests 7 hours a day more, must raise no more false incidents per
  // series-day tested than waiting did, give or take one.
  //
  // Both raise many on these bare series (printed): 3 to 29 hours say little of a series' noise or
  // rhythm, and the simulated series is the whole volume. The rule's metrics are shares of the
  // volume, whose own rise above its usual raises their expectation (BrandHistory.expect), which is
  // why the backtest's calm weeks, first days included, stay quiet (docs/detection.md).
  for (const [name, spec] of CUSUM_KINDS) {
    it(`${name}, newly watched: the shortened span raises no more false incidents per day than waiting`, { timeout: 120_000 }, () => {
      const count = (fullSpanOnly: boolean) => {
        let alarms = 0;
        let tested = 0;
        for (let seed = 1; seed <= 40; seed++) {
          const minutes = simulateMinutes(createRandom(seed * 104_729), { ...spec, days: 1.5 }, START);
          const r = countCusumAlarms(minutes, START, { ...SLOW_BURN, newBrand: { minHistoryHours: 3, fullSpanOnly } });
          alarms += r.alarms;
          tested += r.tested;
        }
        return { alarms, tested };
      };
      const shortened = count(false);
      const waited = count(true);
      expect(shortened.tested).toBe(40 * (36 - 3) * 60);
      // From the last minute of hour 9: then the span, 7 hours and the one under way, has 3 before it.
      expect(waited.tested).toBe(40 * (36 * 60 - (10 * 60 - 1)));
      console.log(
        `slow burn, ${name}, newly watched: ${shortened.alarms} false incidents in ${(shortened.tested / 1440).toFixed(1)} series-days ` +
          `(waiting for a whole span: ${waited.alarms} in ${(waited.tested / 1440).toFixed(1)})`,
      );
      expect(shortened.alarms).toBeLessThanOrEqual((waited.alarms * shortened.tested) / waited.tested + 1);
    });
  }

  it('the same CUSUM finds complaints at nine times the usual rate within three hours', () => {
    const minutes = simulateMinutes(createRandom(11), { perHour: 0.5, days: 9 }, START);
    // From the last day's noon, one complaint every quarter hour more (4.5 an hour against 0.5):
    // no quarter hour stands out, the hours do.
    const at = 8 * 24 * 60 + 12 * 60;
    for (let m = 0; m < 180; m += 15) minutes[at + m] = (minutes[at + m] ?? 0) + 1;
    const r = countCusumAlarms(minutes.slice(0, at + 180), START, SLOW_BURN);
    expect(r.alarms).toBe(1);
  });
});
