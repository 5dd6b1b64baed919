import { DAY, HOUR } from '../../clock.js';
import { DEFAULT_BASELINE, exposureOf, firstHourShare, fitRate, learnSeasonality, predictive, ratePerHour, rhythmVariance, weeklyProfile, type DayCount, type HourCount, type RateFit, type Seasonality } from '../stats/baseline.js';
import type { CountModel } from '../stats/tail.js';
import { SEVERE_CATEGORIES } from '../../types.js';
import { breakdown, type Bucket, type WindowReader } from '../windows.js';

/** Pseudo-posts at the brand's split of all posts behind a metric's split across platforms. */
const SHARE_PRIOR_POSTS = 2;

/**
 * What share of a brand's posts the serious crisis metrics usually are, for their prior: 1 to 3% of
 * everyday posts get a category that can page (`npm run eval:crisis`: 1.1% with the crisis model's
 * veto, 2.1 to 2.7% from the terms alone), and 2.5%, near the top, pulls the least; a brand's own
 * share is learnt on top. Jeffreys' prior alone knows nothing of a rate's scale: a brand of 40
 * posts a day watched for 7 hours without a boycott post was expected to have one every 14 hours,
 * and one time in a thousand one every 78 minutes (nearly half its posts); its first boycott posts
 * were weighed against that. With half an event spread over the 12 hours its volume takes to make
 * it at this share: one every 38 hours, one time in a thousand every 3.5 hours. It weighs little
 * once a brand has a few days of history or a few hundred posts an hour, and never raises an
 * expectation (it adds exposure only). Each category gets the share of the four together: the
 * larger the share, the smaller the pull.
 */
const SEVERE_PRIOR_SHARE = 0.025;
const SEVERE_METRICS: ReadonlySet<string> = new Set(['severe', ...SEVERE_CATEGORIES.map((c) => `c:${c}`)]);

/** Whole days of volume read for the weekly rhythm: five of each weekday at most. */
const WEEKLY_HISTORY = 35 * DAY;

/**
 * A brand's hourly history as the statistical rules read it: whole hours from when the brand was
 * first seen (hours before are unknown, not quiet) up to an end, one read for every metric, and
 * the whole days of the last five weeks for the weekly rhythm.
 */
export class BrandHistory {
  private readonly fits = new Map<string, RateFit>();
  private readonly sums = new Map<number, Bucket>();
  private season?: Seasonality;

  private constructor(
    /** Start of each hour read, oldest first, and its bucket. */
    private readonly hours: readonly { start: number; bucket: Bucket }[],
    /** Whole days before the one being evaluated, oldest first. */
    private readonly days: readonly DayCount[],
    /** The watched part of the first hour read: less than 1 when it is the hour the brand was first seen in. */
    private readonly firstShare: number,
  ) {}

  /**
   * Hours of [max(from, first seen), to), or undefined when the brand was never seen. The hour the
   * brand was first seen in counts for the part of it that was watched (`firstHourShare`).
   */
  static async read(windows: WindowReader, brand: string, from: number, to: number): Promise<BrandHistory | undefined> {
    const first = await windows.firstSeen(brand);
    if (first === 0) return undefined;
    const start = Math.max(Math.floor(from / HOUR) * HOUR, Math.floor(first / HOUR) * HOUR);
    const today = Math.floor(to / DAY) * DAY;
    // The first day seen may be partial (watching began mid-day): only days after it are whole.
    const [buckets, days] = await Promise.all([
      start < to ? windows.hourly(brand, start, to) : Promise.resolve([]),
      windows.daily(brand, Math.max(today - WEEKLY_HISTORY, first + 1), today),
    ]);
    const firstHourRead = start === Math.floor(first / HOUR) * HOUR && buckets.length > 0;
    const postsSince = firstHourRead ? buckets.reduce((n, b) => n + (b.posts ?? 0), 0) : 0;
    return new BrandHistory(
      buckets.map((bucket, i) => ({ start: start + i * HOUR, bucket })),
      days,
      firstHourRead ? firstHourShare(first, postsSince, start + buckets.length * HOUR) : 1,
    );
  }

  /** Start of the first hour read (the later of the start asked for and the brand's first hour), if any. */
  get firstHour(): number | undefined {
    return this.hours[0]?.start;
  }

  /** The hours before `end`, as a span in ms. */
  spanBefore(end: number): number {
    const first = this.hours[0];
    return first ? Math.max(0, Math.min(end, (this.hours.at(-1)?.start ?? 0) + HOUR) - first.start) : 0;
  }

  private series(metric: string, end: number): HourCount[] {
    return this.hours.filter((h) => h.start + HOUR <= end).map((h, i) => ({ start: h.start, count: h.bucket[metric] ?? 0, share: i === 0 ? this.firstShare : 1 }));
  }

  /**
   * The brand's rhythm from its total volume: day of week from the whole days (flat until two of
   * each weekday are known), hour of day from all the hours read.
   */
  seasonality(): Seasonality {
    if (!this.season) {
      const weekly = weeklyProfile(this.days);
      this.season = learnSeasonality(this.series('posts', Infinity), weekly);
    }
    return this.season;
  }

  /** The fitted baseline of a metric on the hours before `end`. */
  fit(metric: string, end: number): RateFit {
    const key = `${metric}@${end}`;
    let fit = this.fits.get(key);
    if (!fit) {
      fit = fitRate(this.series(metric, end), this.seasonality(), DEFAULT_BASELINE, this.priorExposure(metric, end));
      this.fits.set(key, fit);
    }
    return fit;
  }

  /** Hours the prior's events are spread over: those the brand's volume takes to make them at the usual share. */
  private priorExposure(metric: string, end: number): number {
    if (!SEVERE_METRICS.has(metric)) return 0;
    const perHour = ratePerHour(this.fit('posts', end));
    return perHour > 0 ? DEFAULT_BASELINE.priorCount / (SEVERE_PRIOR_SHARE * perHour) : 0;
  }

  /**
   * Each platform's usual share of `metric` in the hours before `end`: the metric's own split,
   * drawn towards the brand's split of all its posts (which has the most data) by a couple of
   * pseudo-posts, so a brand that never had the metric still has shares, and a platform never seen
   * keeps a small one. `platforms` are those to answer for (the current window's).
   */
  platformShares(metric: string, end: number, platforms: readonly string[]): Map<string, number> {
    const sums = this.sumsBefore(end);
    const all = breakdown(sums, 'p:');
    const own = (k: string) => sums[`x:${k}:${metric}`] ?? 0;
    const known = new Set([...Object.keys(all), ...platforms]);
    const shares = new Map<string, number>();
    for (const k of platforms) {
      const usual = ((all[k] ?? 0) + 0.5) / ((sums.posts ?? 0) + 0.5 * known.size);
      shares.set(k, (own(k) + SHARE_PRIOR_POSTS * usual) / ((sums[metric] ?? 0) + SHARE_PRIOR_POSTS));
    }
    return shares;
  }

  /** Every field summed over the hours before `end`, once per `end` (an evaluation asks for a few). */
  private sumsBefore(end: number): Bucket {
    let sums = this.sums.get(end);
    if (!sums) {
      sums = {};
      for (const h of this.hours) {
        if (h.start + HOUR > end) continue;
        for (const [k, v] of Object.entries(h.bucket)) sums[k] = (sums[k] ?? 0) + v;
      }
      this.sums.set(end, sums);
    }
    return sums;
  }

  /**
   * What the history predicts for `metric` over [from, to) (its exposure: rhythm-weighted hours;
   * for the volume, with the rhythm's uncertainty at those hours), and, for a
   * metric that is part of the volume, the same raised by how far the current calm volume is above
   * its usual: a rise that only follows the volume (a product launch brings more of everything) is
   * not a rise of that metric. The larger of the two is the expectation.
   *
   * The volume that counts is the calm one (posts neither negative nor with crisis terms): a crisis
   * brings its own posts that no classifier tags as the metric ("my skin burned" beside "allergic
   * reaction"), and counting them as volume would let the wave raise its own expectation.
   * Buckets written before the calm count existed fall back to all other posts.
   *
   * The volume's rise is the posterior mean of a multiplier with a prior of one pseudo-post at the
   * usual volume, (calm + 1) / (usual + 1): ten times the volume of a busy brand counts as about
   * ten, while one ordinary post in the quarter hour of a brand that has 0.15 there counts as 1.7,
   * not as a sevenfold rise that would multiply a crisis category's expectation by seven.
   */
  expect(metric: string, end: number, span: { from: number; to: number }, current: Bucket): CountModel {
    const fit = this.fit(metric, end);
    const season = this.seasonality();
    const exposure = exposureOf(season, span.from, span.to);
    if (metric === 'posts' || metric === 'reachNeg' || metric === 'calm') {
      return predictive(fit, exposure, rhythmVariance(season, this.fit('posts', end), span.from, span.to));
    }
    // Other metrics leave the rhythm's uncertainty out: the window's own calm volume measures how
    // busy this hour is (the rise below), an hour of the day never seen included. Added on top of
    // it (what is left once that count is known, 1 / (1/variance + calm posts)), it made waves
    // wait in replays with a few hours of history (a big brand's safety wave 5 → 8 min with 4
    // hours, a shop's slow burn 96 → 118 min with 12) and removed no false alarm (docs/backtest.md).
    const model = predictive(fit, exposure);
    const calmKnown = current.calm !== undefined || this.hours.some((h) => h.bucket.calm !== undefined);
    const usual = calmKnown
      ? predictive(this.fit('calm', end), exposure).mean
      : Math.max(0, predictive(this.fit('posts', end), exposure).mean - model.mean);
    const volume = calmKnown ? (current.calm ?? 0) : Math.max(0, (current.posts ?? 0) - (current[metric] ?? 0));
    const rise = (volume + 1) / (usual + 1);
    return rise > 1 ? { mean: model.mean * rise, size: model.size } : model;
  }
}
