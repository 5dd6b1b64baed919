/**
 * The daemon under load, in the benchmark's child process: every role, the bench configuration,
 * a manual clock moved by the driver. Three phases on one daemon:
 * - warm-up: posts at full speed, as the full phase runs them, before anything is judged (the
 *   classify thread's code is compiled on the fly; a daemon runs for days, warm);
 * - paced: posts released at a fixed rate (the bare BullMQ rate of the same run), ticks every
 *   100 ms whatever the pipeline does: latency at the goal load;
 * - full: 200,000 posts as fast as the pipeline takes them, a page per collect tick, the next page
 *   released once fewer than `maxInFlight` posts wait for classification: throughput, and latency
 *   at saturation.
 */
import { ManualClock } from '../../src/clock.js';
import { Daemon } from '../../src/daemon.js';
import { createLogger, silentLogger } from '../../src/log.js';
import { connect } from '../../src/redis.js';
import { resolveClassifyThreads } from '../../src/queues/classify-pool.js';
import { QUEUE_NAMES, type FinishedJob, type Role } from '../../src/queues/jobs.js';
import { pipelineConfig } from './config.js';
import { Driver, sleep } from './driver.js';
import { LatencyTracker, summarize } from './latency.js';
import type { FullSpeedPhase, PacedPhase, PhaseResult, PipelineResult, PipelineTask } from './protocol.js';
import type { RoundTripCounter } from './round-trips.js';
import { readTimes } from './scenario-file.js';
import { commandCalls, perSecond, serverCpuMs } from './stats.js';

const PACED_TICK_MS = 100;

export interface PipelineCallbacks {
  ready(marks: PipelineResult['marks']): void;
  progress(phase: string, posts: number, total: number): void;
}

export async function runPipeline(task: PipelineTask, counter: RoundTripCounter, cb: PipelineCallbacks): Promise<PipelineResult> {
  const loaded = performance.now();
  const times = await readTimes(task.scenario.timesPath);
  const config = pipelineConfig(task);
  const clock = new ManualClock(Math.floor((times[0] ?? 0) / 60_000) * 60_000);
  const driverRedis = connect(task.redisUrl);
  counter.exclude(driverRedis);
  const driver = new Driver({ redis: driverRedis, prefix: task.prefix, clock, times, sweepEveryMs: task.sweepEveryMs });
  const latency = new LatencyTracker();
  let classifyJobs = 0;
  let evaluations = 0;

  const daemon = new Daemon({
    config,
    roles: QUEUE_NAMES,
    clock,
    // The daemon's own logs only when asked for (LOG_LEVEL=warn npm run bench), on stderr.
    log: process.env.LOG_LEVEL ? createLogger({ level: process.env.LOG_LEVEL, pretty: false }) : silentLogger,
    schedule: false,
    batchSize: task.batchSize,
    classifyThreads: task.classifyThreads,
    hooks: {
      onCollected: (_source, posts) => driver.onCollected(posts),
      onNotified: (job) => latency.notified(job),
      onJobFinished: (queue: Role, job: FinishedJob, error?: Error) => {
        driver.onJobFinished();
        if (queue === 'collect') driver.onCollectFinished(job.id);
        if (error) return;
        if (queue === 'classify') {
          classifyJobs += 1;
          // The stage returns its counts; a job reported by a classify thread comes without its posts.
          driver.onClassified((job.returnvalue as { posts: number }).posts);
        } else if (queue === 'evaluate') {
          evaluations += 1;
          latency.evaluated(job);
        }
      },
    },
  });
  const built = performance.now();
  await daemon.start();
  await daemon.redis.ping();
  const marks = { loaded, built, ready: performance.now() };
  const readyRssBytes = process.memoryUsage.rss();
  cb.ready(marks);

  const phases: PhaseResult[] = [];
  const windows = new Map<PhaseResult, [number, number]>();
  const measure = async (name: PhaseResult['name'], run: () => Promise<void>, offeredPostsPerSecond?: number) => {
    const serverBefore = commandCalls(await driverRedis.info('commandstats'));
    const serverCpuBefore = serverCpuMs(await driverRedis.info('cpu'));
    counter.reset();
    const before = { classifyJobs, evaluations, sent: latency.sentCount, released: driver.released };
    const cpu0 = process.cpuUsage();
    const t0 = Date.now();
    await run();
    const wallMs = Date.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const redis = counter.snapshot();
    const serverCommands = commandCalls(await driverRedis.info('commandstats')) - serverBefore;
    const serverCpu = serverCpuMs(await driverRedis.info('cpu')) - serverCpuBefore;
    const posts = driver.released - before.released;
    const phase: PhaseResult = {
      name,
      posts,
      wallMs,
      postsPerSecond: perSecond(posts, wallMs),
      offeredPostsPerSecond,
      cpuMs: (cpu.user + cpu.system) / 1000,
      latency: summarize([]),
      notifications: { sent: latency.sentCount - before.sent, timed: 0, untimed: 0 },
      redis,
      serverCommands,
      serverCpuMs: serverCpu,
      classifyJobs: classifyJobs - before.classifyJobs,
      evaluations: evaluations - before.evaluations,
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
    };
    phases.push(phase);
    windows.set(phase, [t0, t0 + wallMs]);
  };

  try {
    if (task.warmup) await measure('warmup', () => full(driver, task.warmup as FullSpeedPhase, cb, 'warmup'));
    if (task.paced) await measure('paced', () => paced(driver, task.paced as PacedPhase, cb), task.paced.postsPerSecond);
    await measure('full', () => full(driver, task.full, cb));

    // Latency: notifications matched to the evaluations that queued them, split by phase on their origin.
    const brands = new Map<string, string | undefined>();
    const { timed, untimed } = await latency.resolve(async (id) => {
      if (!brands.has(id)) brands.set(id, (await daemon.incidentStore.get(id))?.brand);
      return brands.get(id);
    });
    for (const [phase, [from, to]] of windows) {
      const mine = timed.filter((t) => t.origin >= from && t.origin <= to);
      phase.latency = summarize(mine);
      phase.notifications.timed = mine.length;
      phase.notifications.untimed = untimed.filter((t) => t >= from && t <= to).length;
    }
    const incidents = (await daemon.incidentStore.list()).length;
    const classifyThreads = task.classifyThreads ?? resolveClassifyThreads(config.workers.classifyThreads);
    const mallocArenaMax = process.env.MALLOC_ARENA_MAX ?? null;
    return { phases, peakRssBytes: process.resourceUsage().maxRSS * 1024, readyRssBytes, marks, incidents, classifyThreads, mallocArenaMax };
  } finally {
    await driver.close();
    await daemon.close();
    await driverRedis.quit();
  }
}

/** Open loop: every tick releases what the rate allows by now and queues a collect job without waiting. */
async function paced(driver: Driver, o: PacedPhase, cb: PipelineCallbacks): Promise<void> {
  const first = driver.released;
  const last = Math.min(first + o.maxPosts, first + Math.round(o.postsPerSecond * o.seconds), driver.total);
  const t0 = Date.now();
  let nextReport = t0;
  while (driver.released < last) {
    const due = first + Math.floor((o.postsPerSecond * (Date.now() - t0)) / 1000);
    driver.release(Math.min(due, last));
    await driver.tick(false);
    await driver.maybeSweep();
    if (Date.now() >= nextReport) {
      cb.progress('paced', driver.released - first, last - first);
      nextReport += 1000;
    }
    await sleep(PACED_TICK_MS);
  }
  await driver.finish(PACED_TICK_MS);
}

/** Closed loop: a page per tick, the next one once the classify backlog is under the bound. */
async function full(driver: Driver, o: FullSpeedPhase, cb: PipelineCallbacks, name = 'full'): Promise<void> {
  const first = driver.released;
  const last = Math.min(first + o.posts, driver.total);
  const classifiedBefore = driver.classified;
  let nextReport = Date.now();
  while (driver.released < last) {
    await driver.untilInFlightBelow(o.maxInFlight - o.page + 1);
    driver.release(Math.min(driver.released + o.page, last));
    await driver.tick(true);
    await driver.maybeSweep();
    if (Date.now() >= nextReport) {
      cb.progress(name, driver.classified - classifiedBefore, last - first);
      nextReport += 1000;
    }
  }
  await driver.finish(10);
}
