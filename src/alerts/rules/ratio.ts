import { z } from 'zod';
import { duration } from '../../config/schema.js';
import { formatDuration } from '../../duration.js';
import type { Severity } from '../../types.js';
import { METRICS, metricLabel } from './metrics.js';
import type { Rule, RuleSpec } from './rule.js';

const share = z.number({ error: 'expected a share between 0 and 1, e.g. 0.6 for 60%' }).gt(0).max(1);

const options = z
  .strictObject({
    /** What is counted above the line. @default neg */
    metric: z.enum(METRICS, { error: `expected one of ${METRICS.join(', ')}` }).default('neg'),
    /** What it is a share of. @default posts */
    of: z.enum(METRICS, { error: `expected one of ${METRICS.join(', ')}` }).default('posts'),
    /** How far back from now both are summed. @default 1h */
    window: duration.default(60 * 60_000),
    /** Fires when metric / of reaches this share (0..1). */
    above: share,
    /** Fires as critical from this share (optional, higher than `above`). */
    criticalAbove: share.optional(),
    /** Below this many `of` in the window the share means nothing: a few posts, one of them angry. @default 30 */
    minVolume: z.number({ error: 'expected a number of posts' }).int().positive().default(30),
  })
  .refine((o) => o.criticalAbove === undefined || o.criticalAbove > o.above, {
    message: 'criticalAbove must be higher than above',
    path: ['criticalAbove'],
  })
  .refine((o) => o.metric !== o.of, { message: 'metric and of must differ', path: ['of'] });
type Options = z.output<typeof options>;

const pct = (x: number) => `${Math.round(100 * x)}%`;

/** A share (negative posts among all posts, by default) with a minimum volume, against a fixed threshold. */
export const ratioRule: RuleSpec<Options> = {
  type: 'ratio',
  description: 'Fires when one metric is a large share of another (negative among all posts) over a window, given enough volume.',
  options,
  create(id, o, ctx): Rule {
    return {
      id,
      type: 'ratio',
      severity: ctx.severity,
      brands: ctx.brands,
      scope: 'brand',
      async evaluate({ brand, now, windows }) {
        const totals = await windows.sum(brand, now - o.window, now + 1);
        const volume = totals[o.of] ?? 0;
        if (volume < o.minVolume) return null;
        const part = totals[o.metric] ?? 0;
        const ratio = part / volume;
        if (ratio < o.above) return null;
        const critical = o.criticalAbove !== undefined && ratio >= o.criticalAbove;
        const severity: Severity = critical ? 'critical' : ctx.severity;
        const threshold = critical ? (o.criticalAbove as number) : o.above;
        const span = formatDuration(o.window);
        return {
          severity,
          summary: `${pct(ratio)} of ${Math.round(volume)} ${metricLabel(o.of)} are ${metricLabel(o.metric)} in ${span} (threshold ${pct(threshold)})`,
          figures: [
            { name: `share of ${metricLabel(o.metric)} / ${span}`, value: Math.round(ratio * 1000) / 10, threshold: threshold * 100, unit: '%' },
            { name: `${metricLabel(o.of)} / ${span}`, value: volume, minimum: o.minVolume },
          ],
          windowMs: o.window,
        };
      },
    };
  },
};
