import { z } from 'zod';
import { duration } from '../../config/schema.js';
import { formatDuration } from '../../duration.js';
import type { Severity } from '../../types.js';
import { METRICS, metricLabel } from './metrics.js';
import type { Rule, RuleSpec } from './rule.js';

const options = z.strictObject({
  /** What to count: posts, neg, pos, crisis, reachNeg or c:<category>. */
  metric: z.enum(METRICS, { error: `expected one of ${METRICS.join(', ')}` }),
  /** How far back from now the metric is summed. @default 15m */
  window: duration.default(15 * 60_000),
  /** Fires when the sum reaches this. */
  above: z.number({ error: 'expected a number' }).positive(),
  /** Fires as critical when the sum reaches this (optional, higher than `above`). */
  criticalAbove: z.number().positive().optional(),
});
type Options = z.output<typeof options>;

/** A metric summed over a trailing window, against a fixed threshold. */
export const thresholdRule: RuleSpec<Options> = {
  type: 'threshold',
  description: 'Fires when a per-brand metric summed over a trailing window reaches a threshold.',
  options,
  create(id, o, ctx): Rule {
    return {
      id,
      type: 'threshold',
      severity: ctx.severity,
      brands: ctx.brands,
      scope: 'brand',
      async evaluate({ brand, now, windows }) {
        const totals = await windows.sum(brand, now - o.window, now + 1);
        const value = totals[o.metric] ?? 0;
        if (value < o.above) return null;
        const critical = o.criticalAbove !== undefined && value >= o.criticalAbove;
        const severity: Severity = critical ? 'critical' : ctx.severity;
        const threshold = critical ? (o.criticalAbove as number) : o.above;
        return {
          severity,
          summary: `${Math.round(value)} ${metricLabel(o.metric)} in ${formatDuration(o.window)} (threshold ${threshold})`,
          figures: [{ name: `${metricLabel(o.metric)} / ${formatDuration(o.window)}`, value, threshold }],
          windowMs: o.window,
        };
      },
    };
  },
};
