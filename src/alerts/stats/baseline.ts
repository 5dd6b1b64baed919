import { upperTail, type CountModel } from './tail.js';

/**
 * What a brand's own history predicts for a window: a rate per hour with an hour-of-day profile,
 * estimated robustly (hours that were a crisis themselves are left out, as Farrington's outbreak
 * detector downweights past outbreaks), an overdispersion estimated from the hours' scatter and
 * shrunk towards a mild prior, and the uncertainty of the rate itself when history is short (a
 * Gamma posterior: a brand watched for 3 hours is less certain than one watched for a week).
 *
 * Pure functions over hourly counts; no Redis, no clock.
 */

const HOUR = 3_600_000;

export interface HourCount {
  /** Start of the hour, ms since epoch. */
  start: number;
  count: number;
  /** The part of the hour that was watched, 0..1 (a brand's first hour may be partial: `firstHourShare`). @default 1 */
  share?: number;
}

/**
 * How much of a brand's first hour was watched. Only its first post's time is known: watching
 * began before it, by how much nobody recorded. Counting the whole hour makes a busy brand first
 * seen at 10:50 look a sixth as busy in that hour, and with the few hours of history a new brand
 * has, the rate over a quarter too low after 3 hours (false alarms); starting at the first post
 * itself makes a quiet brand's first post an event that costs no time (its rate too high). For a
 * steady stream, the wait from any moment to the next post averages one interval between posts,
 * so watching is taken to have begun one interval (measured on the posts after the first) before
 * the first post, and never before the hour's start: a busy brand's first hour is the part after
 * its first post, a quiet one's the whole hour, as before.
 *
 * @param firstSeen time of the brand's first post; @param postsSince posts counted in [firstSeen, to),
 * the first included; @param to end of the history read.
 */
export function firstHourShare(firstSeen: number, postsSince: number, to: number): number {
  // One post alone measures no interval.
  if (postsSince < 2) return 1;
  const hour = Math.floor(firstSeen / HOUR) * HOUR;
  const interval = (to - firstSeen) / (postsSince - 1);
  const watchedFrom = Math.max(hour, firstSeen - interval);
  return Math.min(1, Math.max(0, (hour + HOUR - watchedFrom) / HOUR));
}

export interface BaselineOptions {
  /** Prior events (Gamma shape) added to the history: 0.5 is Jeffreys' prior for a Poisson rate. */
  priorCount: number;
  /**
   * What each hour of the day starts with, at the average rate: pseudo-hours (a profile built on
   * few days stays near flat) and at least this many pseudo-events (a sparse series has no rhythm
   * to speak of).
   */
  profilePriorHours: number;
  profilePriorEvents: number;
  /** Prior relative variance of the hourly rate (the negative binomial's 1/size), and its weight in hours. */
  priorDispersion: number;
  priorDispersionHours: number;
  /** An hour of history this unlikely under the fit is treated as a past crisis and left out. */
  outlierP: number;
  /** ... but never more than this share of the hours (the largest first). */
  maxOutlierShare: number;
  /**
   * How far an hour of the day never seen may be from the rhythm learnt so far, as a relative
   * variance: 0.15 is a day whose hours range over about ±40% of the average hour, as social
   * media's day and night do (`rhythmVariance`).
   */
  rhythmPriorVariance: number;
}

export const DEFAULT_BASELINE: BaselineOptions = {
  priorCount: 0.5,
  profilePriorHours: 1,
  profilePriorEvents: 10,
  priorDispersion: 0.05,
  priorDispersionHours: 24,
  outlierP: 1e-4,
  maxOutlierShare: 0.125,
  rhythmPriorVariance: 0.15,
};

/** Hour-of-day factors (index = UTC hour), 1 on average: the daily rhythm. */
export type Profile = readonly number[];

/** Day-of-week factors (index = UTC day, 0 = Sunday), 1 on average: the weekly rhythm. */
export type WeekProfile = readonly number[];

/** Both rhythms: what a brand's volume does at a moment, relative to its average. */
export interface Seasonality {
  daily: Profile;
  weekly: WeekProfile;
  /**
   * For the hours the daily rhythm was learnt from (by start): the hour-of-day factor that hour
   * would have had, left out of the learning, where its hour of the day was seen on other days
   * too. What a fit's scatter is measured against, so that a rhythm learnt from the very hours it
   * is judged on does not hide their noise (see `fitRate`).
   */
  heldOut?: ReadonlyMap<number, number>;
  /** Days each hour of the day (index = UTC hour) was seen in the history the rhythm was learnt from. */
  daysSeen?: readonly number[];
}

export const FLAT_PROFILE: Profile = Array.from({ length: 24 }, () => 1);
export const FLAT_WEEK: WeekProfile = Array.from({ length: 7 }, () => 1);

const DAY = 24 * HOUR;
const hourOfDay = (t: number): number => Math.floor((((t % DAY) + DAY) % DAY) / HOUR);
// 1970-01-01 was a Thursday.
const dayOfWeek = (t: number): number => (((Math.floor(t / DAY) + 4) % 7) + 7) % 7;

/** The rhythm's factor at time t: hour of day times day of week (a bare profile has no week). */
export function factorAt(season: Profile | Seasonality, t: number): number {
  if (isProfile(season)) return season[hourOfDay(t)] ?? 1;
  return (season.daily[hourOfDay(t)] ?? 1) * (season.weekly[dayOfWeek(t)] ?? 1);
}

/** The factor of an hour of history as it would be had that hour been left out of the rhythm. */
function heldOutFactorAt(season: Profile | Seasonality, t: number): number {
  if (isProfile(season)) return factorAt(season, t);
  const daily = season.heldOut?.get(t) ?? season.daily[hourOfDay(t)] ?? 1;
  return daily * (season.weekly[dayOfWeek(t)] ?? 1);
}

function isProfile(season: Profile | Seasonality): season is Profile {
  return Array.isArray(season);
}

/** The fitted baseline of one series. */
export interface RateFit {
  /** Posterior Gamma of the rate per hour at profile factor 1: shape α (events), rate β (exposure). */
  alpha: number;
  beta: number;
  /** Relative variance of the hourly rate beyond Poisson (0 = Poisson). */
  dispersion: number;
  /** Hours of history used, and left out as outliers. */
  hours: number;
  outliers: number;
}

/** A fit's posterior mean rate per hour at rhythm factor 1. */
export function ratePerHour(fit: RateFit): number {
  return fit.alpha / Math.max(fit.beta, 1e-9);
}

/**
 * Fits a rate to hourly counts, given the rhythm; hours far above the fit are left out, twice over.
 *
 * @param priorExposure hours (at rhythm factor 1) the prior's `priorCount` events are spread over.
 * 0, the default, is Jeffreys' prior, which knows nothing of the rate's scale; a series known to
 * be a small share of a volume passes the hours that volume takes to make the prior's events at
 * that share (`BrandHistory.fit`).
 */
export function fitRate(history: readonly HourCount[], season: Profile | Seasonality = FLAT_PROFILE, o: BaselineOptions = DEFAULT_BASELINE, priorExposure = 0): RateFit {
  // An hour's exposure: its rhythm's factor times the part of it that was watched.
  const factor = history.map((h) => factorAt(season, h.start) * (h.share ?? 1));
  // The scatter is measured against each hour's held-out factor: with two days of history, a
  // rhythm learnt from them absorbs a third of each hour's noise (its weight against the prior,
  // shared by the two days), and a scatter measured in-sample then reads a noisy series as a
  // calmer one. Held out, each hour is predicted as a new hour would be, the rhythm's own error
  // included (simulated, two days of history, 20 posts an hour, relative variance 0.1: 20 false
  // alarms in 56 series-days in-sample, 0 held out; test/alerts/stats/false-alarms.test.ts).
  const scatterFactor = history.map((h) => heldOutFactorAt(season, h.start) * (h.share ?? 1));
  let kept = history.map(() => true);
  let fit = fitWith(history, factor, scatterFactor, kept, o, priorExposure);
  for (let pass = 0; pass < 3; pass++) {
    const model = (i: number): CountModel => hourModel(fit, factor[i] as number);
    const ps = history.map((h, i) => ({ i, p: upperTail(h.count, model(i)) }));
    const limit = Math.floor(history.length * o.maxOutlierShare);
    const out = new Set(
      ps
        .filter((x) => x.p < o.outlierP)
        .sort((a, b) => a.p - b.p)
        .slice(0, limit)
        .map((x) => x.i),
    );
    const next = history.map((_, i) => !out.has(i));
    if (next.every((k, i) => k === kept[i])) break;
    kept = next;
    fit = fitWith(history, factor, scatterFactor, kept, o, priorExposure);
  }
  return fit;
}

function fitWith(history: readonly HourCount[], factor: readonly number[], scatterFactor: readonly number[], kept: readonly boolean[], o: BaselineOptions, priorExposure: number): RateFit {
  let events = 0;
  let exposure = priorExposure;
  let n = 0;
  for (const [i, h] of history.entries()) {
    if (!kept[i]) continue;
    events += h.count;
    exposure += factor[i] as number;
    n += 1;
  }
  const alpha = o.priorCount + events;
  const beta = Math.max(exposure, 1e-9);
  const rate = alpha / beta;
  // Method of moments on what is left: Σ((x − μ)² − μ) / Σ μ² estimates the rate's relative variance.
  let num = 0;
  let den = 0;
  // The estimate's variance if the hours were Poisson (Var((x − μ)² − μ) = μ + 2μ²): about 2/(nμ²)
  // for busy hours, but large for a sparse series, whose few small counts scatter by chance alone.
  let nullVariance = 0;
  for (const [i, h] of history.entries()) {
    if (!kept[i]) continue;
    const mu = rate * (scatterFactor[i] as number);
    num += (h.count - mu) ** 2 - mu;
    den += mu * mu;
    nullVariance += mu + 2 * mu * mu;
  }
  // What the hours show beyond that chance scatter (one standard error off): a false post an hour
  // with 6 and 4 in two hours of a day is not yet a noisy series (it made a big brand's boycott
  // wait: docs/backtest.md), while a busy series' estimate hardly moves (its error is about √(2/n)/μ).
  const raw = den > 0 ? Math.max(0, (num - Math.sqrt(nullVariance)) / den) : 0;
  // Shrunk towards the prior when history is short, but never below what the hours show: an
  // underestimated dispersion is what makes false alarms on noisy series.
  const shrunk = (n * raw + o.priorDispersionHours * o.priorDispersion) / (n + o.priorDispersionHours);
  // A margin of one standard error of the moment estimate (about √(2/n) relative) on top.
  const dispersion = Math.min(4, Math.max(raw, shrunk) * (1 + Math.sqrt(2 / Math.max(n, 1))));
  return { alpha, beta, dispersion, hours: n, outliers: history.length - n };
}

/** The count model of one hour of history at a profile factor (for finding outliers). */
function hourModel(fit: RateFit, factor: number): CountModel {
  return predictive(fit, factor);
}

/**
 * The predictive distribution of a count over an exposure (hours × profile factor): the posterior
 * Gamma of the rate times a Gamma of relative variance `dispersion`, times the uncertainty of the
 * rhythm's factor at that hour (`rhythmVar`, from `rhythmVariance`), moment-matched to a negative
 * binomial. Exact (Gamma-Poisson) when the dispersion and the rhythm's uncertainty are 0.
 */
export function predictive(fit: RateFit, exposure: number, rhythmVar = 0): CountModel {
  const mean = (exposure * fit.alpha) / fit.beta;
  // The rate's own uncertainty: Poisson's 1/α, and the hours' scatter averaged over the hours seen
  // (a mean of 3 noisy hours is a noisy mean, which the Gamma posterior alone does not know).
  const rateVar = 1 / fit.alpha + fit.dispersion / Math.max(fit.hours, 1);
  const relVar = (1 + rateVar) * (1 + fit.dispersion) * (1 + rhythmVar) - 1;
  return { mean, size: relVar > 0 ? 1 / relVar : Infinity };
}

/**
 * How uncertain the rhythm's factor is over [from, to), as a relative variance: a brand watched for
 * five hours knows nothing yet of its evening, and one day of an hour tells its level only to
 * within that hour's noise. Each hour of the day has a prior of `rhythmPriorVariance` around the
 * rhythm learnt so far, narrowed by every day it was seen, each day a measurement with the noise of
 * one hour of volume (its dispersion and Poisson's 1/count): the posterior variance
 * 1 / (1/τ² + days/noise). Without it, a brand first watched at night took its morning's rise in
 * volume for a surge: simulated, 60 posts an hour with a ±30% day, hours of relative variance 0.1,
 * first seen at 00:50 and judged from its third hour to its fifteenth, 95 false alarms in 30
 * series-days (3 windows) before 5 December and 1 with it and the two other allowances
 * (`firstHourShare`, and the dispersion over the hours seen in `predictive`;
 * test/alerts/stats/false-alarms.test.ts). A week of history leaves about 0.01:
 * 1 / (1/0.15 + 7/0.1).
 *
 * @param volume the fit of the series the rhythm was learnt from (the brand's posts).
 */
export function rhythmVariance(season: Profile | Seasonality, volume: RateFit, from: number, to: number, o: BaselineOptions = DEFAULT_BASELINE): number {
  if (isProfile(season) || !season.daysSeen) return 0;
  const perHour = ratePerHour(volume);
  const noise = volume.dispersion + 1 / Math.max(perHour, 1e-9);
  let v = 0;
  let weight = 0;
  for (let t = from; t < to; ) {
    const end = Math.min(to, Math.floor(t / HOUR) * HOUR + HOUR);
    const days = season.daysSeen[hourOfDay(t)] ?? 0;
    const w = end - t;
    v += w / (1 / o.rhythmPriorVariance + days / noise);
    weight += w;
    t = end;
  }
  return weight > 0 ? v / weight : 0;
}

/** Exposure of [from, to) in rhythm-weighted hours. */
export function exposureOf(season: Profile | Seasonality, from: number, to: number): number {
  let e = 0;
  for (let t = from; t < to; ) {
    const end = Math.min(to, Math.floor(t / HOUR) * HOUR + HOUR);
    e += ((end - t) / HOUR) * factorAt(season, t);
    t = end;
  }
  return e;
}

/**
 * The daily rhythm of a series (the brand's total volume, which has the most data): each hour of
 * the day's observed count over its expected count at a flat rate, shrunk towards 1 by a few
 * pseudo-hours so one odd day does not make a rhythm. Crisis hours are left out first. A weekly
 * rhythm, when known, is divided out first (a quiet Sunday is not a quiet hour of the day).
 */
export function dailyProfile(history: readonly HourCount[], weekly: WeekProfile = FLAT_WEEK, o: BaselineOptions = DEFAULT_BASELINE): Profile {
  return learnSeasonality(history, weekly, o).daily;
}

/**
 * Both rhythms of a series, the daily one learnt as `dailyProfile` does, with each history hour's
 * held-out factor: its hour of the day's factor computed without that hour's own count (the other
 * hours' shares of the average are kept as they are; one hour moves the average by a
 * twenty-fourth of its own change at most).
 */
export function learnSeasonality(history: readonly HourCount[], weekly: WeekProfile = FLAT_WEEK, o: BaselineOptions = DEFAULT_BASELINE): Seasonality {
  if (history.length === 0) return { daily: FLAT_PROFILE, weekly };
  let profile: Profile = FLAT_PROFILE;
  const heldOut = new Map<number, number>();
  const seen = new Array<number>(24).fill(0);
  for (let pass = 0; pass < 2; pass++) {
    const season: Seasonality = { daily: profile, weekly };
    const fit = fitRate(history, season, o);
    const rate = fit.alpha / fit.beta;
    const observed = new Array<number>(24).fill(0);
    const expected = new Array<number>(24).fill(0);
    const own: { start: number; hour: number; count: number; expected: number }[] = [];
    // Outliers of this fit are left out of the profile as well.
    for (const h of history) {
      const i = hourOfDay(h.start);
      const f = factorAt(season, h.start) * (h.share ?? 1);
      if (upperTail(h.count, predictive(fit, f)) < o.outlierP) continue;
      const e = (rate * f) / (profile[i] ?? 1);
      observed[i] = (observed[i] as number) + h.count;
      expected[i] = (expected[i] as number) + e;
      own.push({ start: h.start, hour: i, count: h.count, expected: e });
    }
    const prior = Math.max(o.profilePriorHours * rate, o.profilePriorEvents);
    const raw = observed.map((x, i) => (x + prior) / ((expected[i] as number) + prior));
    const sum = raw.reduce((a, b) => a + b, 0);
    const mean = sum / 24;
    profile = raw.map((x) => (mean > 0 && Number.isFinite(x) ? x / mean : 1));
    if (pass === 0) continue;
    for (const h of own) seen[h.hour] = (seen[h.hour] as number) + 1;
    for (const h of own) {
      // An hour of the day seen on one day only keeps its factor as learnt: left out, it would
      // know nothing but the prior, and the whole rhythm would read as noise. Tried: holding it
      // out against its neighbouring hours instead, which made a big brand's boycott at half
      // speed wait five minutes more on a day of history (docs/backtest.md).
      if (seen[h.hour] === 1) continue;
      const without = ((observed[h.hour] as number) - h.count + prior) / ((expected[h.hour] as number) - h.expected + prior);
      const meanWithout = (sum - (raw[h.hour] as number) + without) / 24;
      heldOut.set(h.start, meanWithout > 0 && Number.isFinite(without) ? without / meanWithout : 1);
    }
  }
  return { daily: profile, weekly, heldOut, daysSeen: seen };
}

/** A whole day's count of a series; `start` is the UTC midnight it begins at. */
export interface DayCount {
  start: number;
  count: number;
}

/**
 * The weekly rhythm of a series from whole days: each weekday's mean count relative to the average
 * day, shrunk towards 1 as much as the day-to-day scatter says (an empirical-Bayes, James–Stein
 * weight: a weekday whose difference is within the noise stays near 1, a clear weekend dip is kept
 * whole). Flat until there are at least `minWeeks` of each weekday. Days far above the median (a
 * past crisis) are left out, as Farrington's detector leaves out past outbreaks: a crisis must not
 * teach that its weekday is busy.
 */
export function weeklyProfile(days: readonly DayCount[], o: WeeklyOptions = DEFAULT_WEEKLY): WeekProfile {
  const sorted = days.map((d) => d.count).sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  const kept = days.filter((d) => d.count <= o.outlierRatio * Math.max(median, 1));
  const byWeekday: number[][] = Array.from({ length: 7 }, () => []);
  const mean = kept.reduce((a, d) => a + d.count, 0) / Math.max(kept.length, 1);
  if (mean <= 0) return FLAT_WEEK;
  for (const d of kept) byWeekday[dayOfWeek(d.start)]?.push(d.count / mean);
  if (byWeekday.some((r) => r.length < o.minWeeks)) return FLAT_WEEK;
  const means = byWeekday.map((r) => r.reduce((a, b) => a + b, 0) / r.length);
  // Scatter of a day around its weekday's mean (never below Poisson's), and of the weekdays' means.
  let within = 0;
  for (const [w, r] of byWeekday.entries()) for (const x of r) within += (x - (means[w] as number)) ** 2;
  const noise = Math.max(within / Math.max(kept.length - 7, 1), 1 / mean);
  const grand = means.reduce((a, b) => a + b, 0) / 7;
  const spread = means.reduce((a, m) => a + (m - grand) ** 2, 0) / 6;
  const meanInverseN = byWeekday.reduce((a, r) => a + 1 / r.length, 0) / 7;
  const signal = Math.max(0, spread - noise * meanInverseN);
  const shrunk = means.map((m, w) => 1 + (signal / (signal + noise / (byWeekday[w] as number[]).length)) * (m - 1));
  const avg = shrunk.reduce((a, b) => a + b, 0) / 7;
  return shrunk.map((x) => x / avg);
}

export interface WeeklyOptions {
  /** Whole days of each weekday needed before the week has a rhythm. */
  minWeeks: number;
  /** A day above this multiple of the median day is a past crisis, left out. */
  outlierRatio: number;
}

export const DEFAULT_WEEKLY: WeeklyOptions = { minWeeks: 2, outlierRatio: 3 };
