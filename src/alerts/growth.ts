import type { VolumeMeasure } from '../types.js';

/** A headline figure: a count and, when the rule said, what it measured. */
export interface MeasuredCount {
  count: number;
  measure?: VolumeMeasure | undefined;
}

/**
 * Whether a figure reached `growth` times an earlier one. The same metric over another window (841
 * in 15 min, then 2,793 in 1 h) is compared as rates, so a longer window's larger count is not
 * taken for growth; anything else compares the counts.
 */
export function outgrows(now: MeasuredCount, base: MeasuredCount, growth: number): boolean {
  if (base.count <= 0) return now.count > 0;
  const a = now.measure;
  const b = base.measure;
  const [current, given] = a && b && a.metric === b.metric && a.windowMs !== b.windowMs ? [now.count / a.windowMs, base.count / b.windowMs] : [now.count, base.count];
  return current >= given * growth;
}
