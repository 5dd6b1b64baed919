/** Small numeric helpers for the benchmark's figures. */

/** The q-quantile (0..1) of `sorted` (ascending), nearest rank: always a value that was measured. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}

export function perSecond(count: number, ms: number): number {
  return ms > 0 ? (count * 1000) / ms : 0;
}

/** Sum of `calls` over INFO commandstats: every command Redis ran, including those inside Lua scripts. */
export function commandCalls(info: string): number {
  let total = 0;
  for (const m of info.matchAll(/^cmdstat_[^:]+:calls=(\d+)/gm)) total += Number(m[1]);
  return total;
}
