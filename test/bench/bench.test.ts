import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { childEnv, DEPLOYED_MALLOC_ARENA_MAX, mallocArenaMax } from '../../tools/bench/allocator.js';
import { benchConfig } from '../../tools/bench/config.js';
import { LatencyTracker } from '../../tools/bench/latency.js';
import { checkGoals, type BenchReport } from '../../tools/bench/report.js';
import type { PhaseResult } from '../../tools/bench/protocol.js';
import { RoundTripCounter } from '../../tools/bench/round-trips.js';
import { quantile } from '../../tools/bench/stats.js';
import type { Job } from 'bullmq';
import { testRedis, uniquePrefix } from '../helpers/redis.js';

describe('bench pieces', () => {
  it('counts a pipeline or a MULTI as one round trip, and leaves excluded connections out', async () => {
    const redis = testRedis();
    const other = redis.duplicate();
    // Connected before counting starts: the connection's own ready check is not ours to count.
    await Promise.all([redis.ping(), other.ping()]);
    const counter = new RoundTripCounter();
    counter.install();
    try {
      counter.exclude(other);
      const key = `${uniquePrefix('bench-rt')}:k`;
      await redis.set(key, '1');
      await redis.pipeline().get(key).get(key).get(key).exec();
      await redis.multi().incr(key).incr(key).exec();
      await other.get(key);
      const counts = counter.snapshot();
      expect(counts.roundTrips).toBe(3);
      expect(counts.commands).toBe(1 + 3 + 4);
      expect(counts.byKind).toEqual({ set: 1, pipeline: 1, multi: 1 });
      await redis.del(key);
    } finally {
      counter.uninstall();
      await Promise.all([redis.quit(), other.quit()]);
    }
  });

  it('times a notification from the page of the brand evaluation running when it was queued', async () => {
    const tracker = new LatencyTracker();
    const job = (data: object, processedOn: number) => ({ data, processedOn }) as unknown as Job;
    tracker.evaluated(job({ kind: 'brand', brand: 'acme', enqueuedAt: 1_000 }, 1_200), 1_300);
    tracker.evaluated(job({ kind: 'brand', brand: 'other', enqueuedAt: 1_100 }, 1_250), 1_290);
    tracker.notified({ kind: 'firing', incidentId: 'inc-1', revision: 1, channel: 'c', enqueuedAt: 1_280 }, 1_400);
    // Queued while no evaluation of its brand ran: a sweep's, not timed.
    tracker.notified({ kind: 'firing', incidentId: 'inc-1', revision: 2, channel: 'c', enqueuedAt: 1_500 }, 1_600);
    // Resolved notices are not firings.
    tracker.notified({ kind: 'resolved', incidentId: 'inc-1', revision: 3, channel: 'c', enqueuedAt: 1_250 }, 1_700);
    const { timed, untimed } = await tracker.resolve(async (id) => (id === 'inc-1' ? 'acme' : undefined));
    expect(timed).toEqual([{ origin: 1_000, latencyMs: 400, toEvaluationMs: 200, evaluationMs: 80, toChannelMs: 120 }]);
    expect(untimed).toEqual([1_500]);
  });

  it('runs the daemon with the malloc setting of the Docker image, unless told otherwise', () => {
    const dockerfile = readFileSync('Dockerfile', 'utf8');
    expect(/^ENV MALLOC_ARENA_MAX=(\S+)$/m.exec(dockerfile)?.[1]).toBe(DEPLOYED_MALLOC_ARENA_MAX);
    expect(mallocArenaMax(undefined, {})).toBe(DEPLOYED_MALLOC_ARENA_MAX);
    expect(mallocArenaMax(undefined, { MALLOC_ARENA_MAX: '4' })).toBe('4');
    expect(mallocArenaMax('1', { MALLOC_ARENA_MAX: '4' })).toBe('1');
    expect(mallocArenaMax('default', { MALLOC_ARENA_MAX: '4' })).toBeUndefined();
    expect(() => mallocArenaMax('0')).toThrow(/--malloc-arena-max.*"0"/);
    expect(childEnv('2', { PATH: '/bin' })).toEqual({ PATH: '/bin', MALLOC_ARENA_MAX: '2' });
    expect(childEnv(undefined, { PATH: '/bin', MALLOC_ARENA_MAX: '4' })).toEqual({ PATH: '/bin' });
  });

  it('runs the daemon with the rules config/vigie.yaml ships, and the latency probe', () => {
    const shipped = Object.keys((parse(readFileSync('config/vigie.yaml', 'utf8')) as { rules: Record<string, unknown> }).rules);
    const config = benchConfig({ redisUrl: 'redis://127.0.0.1:6379', prefix: 'vb-test', alertsFile: '/tmp/alerts.jsonl', scenarioFile: '/tmp/posts.jsonl' });
    expect(config.rules.map((r) => r.id)).toEqual([...shipped, 'latency-probe']);
    expect(config.rules.find((r) => r.id === 'crisis-wave')?.type).toBe('surge');
  });

  it('meets the latency goal only at a load the pipeline keeps up with', () => {
    const phaseOf = (name: PhaseResult['name'], postsPerSecond: number, p99: number, offered?: number) =>
      ({ name, postsPerSecond, offeredPostsPerSecond: offered, latency: { samples: 300, p50: p99 / 2, p99, max: p99 } }) as PhaseResult;
    const report = (offered: number, fullSpeed: number, p99: number) =>
      ({
        bare: { postsPerSecond: offered },
        pipeline: { ratioToBare: fullSpeed / offered, peakRssBytes: 0, startMs: 0, phases: [phaseOf('paced', 12_000, p99, offered), phaseOf('full', fullSpeed, 400)] },
        classify: { postsPerSecond: 30_000 },
      }) as unknown as Omit<BenchReport, 'goals'>;
    expect(checkGoals(report(12_000, 12_500, 900)).p99Latency).toBe(true);
    expect(checkGoals(report(12_000, 12_500, 1_100)).p99Latency).toBe(false);
    // Released faster than the pipeline runs: a low p99 only says the phase ended early.
    expect(checkGoals(report(16_000, 12_500, 900)).p99Latency).toBe(false);
  });

  it('takes quantiles by nearest rank', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(quantile(xs, 0.5)).toBe(50);
    expect(quantile(xs, 0.99)).toBe(99);
    expect(quantile(xs, 1)).toBe(100);
    expect(quantile([], 0.5)).toBeNaN();
  });
});

describe('npm run bench on a tiny input', () => {
  // The bench is a tool: it compiles into dist-tools/, which the suites' global setup does not build.
  beforeAll(() => {
    const build = spawnSync('npx', ['tsc', '-p', 'tools/tsconfig.json'], { encoding: 'utf8' });
    if (build.status !== 0) process.stderr.write(`tools build reported problems:\n${build.stdout}${build.stderr}\n`);
  }, 120_000);

  it('runs every measurement, prints the table and one JSON line, and leaves no keys behind', async () => {
    const { MALLOC_ARENA_MAX: _unset, ...env } = process.env;
    const r = spawnSync('node', ['dist-tools/tools/bench/run.js', '--posts', '1000', '--bare-jobs', '300', '--warmup-posts', '500', '--paced-seconds', '1', '--chain-posts', '200'], {
      encoding: 'utf8',
      timeout: 120_000,
      env,
    });
    expect(r.stderr).toMatch(/\[4\] the daemon/);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(r.stdout).toMatch(/bare BullMQ.*posts\/s/);
    expect(r.stdout).toMatch(/start, spawn → workers running/);
    const report = JSON.parse(lines.at(-1) as string) as BenchReport & { bench: string };
    expect(report.bench).toBe('vigie');
    // The daemon's process itself had the deployed malloc setting, and the table says so.
    expect(report.machine.mallocArenaMax).toBe(DEPLOYED_MALLOC_ARENA_MAX);
    expect(report.pipeline.mallocArenaMax).toBe(DEPLOYED_MALLOC_ARENA_MAX);
    expect(lines[0]).toContain(`MALLOC_ARENA_MAX=${DEPLOYED_MALLOC_ARENA_MAX}`);
    expect(report.bare.jobs).toBe(300);
    // Both sides warm up on as many posts before anything is timed, and neither figure counts them.
    expect(report.bareRuns.every((b) => b.warmupJobs === 500)).toBe(true);
    expect(r.stdout).toMatch(/pipeline warm-up, full speed/);
    // The baseline is the best of every bare setting measured: 2, 50, 200, and a process per core.
    expect(report.bareRuns.map((b) => b.concurrency).slice(0, 3)).toEqual([2, 50, 200]);
    expect(report.bare.postsPerSecond).toBe(Math.max(...report.bareRuns.map((b) => b.postsPerSecond)));
    expect(report.pipeline.ratioToBare).toBeCloseTo((report.pipeline.phases.find((p) => p.name === 'full')?.postsPerSecond ?? 0) / report.bare.postsPerSecond, 6);
    const phases = Object.fromEntries(report.pipeline.phases.map((p) => [p.name, p]));
    expect(phases.full?.posts).toBeGreaterThanOrEqual(1000);
    expect(phases.paced?.posts).toBeGreaterThan(0);
    // Released by publication time, so a post sharing the last one's second comes along.
    expect(phases.warmup?.posts).toBeGreaterThanOrEqual(500);
    expect(phases.warmup?.posts).toBeLessThan(1000);
    expect(phases.full?.classifyJobs).toBeGreaterThanOrEqual(2);
    expect(report.pipeline.peakRssBytes).toBeGreaterThan(report.pipeline.readyRssBytes * 0.9);
    expect(report.memory.posts).toBeGreaterThan(900);
    expect(report.classify.posts).toBe(200);
    expect(Object.keys(report.goals).sort()).toEqual(['classify', 'p99Latency', 'peakRss', 'pipelineRatio', 'start']);
    const redis = testRedis();
    const left: string[] = [];
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', `${report.prefix}:*`, 'COUNT', 10_000);
      cursor = next;
      left.push(...found);
    } while (cursor !== '0');
    await redis.quit();
    expect(left).toEqual([]);
  }, 150_000);
});
