import { z } from 'zod';
import { HOUR } from '../../clock.js';
import { duration } from '../../config/schema.js';
import { formatDuration } from '../../duration.js';
import type { Severity } from '../../types.js';
import { formatNumber } from '../format.js';
import { METRICS, metricLabel } from './metrics.js';
import type { Rule, RuleSpec } from './rule.js';

const options = z
  .strictObject({
    /** What to count: posts, neg, pos, crisis, reachNeg or c:<category>. @default neg */
    metric: z.enum(METRICS, { error: `expected one of ${METRICS.join(', ')}` }).default('neg'),
    /** The current window, summed back from now. @default 1h */
    window: duration.default(HOUR),
    /** How much history before the current window makes the baseline (hourly buckets). @default 7d */
    baseline: duration.default(7 * 24 * HOUR),
    /** The current window must reach this many times the baseline. @default 3 */
    factor: z.number({ error: 'expected a number, e.g. 3' }).min(1).default(3),
    /** ... and the baseline plus this many standard deviations (Huginn's peak detector uses 3). @default 3 */
    sigma: z.number({ error: 'expected a number of standard deviations, e.g. 3' }).min(0).default(3),
    /** ... and at least this much in absolute terms, so 2 posts after a quiet night are no spike. @default 20 */
    minVolume: z.number({ error: 'expected a number' }).positive().default(20),
    /** Less history than this (a brand just added) and the rule stays silent. @default 3h */
    minBaseline: duration.default(3 * HOUR),
    /** Fires as critical from this many times the baseline (optional, higher than `factor`). */
    criticalFactor: z.number().min(1).optional(),
  })
  .refine((o) => o.criticalFactor === undefined || o.criticalFactor > o.factor, {
    message: 'criticalFactor must be higher than factor',
    path: ['criticalFactor'],
  })
  .refine((o) => o.minBaseline <= o.baseline, { message: 'minBaseline cannot be longer than baseline', path: ['minBaseline'] });
type Options = z.output<typeof options>;

/** Median and median absolute deviation: a past crisis in the baseline does not hide the next one. */
export function robustStats(samples: readonly number[]): { median: number; spread: number } {
  const median = quantile(samples);
  const mad = quantile(samples.map((x) => Math.abs(x - median)));
  // 1.4826 × MAD estimates the standard deviation of normally distributed data.
  return { median, spread: 1.4826 * mad };
}

function quantile(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/**
 * The current window against the brand's own trailing baseline, like Meltwater's spike alerts
 * (the last hour against the previous ones) and Huginn's peak detector (mean + 3σ). The baseline
 * is robust (median and MAD over hourly buckets), scaled to the window, with a Poisson floor on
 * the spread so a brand that is always quiet does not alert on noise.
 */
export const spikeRule: RuleSpec<Options> = {
  type: 'spike',
  description: "Fires when a metric over the current window jumps above the brand's own trailing baseline (factor, σ and a minimum volume).",
  options,
  create(id, o, ctx): Rule {
    return {
      id,
      type: 'spike',
      severity: ctx.severity,
      brands: ctx.brands,
      scope: 'brand',
      async evaluate({ brand, now, windows }) {
        // Whole hours before the current window; hours before the brand was first seen are unknown, not quiet.
        const end = Math.floor((now - o.window) / HOUR) * HOUR;
        const first = await windows.firstSeen(brand);
        if (first === 0) return null;
        const start = Math.max(end - o.baseline, Math.floor(first / HOUR) * HOUR);
        if (end - start < o.minBaseline) return null;
        const [totals, hours] = await Promise.all([windows.sum(brand, now - o.window, now + 1), windows.hourly(brand, start, end)]);
        const current = totals[o.metric] ?? 0;
        if (current < o.minVolume) return null;

        const scale = o.window / HOUR;
        const { median, spread: hourlySpread } = robustStats(hours.map((h) => h[o.metric] ?? 0));
        const expected = median * scale;
        // Counts add up like independent draws: the spread grows with the square root of the window.
        const spread = Math.max(hourlySpread * Math.sqrt(scale), Math.sqrt(Math.max(expected, 1)));
        const threshold = Math.max(o.minVolume, o.factor * expected, expected + o.sigma * spread);
        if (current < threshold) return null;

        const critical = o.criticalFactor !== undefined && current >= Math.max(threshold, o.criticalFactor * expected);
        const severity: Severity = critical ? 'critical' : ctx.severity;
        const span = formatDuration(o.window);
        const label = metricLabel(o.metric);
        const ratio = current / expected;
        const times = expected > 0 ? `${ratio < 100 ? String(round1(ratio)) : formatNumber(Math.round(ratio))}× the usual ${formatNumber(round1(expected))}` : 'usually none';
        return {
          severity,
          summary: `${formatNumber(Math.round(current))} ${label} in ${span}, ${times} (baseline: ${formatDuration(end - start)} of history)`,
          figures: [
            { name: `${label} / ${span}`, value: current, baseline: round1(expected), threshold: round1(threshold) },
            { name: `usual spread (σ) / ${span}`, value: round1(spread) },
          ],
          windowMs: o.window,
        };
      },
    };
  },
};

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
