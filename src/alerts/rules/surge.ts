import { z } from 'zod';
import { HOUR, MINUTE } from '../../clock.js';
import { duration } from '../../config/schema.js';
import { formatDuration } from '../../duration.js';
import { SEVERE_CATEGORIES, type CrisisCategory, type Explanation, type Severity } from '../../types.js';
import { upperTail } from '../stats/tail.js';
import { breakdown, type Bucket } from '../windows.js';
import { explainInEnglish } from './explain.js';
import { BrandHistory } from './history.js';
import { METRICS, metricLabel } from './metrics.js';
import type { Firing, Rule, RuleSpec } from './rule.js';

const metric = z.enum(METRICS, { error: `expected one of ${METRICS.join(', ')}` });
const probability = z.number({ error: 'expected a probability, e.g. 1e-4' }).gt(0).lt(1);

const options = z
  .strictObject({
    /** What to watch: each is tested on each window. @default neg, severe and every crisis category */
    metrics: z.array(metric).min(1).default(['neg', 'severe', ...SEVERE_CATEGORIES.map((c) => `c:${c}` as const), 'c:fraud', 'c:service']),
    /** Trailing windows, each compared with what the brand's history predicts for it. @default 5m, 15m, 1h */
    windows: z.array(duration).min(1).default([5 * MINUTE, 15 * MINUTE, HOUR]),
    /** How much history makes the baseline (hourly buckets, within alerting.retention). @default 7d */
    baseline: duration.default(7 * 24 * HOUR),
    /** Less history than this (a brand just added) and the rule stays silent. @default 3h */
    minHistory: duration.default(3 * HOUR),
    /**
     * Fires when a count this unlikely (or less) under the baseline is seen, for the whole rule at
     * one evaluation: it is divided among the metrics × windows tested (Bonferroni). @default 1e-4
     */
    pValue: probability.default(1e-4),
    /** A floor in posts: below it nothing fires, however quiet the history. @default 4 */
    minCount: z.number().int().min(1).default(4),
    /** A floor in distinct authors: one account posting 40 times is not a wave. @default 3 */
    minAuthors: z.number().int().min(1).default(3),
    /** Metrics that can page as critical (the rest warn at most). @default severe, boycott, discrimination, violence, safety */
    criticalMetrics: z.array(metric).default(['severe', ...SEVERE_CATEGORIES.map((c) => `c:${c}` as const)]),
    /** The evidence a critical needs, for the whole rule at one evaluation, like pValue. @default 1e-7 */
    criticalPValue: probability.default(1e-7),
    /** Distinct authors a critical needs. @default 5 */
    criticalAuthors: z.number().int().min(1).default(5),
    /**
     * How much stronger each platform beyond the first that the wave has reached makes the evidence
     * for a critical: a wave that spreads from Weibo to X is more than a burst in one place. @default 10
     */
    spreadFactor: z.number().min(1).default(10),
    /**
     * A platform counts as reached when it has 2 posts or more and its own count is this unlikely
     * for it (its usual share of the expectation): a big brand's everyday posts on X beside a burst
     * on Weibo are not a spread. @default 0.01
     */
    spreadPValue: probability.default(0.01),
  })
  .refine((o) => o.criticalPValue <= o.pValue, { message: 'criticalPValue cannot be larger than pValue', path: ['criticalPValue'] })
  .refine((o) => o.minHistory <= o.baseline, { message: 'minHistory cannot be longer than baseline', path: ['minHistory'] });
type Options = z.output<typeof options>;

/**
 * The posts a window's test counts: each author once. Redis keeps a window's post count and its
 * number of distinct authors, not who posted how many, so any cap above one post an author has to
 * guess the split, and the least favourable guess (every author but one posted once, the last the
 * rest) lets the loudest account count for the cap. With a cap of two, one account flooding beside
 * two unrelated fraud posts in the same quarter hour counted as 4 posts against 0.1 expected and
 * warned (seed 812 × 1.5, flood scenario). People make a wave, so the test counts people; the
 * expectation stays in posts (history counts every post), which makes the test a little stricter
 * for a brand whose customers post twice, never looser.
 */
export function countedPosts(count: number, authors: number | undefined): number {
  if (authors === undefined) return count;
  return Math.min(count, authors);
}

interface Candidate {
  severity: Severity;
  p: number;
  explanation: Explanation;
}

/**
 * The brand's own baseline, by statistics rather than fixed numbers: for each metric and window,
 * the count is compared with what the brand's history predicts at this hour of the day (a robust
 * rate, a negative binomial that allows for noisy series and for a short history), and fires when
 * the upper-tail probability is small enough, with a floor in posts and in distinct authors. The
 * nature of the signal and the strength of the evidence set the severity.
 */
export const surgeRule: RuleSpec<Options> = {
  type: 'surge',
  description: "Fires when a metric over a trailing window is improbably high for the brand's own history at this hour (count model, p-value).",
  options,
  create(id, o, ctx): Rule {
    const tests = o.metrics.length * o.windows.length;
    const warnAt = o.pValue / tests;
    const criticalAt = o.criticalPValue / tests;
    const longest = Math.max(...o.windows);
    return {
      id,
      type: 'surge',
      severity: ctx.severity,
      brands: ctx.brands,
      scope: 'brand',
      async evaluate({ brand, now, windows }): Promise<Firing | null> {
        const lastEnd = Math.floor((now - Math.min(...o.windows)) / HOUR) * HOUR;
        const history = await BrandHistory.read(windows, brand, Math.floor((now - longest) / HOUR) * HOUR - o.baseline, lastEnd);
        if (!history) return null;
        const totals = await Promise.all(o.windows.map((w) => windows.sum(brand, now - w, now + 1)));
        let best: Candidate | undefined;
        for (const [wi, w] of o.windows.entries()) {
          const end = Math.floor((now - w) / HOUR) * HOUR;
          const historyMs = history.spanBefore(end);
          if (historyMs < o.minHistory) continue;
          const current = totals[wi] as Bucket;
          for (const m of o.metrics) {
            const count = current[m] ?? 0;
            if (count < o.minCount) continue;
            const model = history.expect(m, end, { from: now - w, to: now }, current);
            // Cheap pre-test on the raw count before asking Redis for the authors.
            if (upperTail(count, model) >= warnAt) continue;
            const authors = await windows.authors(brand, m, now - w, now + 1);
            if (authors !== undefined && authors < o.minAuthors) continue;
            const tested = countedPosts(count, authors);
            const p = upperTail(tested, model);
            if (p >= warnAt) continue;
            const platforms = Object.entries(breakdown(current, `x:`))
              .filter(([k]) => k.endsWith(`:${m}`))
              .map(([k, v]) => [k.slice(0, k.indexOf(':')), v] as const)
              .sort((a, b) => b[1] - a[1]);
            const shares = history.platformShares(m, end, platforms.map(([k]) => k));
            const reached = (k: string, v: number) => v >= 2 && upperTail(v, { mean: model.mean * (shares.get(k) ?? 1), size: model.size }) < o.spreadPValue;
            const spreadTo = platforms.filter(([k, v]) => reached(k, v)).length;
            const strength = p / o.spreadFactor ** Math.max(0, spreadTo - 1);
            const critical =
              o.criticalMetrics.includes(m) && strength < criticalAt && (authors ?? count) >= o.criticalAuthors;
            const severity: Severity = critical ? 'critical' : ctx.severity;
            const explanation: Explanation = {
              metric: m,
              count,
              ...(authors !== undefined ? { authors } : {}),
              windowMs: w,
              platforms: platforms.map(([k]) => k),
              categories: categoriesOf(m, current),
              expected: model.mean,
              historyMs,
              pValue: p,
            };
            const candidate = { severity, p: strength, explanation };
            if (!best || better(candidate, best)) best = candidate;
          }
        }
        if (!best) return null;
        const e = best.explanation;
        return {
          severity: best.severity,
          summary: explainInEnglish(e),
          figures: [
            // The window as other rules write it (`15m`, `4h`: channels show `15 min`, `4 h`, as in the
            // headline); the expectation to three significant digits, so a small one is not rounded to 0.
            { name: `${metricLabel(e.metric)} / ${formatDuration(e.windowMs)}`, value: e.count, baseline: Number((e.expected ?? 0).toPrecision(3)) },
            ...(e.authors !== undefined ? [{ name: 'distinct authors', value: e.authors, minimum: o.minAuthors }] : []),
          ],
          explanation: e,
          windowMs: e.windowMs,
        };
      },
    };
  },
};

function better(a: Candidate, b: Candidate): boolean {
  if (a.severity !== b.severity) return a.severity === 'critical';
  // The same evidence from a category and from `severe` or `crisis` as a whole: the category says more.
  const tie = Math.abs(Math.log(a.p) - Math.log(b.p)) < 1e-9;
  if (tie) return a.explanation.metric.startsWith('c:') && !b.explanation.metric.startsWith('c:');
  return a.p < b.p;
}

/** The crisis categories behind a metric in the window, most first. */
function categoriesOf(metric: string, current: Bucket): CrisisCategory[] {
  if (metric.startsWith('c:')) return [metric.slice(2) as CrisisCategory];
  const all = Object.keys(breakdown(current, 'c:')) as CrisisCategory[];
  return metric === 'severe' ? all.filter((c) => SEVERE_CATEGORIES.includes(c)) : all;
}
