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

/** used_cpu_user + used_cpu_sys from INFO cpu, in ms: the Redis server's CPU time so far. */
export function serverCpuMs(info: string): number {
  const user = Number(/used_cpu_user:([\d.]+)/.exec(info)?.[1] ?? 0);
  const sys = Number(/used_cpu_sys:([\d.]+)/.exec(info)?.[1] ?? 0);
  return (user + sys) * 1000;
}
