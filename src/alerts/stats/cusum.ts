import type { CountModel } from './tail.js';

/**
 * A one-sided CUSUM for counts (Page's cumulative sum, in Lucas's Poisson form): for each block,
 * the log-likelihood ratio of "the rate is `rho` times the baseline" against "it is the baseline",
 * accumulated and reset at zero. It adds up small, steady excesses that no single window shows: a
 * slow burn. Overdispersed blocks count for less (the ratio is divided by variance / mean), so a
 * noisy series needs more excess to cross the same line.
 *
 * Under the baseline, a statistic reaching h happens about once per e^h blocks at most (Wald's
 * bound for likelihood-ratio CUSUMs): h = 8 is fewer than one crossing per 2,900 blocks.
 */
export interface CusumBlock {
  count: number;
  model: CountModel;
}

export interface CusumResult {
  /** The statistic after the last block. */
  statistic: number;
  /** Index of the first block of the excess under way (where the statistic last left zero). */
  start: number;
  /** Counts and expected counts summed over that excess. */
  count: number;
  expected: number;
}

export function countCusum(blocks: readonly CusumBlock[], rho: number): CusumResult {
  const logRho = Math.log(rho);
  let s = 0;
  let start = blocks.length;
  let count = 0;
  let expected = 0;
  for (const [i, b] of blocks.entries()) {
    const mu = b.model.mean;
    const overdispersion = Number.isFinite(b.model.size) ? 1 + mu / b.model.size : 1;
    const step = (b.count * logRho - mu * (rho - 1)) / overdispersion;
    if (s + step <= 0) {
      s = 0;
      start = i + 1;
      count = 0;
      expected = 0;
      continue;
    }
    if (s === 0) start = i;
    s += step;
    count += b.count;
    expected += mu;
  }
  return { statistic: s, start, count, expected };
}
