/**
 * The baseline: bare BullMQ on the same Redis, one job per post (the post as its data), workers
 * that do nothing. Run at several settings, as a user tuning BullMQ would: a worker's concurrency
 * (2, 50, 200) and several worker processes, one per core, so the baseline may use every core as
 * the daemon does. The producer process adds the jobs in pages (as collected pages are) and runs
 * one of the workers; helper processes (`runBareWorker`) run the others. First `warmupJobs` jobs
 * go through the same workers untimed (as the daemon's warm-up posts do); then measured from the
 * first add until the queue is empty and nothing is active.
 */
import { Queue, Worker } from 'bullmq';
import { connect } from '../../src/redis.js';
import type { BareResult, BareTask, BareWorkerTask } from './protocol.js';
import type { RoundTripCounter } from './round-trips.js';
import { readPosts } from './scenario-file.js';
import { commandCalls, perSecond, serverCpuMs } from './stats.js';
import { sleep } from './driver.js';

/** Jobs added per addBulk call, like a collected page. */
const CHUNK = 500;
/** How often the producer checks whether the queue is drained. */
const DRAIN_POLL_MS = 10;

export async function runBare(task: BareTask, counter: RoundTripCounter, progress: (done: number) => void): Promise<BareResult> {
  const all = await readPosts(task.scenario.path, task.warmupJobs + task.jobs);
  const warmup = all.slice(0, task.warmupJobs);
  const posts = all.slice(task.warmupJobs);
  const redis = connect(task.redisUrl);
  const workerConnection = redis.duplicate();
  const probe = redis.duplicate();
  counter.exclude(probe);
  const queue = new Queue('bare', { connection: redis, prefix: task.prefix, defaultJobOptions: { removeOnComplete: true, removeOnFail: true } });
  const probeQueue = new Queue('bare', { connection: probe, prefix: task.prefix });
  let done = 0;
  const worker = new Worker('bare', async () => undefined, { connection: workerConnection, prefix: task.prefix, concurrency: task.concurrency, autorun: false });
  worker.on('completed', () => {
    done += 1;
    if (done % 5000 === 0) progress(done);
  });
  worker.on('error', () => {});
  await Promise.all([queue.waitUntilReady(), worker.waitUntilReady(), probeQueue.waitUntilReady()]);
  void worker.run();
  await addAndDrain(queue, probeQueue, warmup);
  done = 0;

  const serverBefore = commandCalls(await redis.info('commandstats'));
  const serverCpuBefore = serverCpuMs(await redis.info('cpu'));
  counter.reset();
  const cpu0 = process.cpuUsage();
  const t0 = Date.now();
  await addAndDrain(queue, probeQueue, posts);
  const wallMs = Date.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const counts = counter.snapshot();
  const serverCommands = commandCalls(await redis.info('commandstats')) - serverBefore;
  const serverCpu = serverCpuMs(await redis.info('cpu')) - serverCpuBefore;

  await worker.close();
  await queue.obliterate({ force: true });
  await Promise.all([queue.close(), probeQueue.close()]);
  await Promise.all([redis.quit(), workerConnection.quit(), probe.quit()]);
  return {
    jobs: posts.length,
    warmupJobs: warmup.length,
    wallMs,
    postsPerSecond: perSecond(posts.length, wallMs),
    cpuMs: (cpu.user + cpu.system) / 1000,
    redis: counts,
    serverCommands,
    serverCpuMs: serverCpu,
    concurrency: task.concurrency,
    processes: 1 + task.helpers,
    processedHere: done,
  };
}

/** Adds the posts as jobs, a page at a time, and waits until none is waiting or active, in this process or the helpers. */
async function addAndDrain(queue: Queue, probe: Queue, posts: readonly unknown[]): Promise<void> {
  for (let i = 0; i < posts.length; i += CHUNK) {
    await queue.addBulk(posts.slice(i, i + CHUNK).map((data) => ({ name: 'post', data })));
  }
  for (;;) {
    const c = await probe.getJobCounts('waiting', 'active', 'prioritized', 'delayed');
    if (Object.values(c).every((n) => n === 0)) return;
    await sleep(DRAIN_POLL_MS);
  }
}

/** A helper process's worker: runs until `stop()` resolves, then closes (finishing what it holds). */
export async function runBareWorker(task: BareWorkerTask, ready: () => void, stop: Promise<void>): Promise<number> {
  const connection = connect(task.redisUrl);
  let done = 0;
  const worker = new Worker('bare', async () => undefined, { connection, prefix: task.prefix, concurrency: task.concurrency });
  worker.on('completed', () => (done += 1));
  worker.on('error', () => {});
  await worker.waitUntilReady();
  ready();
  await stop;
  await worker.close();
  await connection.quit();
  return done;
}
