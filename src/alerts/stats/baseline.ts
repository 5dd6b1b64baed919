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
}

export const DEFAULT_BASELINE: BaselineOptions = {
  priorCount: 0.5,
  profilePriorHours: 1,
  profilePriorEvents: 10,
  priorDispersion: 0.05,
  priorDispersionHours: 24,
  outlierP: 1e-4,
  maxOutlierShare: 0.125,
};

/** Hour-of-day factors (index = UTC hour), 1 on average: the daily rhythm. */
export type Profile = readonly number[];

export const FLAT_PROFILE: Profile = Array.from({ length: 24 }, () => 1);

const hourOfDay = (t: number): number => Math.floor((((t % 86_400_000) + 86_400_000) % 86_400_000) / HOUR);

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

/** Fits a rate to hourly counts, given a profile; hours far above the fit are left out, twice over. */
export function fitRate(history: readonly HourCount[], profile: Profile = FLAT_PROFILE, o: BaselineOptions = DEFAULT_BASELINE): RateFit {
  const factor = history.map((h) => profile[hourOfDay(h.start)] ?? 1);
  let kept = history.map(() => true);
  let fit = fitWith(history, factor, kept, o);
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
    fit = fitWith(history, factor, kept, o);
  }
  return fit;
}

function fitWith(history: readonly HourCount[], factor: readonly number[], kept: readonly boolean[], o: BaselineOptions): RateFit {
  let events = 0;
  let exposure = 0;
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
  for (const [i, h] of history.entries()) {
    if (!kept[i]) continue;
    const mu = rate * (factor[i] as number);
    num += (h.count - mu) ** 2 - mu;
    den += mu * mu;
  }
  const raw = den > 0 ? Math.max(0, num / den) : 0;
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
 * Gamma of the rate times a Gamma of relative variance `dispersion`, moment-matched to a negative
 * binomial. Exact (Gamma-Poisson) when the dispersion is 0.
 */
export function predictive(fit: RateFit, exposure: number): CountModel {
  const mean = (exposure * fit.alpha) / fit.beta;
  const relVar = 1 / fit.alpha + fit.dispersion + fit.dispersion / fit.alpha;
  return { mean, size: relVar > 0 ? 1 / relVar : Infinity };
}

/** Exposure of [from, to) in profile-weighted hours. */
export function exposureOf(profile: Profile, from: number, to: number): number {
  let e = 0;
  for (let t = from; t < to; ) {
    const end = Math.min(to, Math.floor(t / HOUR) * HOUR + HOUR);
    e += ((end - t) / HOUR) * (profile[hourOfDay(t)] ?? 1);
    t = end;
  }
  return e;
}

/**
 * The daily rhythm of a series (the brand's total volume, which has the most data): each hour of
 * the day's observed count over its expected count at a flat rate, shrunk towards 1 by a few
 * pseudo-hours so one odd day does not make a rhythm. Crisis hours are left out first.
 */
export function dailyProfile(history: readonly HourCount[], o: BaselineOptions = DEFAULT_BASELINE): Profile {
  if (history.length === 0) return FLAT_PROFILE;
  let profile: Profile = FLAT_PROFILE;
  for (let pass = 0; pass < 2; pass++) {
    const fit = fitRate(history, profile, o);
    const rate = fit.alpha / fit.beta;
    const observed = new Array<number>(24).fill(0);
    const expected = new Array<number>(24).fill(0);
    // Outliers of this fit are left out of the profile as well.
    for (const h of history) {
      const i = hourOfDay(h.start);
      const mu = rate * (profile[i] ?? 1);
      if (upperTail(h.count, predictive(fit, profile[i] ?? 1)) < o.outlierP) continue;
      observed[i] = (observed[i] as number) + h.count;
      expected[i] = (expected[i] as number) + mu / (profile[i] ?? 1);
    }
    const prior = Math.max(o.profilePriorHours * rate, o.profilePriorEvents);
    const raw = observed.map((x, i) => (x + prior) / ((expected[i] as number) + prior));
    const mean = raw.reduce((a, b) => a + b, 0) / 24;
    profile = raw.map((x) => (mean > 0 && Number.isFinite(x) ? x / mean : 1));
  }
  return profile;
}
