import { z } from 'zod';
import { HOUR } from '../../clock.js';
import { duration } from '../../config/schema.js';
import type { CrisisCategory, Explanation, Severity } from '../../types.js';
import { countCusum, type CusumBlock } from '../stats/cusum.js';
import { breakdown } from '../windows.js';
import { explainInEnglish } from './explain.js';
import { BrandHistory } from './history.js';
import { METRICS, metricLabel } from './metrics.js';
import type { Firing, Rule, RuleSpec } from './rule.js';
import { countedPosts } from './surge.js';

const metric = z.enum(METRICS, { error: `expected one of ${METRICS.join(', ')}` });

const options = z
  .strictObject({
    /** The series watched, each with its own cumulative sum. @default neg, c:service */
    metrics: z.array(metric).min(1).default(['neg', 'c:service']),
    /** How far back the cumulative sum looks (hourly blocks; the last one is the hour under way). @default 8h */
    span: duration.default(8 * HOUR),
    /** The baseline before the span (hourly buckets). @default 7d */
    baseline: duration.default(7 * 24 * HOUR),
    /**
     * The least baseline before the span: a brand watched for less than this stays silent, and
     * until it has been watched for span + minHistory the span is shortened to the hours after its
     * first minHistory. @default 3h
     */
    minHistory: duration.default(3 * HOUR),
    /**
     * The rises it is tuned to find, as multiples of the usual rate: one cumulative sum per value
     * (a small shop's complaints triple, a large brand's grow by half). @default 1.5, 3, 6
     */
    rises: z.array(z.number().gt(1)).min(1).default([1.5, 3, 6]),
    /**
     * The line the cumulative sum must cross, in log-likelihood units: at most one false crossing
     * per e^threshold hours per series under the baseline. @default 9
     */
    threshold: z.number().positive().default(9),
    /** Floors over the excess: posts, and distinct authors when the excess is within the author retention. @default 5, 3 */
    minCount: z.number().int().min(1).default(5),
    minAuthors: z.number().int().min(1).default(3),
  })
  .refine((o) => o.minHistory <= o.baseline, { message: 'minHistory cannot be longer than baseline', path: ['minHistory'] });
type Options = z.output<typeof options>;

/**
 * A slow burn: anger that grows over hours without a burst any window would notice (refunds that
 * never come, nobody calls back). A one-sided count CUSUM per metric against the brand's baseline
 * before the span. It warns, and never pages as critical: a slow burn leaves time to look.
 */
export const slowBurnRule: RuleSpec<Options> = {
  type: 'slow-burn',
  description: "Warns when a metric drifts above the brand's own baseline for hours (cumulative sum of the excess, never critical).",
  options,
  create(id, o, ctx): Rule {
    const severity: Severity = ctx.severity === 'critical' ? 'warning' : ctx.severity;
    // Several series and rises share one false-alarm budget.
    const line = o.threshold + Math.log(o.metrics.length * o.rises.length);
    return {
      id,
      type: 'slow-burn',
      severity,
      brands: ctx.brands,
      scope: 'brand',
      async evaluate({ brand, now, windows }): Promise<Firing | null> {
        const currentHour = Math.floor(now / HOUR) * HOUR;
        const fullSpanStart = currentHour - Math.ceil(o.span / HOUR - 1) * HOUR;
        const history = await BrandHistory.read(windows, brand, fullSpanStart - o.baseline, currentHour);
        if (!history) return null;
        const spanStart = cusumStart(currentHour, history.firstHour, o);
        if (spanStart === undefined) return null;
        const historyMs = history.spanBefore(spanStart);
        const hours = await windows.hourly(brand, spanStart, currentHour);
        const partial = await windows.sum(brand, currentHour, now + 1);
        const buckets = [...hours, partial];
        let best: { score: number; explanation: Explanation } | undefined;
        for (const m of o.metrics) {
          const blocks: CusumBlock[] = buckets.map((b, i) => {
            const from = spanStart + i * HOUR;
            const to = Math.min(from + HOUR, now + 1);
            return { count: b[m] ?? 0, model: history.expect(m, spanStart, { from, to }, b) };
          });
          let capped: CusumBlock[] | undefined;
          for (const rho of o.rises) {
            let r = countCusum(blocks, rho);
            if (r.statistic < line || r.count < o.minCount) continue;
            // Crossed: count each block again with each author once, so one account
            // repeating itself does not make a rise (read only now: it costs a PFCOUNT per hour).
            capped ??= await capByAuthors(blocks, (i) => windows.authors(brand, m, spanStart + i * HOUR, Math.min(spanStart + (i + 1) * HOUR, now + 1)));
            r = countCusum(capped, rho);
            if (r.statistic < line || r.count < o.minCount) continue;
            const from = spanStart + r.start * HOUR;
            const authors = await windows.authors(brand, m, from, now + 1);
            if (authors !== undefined && authors < o.minAuthors) continue;
            const score = r.statistic;
            if (best && best.score >= score) continue;
            const since = await windows.sum(brand, from, now + 1);
            best = {
              score,
              explanation: {
                metric: m,
                count: r.count,
                ...(authors !== undefined ? { authors } : {}),
                windowMs: now + 1 - from,
                platforms: Object.entries(breakdown(since, 'x:'))
                  .filter(([k]) => k.endsWith(`:${m}`))
                  .sort((a, b) => b[1] - a[1])
                  .map(([k]) => k.slice(0, k.indexOf(':'))),
                categories: (m.startsWith('c:') ? [m.slice(2)] : Object.keys(breakdown(since, 'c:'))) as CrisisCategory[],
                expected: r.expected,
                historyMs,
                // The CUSUM's own false-alarm bound for this crossing: e^-statistic per block tested.
                pValue: Math.exp(-r.statistic),
              },
            };
          }
        }
        if (!best) return null;
        const e = best.explanation;
        return {
          severity,
          summary: `Slow rise: ${explainInEnglish(e)}`,
          figures: [
            { name: `${metricLabel(e.metric)} since the rise began`, value: e.count, baseline: Number((e.expected ?? 0).toPrecision(3)) },
            ...(e.authors !== undefined ? [{ name: 'distinct authors', value: e.authors, minimum: o.minAuthors }] : []),
          ],
          explanation: e,
          windowMs: e.windowMs,
        };
      },
    };
  },
};

/**
 * The first hour the cumulative sum adds up: `span` back from the hour under way, but never before
 * the brand has `minHistory` of baseline behind it (`firstHour`: the first hour of history read).
 * A brand watched for less than span + minHistory, such as one a team has just added, is watched
 * over the hours it has after its first `minHistory` rather than not at all (with a whole 8-hour
 * span only, its first 10 hours went unwatched: docs/detection.md). The baseline stays `minHistory`
 * at least, and its shortness is in the count model (the rate's uncertainty).
 * Undefined while there is less than `minHistory` before the hour under way.
 */
export function cusumStart(currentHour: number, firstHour: number | undefined, o: { span: number; minHistory: number }): number | undefined {
  if (firstHour === undefined) return undefined;
  const full = currentHour - Math.ceil(o.span / HOUR - 1) * HOUR;
  const earliest = firstHour + Math.ceil(o.minHistory / HOUR) * HOUR;
  const start = Math.max(full, earliest);
  return start <= currentHour ? start : undefined;
}

async function capByAuthors(blocks: readonly CusumBlock[], authors: (i: number) => Promise<number | undefined>): Promise<CusumBlock[]> {
  return Promise.all(
    blocks.map(async (b, i) => {
      if (b.count === 0) return b;
      const a = await authors(i);
      return { ...b, count: countedPosts(b.count, a) };
    }),
  );
}
