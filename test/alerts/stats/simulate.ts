import type { Random } from '../../../tools/demo/random.js';
import { dailyProfile, exposureOf, firstHourShare, fitRate, learnSeasonality, predictive, rhythmVariance, weeklyProfile, type DayCount, type HourCount, type Seasonality } from '../../../src/alerts/stats/baseline.js';
import { countCusum, type CusumBlock } from '../../../src/alerts/stats/cusum.js';
import { upperTail } from '../../../src/alerts/stats/tail.js';
import { cusumStart } from '../../../src/alerts/rules/slow-burn.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

/** A Gamma(shape, 1) deviate (Marsaglia and Tsang), for overdispersed rates. */
export function gamma(rng: Random, shape: number): number {
  if (shape < 1) return gamma(rng, shape + 1) * rng.next() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = rng.normal();
    const v = (1 + c * x) ** 3;
    if (v <= 0) continue;
    const u = rng.next();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

export interface SeriesSpec {
  /** Mean events per hour. */
  perHour: number;
  /** Hour-of-day amplitude: the rate goes from (1 − a) to (1 + a) over the day. */
  daily?: number;
  /** Relative variance of each hour's rate (0: Poisson; 0.3: noisy). */
  dispersion?: number;
  /** Weekend dip: Saturdays and Sundays at (1 − w) of the weekdays' rate. */
  weekendDip?: number;
  days: number;
}

const DAY = 24 * HOUR;
const isWeekend = (t: number) => [0, 6].includes(new Date(t).getUTCDay());

/** Per-minute counts: each hour's rate drawn once (Gamma around the daily curve), minutes Poisson. */
export function simulateMinutes(rng: Random, s: SeriesSpec, start: number): number[] {
  const out: number[] = [];
  for (let h = 0; h < s.days * 24; h++) {
    const hod = ((start + h * HOUR) / HOUR) % 24;
    const week = isWeekend(start + h * HOUR) ? 1 - (s.weekendDip ?? 0) : 1;
    const curve = week * (1 + (s.daily ?? 0) * Math.sin((2 * Math.PI * (hod - 9)) / 24));
    const k = s.dispersion ?? 0;
    const noise = k > 0 ? gamma(rng, 1 / k) * k : 1;
    const perMinute = (s.perHour * curve * noise) / 60;
    for (let m = 0; m < 60; m++) out.push(rng.poisson(perMinute));
  }
  return out;
}

/** Per-minute counts summed into hours (the last one may be partial). */
function hourlyCounts(minutes: readonly number[], start: number): HourCount[] {
  const hourly: HourCount[] = [];
  for (let h = 0; h * 60 < minutes.length; h++) {
    let c = 0;
    for (let m = 0; m < 60; m++) c += minutes[h * 60 + m] ?? 0;
    hourly.push({ start: start + h * HOUR, count: c });
  }
  return hourly;
}

export interface TestSpec {
  windowMs: number;
  /** Per-test threshold. */
  alpha: number;
  /** History used, hours. */
  historyHours: number;
  minCount: number;
  /**
   * Minute the series began to be watched (its minutes before are zero): hours before the one of its
   * first post are unknown, and that hour counts for its watched share, as BrandHistory reads a
   * brand first seen part-way through an hour. `wholeFirstHour` counts that hour whole instead.
   */
  watchedFrom?: number;
  wholeFirstHour?: boolean;
  /** False: leave the rhythm's uncertainty out of the model (`rhythmVariance`). @default true */
  rhythmUncertainty?: boolean;
  /** Hours the prior's events are spread over (`fitRate`'s `priorExposure`; 0: Jeffreys' prior). */
  priorExposure?: number;
}

/** The hours BrandHistory reads for a series first seen at its first post from `watchedFrom` on. */
function watchedHours(minutes: readonly number[], hourly: readonly HourCount[], start: number, watchedFrom: number, end: number, t: TestSpec): HourCount[] {
  const firstMinute = minutes.findIndex((c, i) => i >= watchedFrom && c > 0);
  if (firstMinute < 0) return [];
  const firstHour = Math.floor(firstMinute / 60);
  const from = Math.max(firstHour, end - t.historyHours);
  const hist = hourly.slice(from, end).map((h) => ({ ...h }));
  const head = hist[0];
  if (head && from === firstHour && !t.wholeFirstHour) {
    const posts = hist.reduce((n, h) => n + h.count, 0);
    head.share = firstHourShare(start + firstMinute * MIN, posts, start + end * HOUR);
  }
  return hist;
}

/**
 * The surge test as the rule runs it, minute by minute over the days after the first `historyHours`:
 * how many minutes would fire, and how many separate alarms (runs of firing minutes, apart by more
 * than the window) that makes.
 */
export function countAlarms(minutes: readonly number[], start: number, t: TestSpec, from = t.historyHours * 60): { firingMinutes: number; alarms: number; tested: number } {
  const hourly = hourlyCounts(minutes, start);
  const w = t.windowMs / MIN;
  let firingMinutes = 0;
  let alarms = 0;
  let lastFire = -Infinity;
  let tested = 0;
  let cacheEnd = -1;
  const days: DayCount[] = [];
  for (let d = 0; d * 24 < hourly.length; d++) days.push({ start: start + d * DAY, count: hourly.slice(d * 24, d * 24 + 24).reduce((a, h) => a + h.count, 0) });
  let fit = fitRate([]);
  let season: Seasonality = { daily: dailyProfile([]), weekly: weeklyProfile([]) };
  let window = 0;
  for (let i = 0; i < from; i++) window += i >= from - w ? (minutes[i] ?? 0) : 0;
  for (let i = from; i < minutes.length; i++) {
    window += (minutes[i] ?? 0) - (minutes[i - w] ?? 0);
    const now = start + (i + 1) * MIN;
    const end = Math.floor((now - t.windowMs - start) / HOUR);
    if (end !== cacheEnd) {
      const hist = t.watchedFrom === undefined ? hourly.slice(Math.max(0, end - t.historyHours), end) : watchedHours(minutes, hourly, start, t.watchedFrom, end, t);
      // Whole days before the current one, five weeks at most, as BrandHistory reads them.
      const today = Math.floor(now / DAY) * DAY;
      const weekly = weeklyProfile(days.filter((d) => d.start < today && d.start >= today - 35 * DAY));
      season = learnSeasonality(hist, weekly);
      fit = fitRate(hist, season, undefined, t.priorExposure);
      cacheEnd = end;
    }
    tested += 1;
    if (window < t.minCount) continue;
    const rhythm = t.rhythmUncertainty === false ? 0 : rhythmVariance(season, fit, now - t.windowMs, now);
    const p = upperTail(window, predictive(fit, exposureOf(season, now - t.windowMs, now), rhythm));
    if (p < t.alpha) {
      firingMinutes += 1;
      if (i - lastFire > w) alarms += 1;
      lastFire = i;
    }
  }
  return { firingMinutes, alarms, tested };
}

export interface CusumTestSpec {
  /** Hours of history before the span, as the rule's `baseline`. */
  historyHours: number;
  /** Hourly blocks summed, the hour under way included, as the rule's `span`. */
  spanHours: number;
  rises: readonly number[];
  /** The line, log-likelihood units (the rule's threshold plus the log of its series × rises). */
  line: number;
  minCount: number;
  /**
   * A brand watched from the series' first minute: the test runs from its hour `minHistoryHours`
   * on, with the span shortened as the rule shortens it (`cusumStart`), or, with `fullSpanOnly`,
   * only once a whole span has `minHistoryHours` of baseline before it (the rule before 2026-12-05).
   * Without it, the test starts once a full baseline and span are behind it.
   */
  newBrand?: { minHistoryHours: number; fullSpanOnly?: boolean };
}

/**
 * The slow-burn rule's test as it runs, minute by minute: a count CUSUM over hourly blocks of the
 * span (the last one the hour under way) against the rate fitted on the hours before the span, for
 * each rise. Alarms are incidents: a firing counts unless the last one was at most 45 minutes
 * before (the default resolveAfter).
 */
export function countCusumAlarms(minutes: readonly number[], start: number, t: CusumTestSpec): { alarms: number; tested: number } {
  const hourly = hourlyCounts(minutes, start);
  let alarms = 0;
  let tested = 0;
  let lastFire = -Infinity;
  let cachedSpan = -1;
  let fit = fitRate([]);
  let season: Seasonality = { daily: dailyProfile([]), weekly: weeklyProfile([]) };
  const nb = t.newBrand;
  const first = nb ? nb.minHistoryHours * 60 : t.historyHours * 60 + t.spanHours * 60;
  for (let i = first; i < minutes.length; i++) {
    const now = start + (i + 1) * MIN;
    const currentHour = Math.floor((i + 1) / 60);
    const full = currentHour - (t.spanHours - 1);
    let spanStart = full;
    if (nb) {
      const firstHour = Math.max(0, full - t.historyHours);
      const start = nb.fullSpanOnly
        ? full - firstHour >= nb.minHistoryHours
          ? full * HOUR
          : undefined
        : cusumStart(currentHour * HOUR, firstHour * HOUR, { span: t.spanHours * HOUR, minHistory: nb.minHistoryHours * HOUR });
      if (start === undefined) continue;
      spanStart = start / HOUR;
    }
    if (spanStart !== cachedSpan) {
      const hist = hourly.slice(Math.max(0, spanStart - t.historyHours), spanStart);
      season = learnSeasonality(hist);
      fit = fitRate(hist, season);
      cachedSpan = spanStart;
    }
    const blocks: CusumBlock[] = [];
    for (let h = spanStart; h <= currentHour; h++) {
      const from = start + h * HOUR;
      const to = Math.min(from + HOUR, now);
      if (to <= from) continue;
      let count = 0;
      for (let m = h * 60; m < Math.min((h + 1) * 60, i + 1); m++) count += minutes[m] ?? 0;
      blocks.push({ count, model: predictive(fit, exposureOf(season, from, to)) });
    }
    tested += 1;
    const fires = t.rises.some((rho) => {
      const r = countCusum(blocks, rho);
      return r.statistic >= t.line && r.count >= t.minCount;
    });
    // An open incident takes refirings until it has been quiet for resolveAfter (45 min).
    if (fires && i - lastFire > 45) alarms += 1;
    if (fires) lastFire = i;
  }
  return { alarms, tested };
}
