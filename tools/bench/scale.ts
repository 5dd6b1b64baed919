/**
 * `npm run bench:scale`: how the cost of watching brands grows with their number (1, 10, 100,
 * 1,000 by default).
 *
 * For each size, under a fresh prefix: every brand gets one hour of event-time history, one post a
 * minute (1,440 posts a day per brand, a middling brand; a negative or crisis post now and then),
 * classified by the real chain and counted by the real window script. Then the daemon's evaluate
 * stage sweeps every brand with the rules a team gets (config/vigie.yaml's, as shipped: surges over
 * 5 min to 4 h against a week of the brand's hours, the slow burn, the influencer rule), as the live
 * sweep does every 15 s, each sweep after a minute of posts for every brand (median of 3): first
 * with a reader that reads every hour bucket each time (the baseline, as before the hour cache),
 * then with the daemon's hour cache (its first sweep, the cache empty, timed apart). The Redis
 * memory under the prefix is read key by key. Four hours of history by default: the shipped surges
 * stay silent (and cheap) for a brand watched less than three; `--minutes` up to 8 days shows the
 * week-long baseline.
 *
 * Evaluation time per minute = 4 sweeps (every 15 s) + one brand evaluation per brand that had posts
 * (pages ask for one, debounced), each at the per-brand cost the sweep measured. The memory kept at
 * steady state is projected from the hour measured: minute buckets, evidence and post markers live
 * 2 days, hour buckets 8 days.
 *
 * Options: --brands 1,10,100,1000 · --minutes 240 (5 to 11520). Progress on stderr; a table, then
 * one JSON line.
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { applyBatch, WindowReader } from '../../src/alerts/windows.js';
import { buildPlugins } from '../../src/build.js';
import { buildClassifierChain } from '../../src/classifiers/pipeline.js';
import { ManualClock, MINUTE } from '../../src/clock.js';
import { parseConfig } from '../../src/configure.js';
import { Daemon } from '../../src/daemon.js';
import { silentLogger } from '../../src/log.js';
import { connect, ensureRedis } from '../../src/redis.js';
import { evaluateStage, SWEEP_READ_CONCURRENCY } from '../../src/queues/stages/evaluate.js';
import { cleanPrefixKeys } from '../../src/clean-prefix.js';
import type { Post } from '../../src/types.js';
import { brandId, brandName } from './brand-names.js';
import { benchConfigYaml } from './config.js';
import { Progress } from './progress.js';
import { prefixMemory } from './redis-memory.js';
import { quantile } from './stats.js';

interface ScaleRow {
  brands: number;
  posts: number;
  /** A sweep with every hour bucket read (no hour cache), after a minute of posts, median of 3, ms. */
  uncachedSweepMs: number;
  /** The process's first sweep over every brand (nothing in the hour cache yet), ms. */
  firstSweepMs: number;
  /** One sweep over every brand, each with a post since the last sweep, median of 3, ms. */
  sweepMs: number;
  perBrandMs: number;
  /** Estimated evaluation time per minute of the live daemon, ms. */
  evaluationMsPerMinute: number;
  /** Bytes under the prefix after the hour written, and projected to steady state. */
  redisBytes: number;
  redisBytesPerBrand: number;
  /** Bytes by kind of key (`win:m`, `post`...): where the memory goes. */
  redisByKind: Record<string, number>;
  projectedBytes: number;
}

const SWEEPS_PER_MINUTE = 4;
const SWEEP_RUNS = 3;

async function main(): Promise<number> {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { brands: { type: 'string', default: '1,10,100,1000' }, minutes: { type: 'string', default: '240' } } });
  const sizes = values.brands.split(',').map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1 || n > 10_000)) throw new Error(`--brands takes a comma-separated list of whole numbers from 1 to 10,000, got "${values.brands}"`);
  const minutes = Number(values.minutes);
  if (!Number.isInteger(minutes) || minutes < 5 || minutes > 8 * 24 * 60) throw new Error(`--minutes takes a whole number from 5 to 11520 (8 days), got "${values.minutes}"`);
  const progress = new Progress(process.stderr);
  const loadStart = loadavg()[0] ?? 0;
  const redisHandle = await ensureRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { info: (_o, m) => progress.note(m) });
  const redis = connect(redisHandle.url);
  const rows: ScaleRow[] = [];
  try {
    for (const n of sizes) {
      progress.step(`${n.toLocaleString('en')} brand${n > 1 ? 's' : ''}: ${minutes} minutes of history, one post a minute each`);
      rows.push(await measure(n, minutes, redisHandle.url, redis, progress));
      const r = rows.at(-1) as ScaleRow;
      progress.done(`sweep ${Math.round(r.sweepMs)} ms (${Math.round(r.uncachedSweepMs)} ms without the hour cache), ${(r.redisBytes / 1048576).toFixed(1)} MB in Redis`);
    }
  } finally {
    await redis.quit();
    await redisHandle.stop();
  }
  const report = { bench: 'vigie-scale', minutes, rows, loadAverage: { start: loadStart, end: loadavg()[0] ?? 0 }, date: new Date().toISOString() };
  progress.finish('done');
  process.stdout.write(`${formatScale(report)}\n\n${JSON.stringify(report)}\n`);
  return 0;
}

async function measure(n: number, minutes: number, redisUrl: string, redis: ReturnType<typeof connect>, progress: Progress): Promise<ScaleRow> {
  const prefix = `vigie-scale:${n}-${randomBytes(3).toString('hex')}`;
  const brands = Array.from({ length: n }, (_, i) => ({ id: brandId(i), name: brandName(i) }));
  const yaml = benchConfigYaml({ redisUrl, prefix, alertsFile: '/dev/null', scenarioFile: '/dev/null', latencyProbe: false })
    .replace(/^brands:\n(?:  .*\n|    .*\n)*/m, `brands:\n${brands.map((b) => `  ${b.id}:\n    names: [${JSON.stringify(b.name)}]\n`).join('')}`)
    .replace(/^sources:\n(?:  .*\n|    .*\n)*/m, 'sources: {}\n');
  const config = parseConfig(yaml, 'scale.yaml', {});
  const end = Date.parse('2026-05-04T12:00:00Z');
  const start = end - minutes * MINUTE;
  const clock = new ManualClock(end);
  const daemon = new Daemon({ config, roles: [], clock, log: silentLogger, schedule: false });
  try {
    const chain = buildClassifierChain({ brands: config.brands, languages: config.languages });
    const texts = [
      (b: string) => `Just got my new ${b} order, works fine.`,
      (b: string) => `${b} customer service was slow today.`,
      (b: string) => `Boycott ${b}: they lied about the recall, a scandal.`,
      (b: string) => `Anyone tried the latest ${b} release?`,
    ];
    let posts = 0;
    let batch: Post[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      await applyBatch(redis, prefix, batch.map((p) => chain.classify(p)));
      posts += batch.length;
      batch = [];
    };
    /** Every brand's post of the minute starting at t. */
    const writeMinute = async (t: number) => {
      for (const [i, b] of brands.entries()) {
        const at = new Date(t + ((i * 7919) % 60) * 1000).toISOString();
        const k = (t / MINUTE + i) % 23 === 0 ? 2 : (t / MINUTE + i) % 4;
        batch.push({
          id: `feed:${b.id}-${t}`,
          platform: 'feed',
          sourceId: 'scale',
          url: `https://news.example/${b.id}/${t}`,
          author: { id: `a${(i + t / MINUTE) % 997}`, name: 'someone', followers: 100 + ((i * 31) % 5000) },
          text: (texts[k === 2 ? 2 : k % 2 === 0 ? 0 : k === 1 ? 1 : 3] as (b: string) => string)(b.name),
          publishedAt: at,
          collectedAt: at,
        });
        if (batch.length >= 500) await flush();
      }
    };
    for (let t = start; t < end; t += MINUTE) {
      await writeMinute(t);
      progress.count((t - start) / MINUTE + 1, minutes, 'minutes written');
    }
    await flush();

    const { rules } = buildPlugins(config, {}, silentLogger);
    const sweeper = (windows: WindowReader) =>
      evaluateStage({
        rules: () => rules,
        brands: () => brands.map((b) => b.id),
        windows,
        incidents: daemon.incidents,
        sourceHealth: () => daemon.sourceHealth(),
        log: silentLogger,
        now: () => clock.now(),
      });
    let minute = end;
    const timed = async (sweep: ReturnType<typeof sweeper>): Promise<number> => {
      clock.advanceTo(minute);
      const t0 = performance.now();
      await sweep({ kind: 'sweep', at: minute });
      return performance.now() - t0;
    };
    // Steady state: a minute of posts for every brand before each sweep, so each has its current
    // hour to read again (the live daemon sweeps every 15 s: a quarter of them would).
    const steady = async (sweep: ReturnType<typeof sweeper>): Promise<number> => {
      const times: number[] = [];
      for (let i = 0; i < SWEEP_RUNS; i++) {
        await writeMinute(minute);
        await flush();
        minute += MINUTE;
        times.push(await timed(sweep));
      }
      return quantile(times.sort((a, b) => a - b), 0.5);
    };
    // The baseline, in the same run: every sweep reading every brand's hours, as before the cache.
    const uncachedSweepMs = await steady(sweeper(new WindowReader(redis, prefix)));
    const cached = sweeper(new WindowReader(redis, prefix, { hourCache: { keepMs: config.alerting.retention, maxBrands: config.workers.hourCacheBrands } }));
    // The first sweep of a process reads every brand's hours; the next ones only what changed.
    const firstSweepMs = await timed(cached);
    const sweepMs = await steady(cached);
    const perBrandMs = sweepMs / n;
    const memory = await prefixMemory(redis, prefix);
    // Steady state: what a retained hour costs, times the hours kept (2 days of minutes, evidence
    // and post markers; 8 days of hour buckets), plus what does not grow with time (incidents...).
    const hourly = memory.byKind['win:h']?.bytes ?? 0;
    const perMinuteKinds = memory.bytes - hourly;
    const written = minutes + 2 * SWEEP_RUNS;
    const projectedBytes = (perMinuteKinds * 48 * 60) / written + (hourly * 8 * 24 * 60) / Math.max(60, written);
    return {
      brands: n,
      posts,
      uncachedSweepMs,
      firstSweepMs,
      sweepMs,
      perBrandMs,
      evaluationMsPerMinute: perBrandMs * n * (SWEEPS_PER_MINUTE + 1),
      redisBytes: memory.bytes,
      redisBytesPerBrand: memory.bytes / n,
      redisByKind: Object.fromEntries(Object.entries(memory.byKind).map(([kind, k]) => [kind, k.bytes])),
      projectedBytes,
    };
  } finally {
    await daemon.close();
    await cleanPrefixKeys(redis, prefix);
  }
}

/** The `rules:` section of config/vigie.yaml, as it ships. */
function formatScale(r: { minutes: number; rows: ScaleRow[]; loadAverage: { start: number; end: number } }): string {
  const head = ['brands', 'posts/day', 'sweep, no hour cache', 'first sweep', 'sweep (all brands)', 'per brand', 'evaluation per minute', `Redis, ${r.minutes} min written`, 'Redis at steady state (projected)'];
  const ms = (v: number) => `${Math.round(v).toLocaleString('en')} ms`;
  const rows = r.rows.map((x) => [
    x.brands.toLocaleString('en'),
    (x.brands * 1440).toLocaleString('en'),
    ms(x.uncachedSweepMs),
    ms(x.firstSweepMs),
    ms(x.sweepMs),
    `${x.perBrandMs.toFixed(2)} ms`,
    `${(x.evaluationMsPerMinute / 1000).toFixed(2)} s (${((100 * x.evaluationMsPerMinute) / 60_000).toFixed(1)}% of the minute)`,
    `${(x.redisBytes / 1048576).toFixed(1)} MB`,
    `${(x.projectedBytes / 1048576).toFixed(0)} MB`,
  ]);
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((row) => (row[c] as string).length)));
  const line = (cells: string[]) => cells.map((cell, c) => cell.padEnd(widths[c] as number)).join('  ').trimEnd();
  return [
    `Vigie scale · one post a minute per brand, ${r.minutes} min of history · load ${r.loadAverage.start.toFixed(1)} at start, ${r.loadAverage.end.toFixed(1)} at end`,
    '',
    line(head),
    line(widths.map((w) => '─'.repeat(w))),
    ...rows.map(line),
    '',
    'sweep: every brand with a post since the last sweep, median of 3; no hour cache: the same, every hour bucket read each time',
    '(the baseline, this run); first sweep: the first of a process, its hour cache empty;',
    'evaluation per minute: 4 sweeps (every 15 s) + one evaluation per brand with new posts, at the per-brand cost measured;',
    `wall time (mostly Redis round trips; a sweep reads ${SWEEP_READ_CONCURRENCY} brands at a time), not CPU: a sweep longer than 15 s falls behind`,
  ].join('\n');
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`\nbench:scale: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
